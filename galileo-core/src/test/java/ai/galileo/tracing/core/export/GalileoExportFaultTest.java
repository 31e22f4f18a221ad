package ai.galileo.tracing.core.export;

import ai.galileo.tracing.galileoapifake.GalileoApiFake;
import ai.galileo.tracing.galileoapifake.CannedResponse;
import ai.galileo.tracing.galileoapifake.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backend misbehaves; the application does not notice. Each scenario prints its delivery
 * receipt (in the surefire output) so the counts can be read back.
 */
class GalileoExportFaultTest {
  private static final int TRACES = 20;
  /** Far above what recording 40 spans costs; catches an application thread waiting on export. */
  private static final Duration APPLICATION_BUDGET = Duration.ofSeconds(2);

  private final GalileoApiFake api = GalileoApiFake.start();
  private final List<GalileoTracer> tracers = new ArrayList<>();

  @AfterEach
  void close() {
    for (GalileoTracer t : tracers) {
      t.shutdown(Duration.ofMillis(100));
    }
    api.close();
  }

  private GalileoTracer tracer(Mode mode, String apiKey, String maxElapsedMs) {
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder()
            .mode(mode)
            .apiUrl(URI.create(api.baseUrl()))
            .apiKey(apiKey)
            .project("faults")
            .set("GALILEO_EXPORT_DELAY_MS", "20")
            .set("GALILEO_RETRY_INITIAL_BACKOFF_MS", "100")
            .set("GALILEO_RETRY_MAX_ELAPSED_MS", maxElapsedMs)
            .set("GALILEO_REQUEST_TIMEOUT_MS", "10000")
            .build())
        .shutdownHook(false)
        .build();
    tracers.add(tracer);
    return tracer;
  }

  /** Records TRACES traces of two spans each; returns their ids and checks nothing blocked. */
  private static List<UUID> record(GalileoTracer tracer) {
    List<UUID> ids = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < TRACES; i++) {
      Span trace = tracer.traceBuilder("t" + i).setInput("q").start();
      Span tool = tracer.spanBuilder("tool", SpanType.TOOL).setParent(Context.root().with(trace)).start();
      tool.end("ok");
      trace.end("a");
      ids.add(trace.context().traceId());
      ids.add(tool.context().spanId());
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("recording must not wait for the backend").isLessThan(APPLICATION_BUDGET);
    return ids;
  }

  private void assertEachArrivedExactlyOnce(List<UUID> ids) {
    api.assertNoViolations();
    for (UUID id : ids) {
      assertThat(api.postCount(id)).as("ingests of %s", id).isEqualTo(1);
    }
  }

  private static void report(String scenario, Mode mode, DeliveryReceipt receipt) {
    System.out.println("FAULT " + scenario + " [" + mode + "]: " + receipt);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void backendDownForTheWholeRunCostsTheApplicationNothing(Mode mode) {
    api.down();
    GalileoTracer tracer = tracer(mode, api.apiKey(), "1500");
    record(tracer);
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(20));
    report("backend down", mode, receipt);
    assertThat(receipt.sent()).isZero();
    assertThat(receipt.failed() + receipt.pending()).isEqualTo(2 * TRACES);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aSlowBackendDelaysDeliveryButNotTheApplication(Mode mode) {
    api.delay(Duration.ofSeconds(1));
    GalileoTracer tracer = tracer(mode, api.apiKey(), "30000");
    List<UUID> ids = record(tracer);
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(60));
    report("slow backend (1 s per request)", mode, receipt);
    assertThat(receipt.completed()).isTrue();
    assertThat(receipt.sent()).isEqualTo(2 * TRACES);
    assertEachArrivedExactlyOnce(ids);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void answers500ThenRecoversAndEverySpanArrivesExactlyOnce(Mode mode) {
    GalileoTracer tracer = tracer(mode, api.apiKey(), "15000");
    api.enqueue(CannedResponse.of(500));
    api.enqueue(CannedResponse.of(502));
    api.enqueue(CannedResponse.of(503));
    List<UUID> ids = record(tracer);
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(30));
    report("500, 502, 503 then recovery", mode, receipt);
    assertThat(receipt.sent()).isEqualTo(2 * TRACES);
    assertThat(receipt.failed()).isZero();
    assertThat(receipt.retried()).isEqualTo(3);
    assertEachArrivedExactlyOnce(ids);
  }

  @Test
  void answers429WithRetryAfterAndIsWaitedFor() {
    GalileoTracer tracer = tracer(Mode.BATCH, api.apiKey(), "15000");
    api.enqueue(CannedResponse.of(429).withRetryAfter("1"));
    List<UUID> ids = record(tracer);
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(30));
    report("429 with Retry-After: 1", Mode.BATCH, receipt);
    assertThat(receipt.sent()).isEqualTo(2 * TRACES);
    assertThat(receipt.retried()).isEqualTo(1);
    List<RecordedRequest> ingests = api.requests(GalileoApiFake.Route.INGEST_TRACES);
    RecordedRequest refused = ingests.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
    RecordedRequest retry = ingests.get(ingests.indexOf(refused) + 1);
    assertThat(retry.bodyText()).isEqualTo(refused.bodyText());
    assertEachArrivedExactlyOnce(ids);
  }

  @Test
  void aRejectedApiKeyIsNotRetriedAndNothingThrows() {
    GalileoTracer tracer = tracer(Mode.BATCH, "wrong-key", "15000");
    record(tracer);
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(10));
    report("401 (wrong API key)", Mode.BATCH, receipt);
    assertThat(receipt.sent()).isZero();
    assertThat(receipt.retried()).isZero();
    assertThat(receipt.failed()).isEqualTo(2 * TRACES);
    assertThat(api.requests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(401));
    assertThat(api.spansById()).isEmpty();
  }

  @Test
  void aBackendThatComesBackWithinTheRetryWindowGetsEverySpanOnce() throws Exception {
    api.down();
    GalileoTracer tracer = tracer(Mode.DISTRIBUTED, api.apiKey(), "20000");
    List<UUID> ids = record(tracer);
    Thread.sleep(500);
    api.up();
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(40));
    report("down, then up within the retry window", Mode.DISTRIBUTED, receipt);
    assertThat(receipt.sent()).isEqualTo(2 * TRACES);
    assertThat(receipt.retried()).isGreaterThan(0);
    assertEachArrivedExactlyOnce(ids);
  }
}
