package ai.galileo.tracing.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.galileoapifake.CannedResponse;
import ai.galileo.tracing.galileoapifake.GalileoApiFake;
import ai.galileo.tracing.galileoapifake.RecordedRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several requests in flight ({@code GALILEO_EXPORT_MAX_IN_FLIGHT}): the order Galileo needs still
 * holds per trace, receipts stay exact, and flush and shutdown wait for what is in flight. The
 * fake Galileo API checks bodies and the completion rule; {@link OrderCheckingProxy} in front of
 * it checks the order of requests that overlap.
 */
class ConcurrentExportTest {
  private static final int MAX_IN_FLIGHT = 4;

  private final GalileoApiFake api = GalileoApiFake.start();
  private final OrderCheckingProxy proxy;
  private final List<GalileoTracer> tracers = new ArrayList<>();

  ConcurrentExportTest() throws IOException {
    proxy = new OrderCheckingProxy(api.baseUrl());
  }

  @AfterEach
  void close() {
    for (GalileoTracer t : tracers) {
      t.shutdown(Duration.ofMillis(100));
    }
    proxy.close();
    api.close();
  }

  private GalileoConfig.Builder config(Mode mode) {
    return GalileoConfig.builder()
        .mode(mode)
        .apiUrl(URI.create(proxy.baseUrl()))
        .apiKey(api.apiKey())
        .project("in-flight")
        .serviceName("svc")
        .set("GALILEO_EXPORT_MAX_IN_FLIGHT", Integer.toString(MAX_IN_FLIGHT))
        .set("GALILEO_EXPORT_DELAY_MS", "5")
        .set("GALILEO_BATCH_SIZE", "16") // many small batches: many requests to overlap
        .set("GALILEO_QUEUE_SIZE", "100000")
        .set("GALILEO_RETRY_INITIAL_BACKOFF_MS", "50");
  }

  private GalileoTracer tracer(GalileoConfig.Builder config) {
    GalileoTracer tracer = GalileoTracer.builder().config(config.build()).shutdownHook(false).build();
    tracers.add(tracer);
    return tracer;
  }

  /**
   * One trace with a tree four levels deep. Its headers leave the process under the first
   * workflow, so the trace (and, with parents first, the workflow) is posted open and completed by
   * an update; the rest ends before or after that. Returns the number of spans it made.
   */
  private static int deepTrace(GalileoTracer tracer, int i) {
    int spans = 1;
    Span trace = tracer.traceBuilder("t" + i).setInput("q" + i).start();
    Span workflow = tracer.spanBuilder("w", SpanType.WORKFLOW).setParent(Context.root().with(trace)).start();
    spans++;
    try (Scope s = workflow.makeCurrent()) {
      tracer.tracingHeaders(); // a call to another service leaves from here
    }
    Span agent = tracer.spanBuilder("a", SpanType.AGENT).setParent(Context.root().with(workflow)).start();
    Span tool = tracer.spanBuilder("tool", SpanType.TOOL).setParent(Context.root().with(agent)).start();
    Span llm = tracer.spanBuilder("llm", SpanType.LLM).setParent(Context.root().with(tool)).start();
    spans += 3;
    llm.setModel("m").setTokens(3, 4);
    llm.end("answer");
    tool.end("{\"ok\":true}");
    agent.end("done");
    Span retriever = tracer.spanBuilder("r", SpanType.RETRIEVER).setParent(Context.root().with(workflow)).start();
    spans++;
    retriever.end("doc");
    workflow.end("w-out");
    trace.end("a" + i);
    return spans;
  }

  /**
   * With parents first, each outgoing call waits for its own trace's chain while other threads'
   * traces hold spans back for parents not posted yet: the call must not send those (the proxy
   * records any span that arrives before its parent).
   */
  @ParameterizedTest(name = "parents first: {0}, {1} threads")
  @CsvSource({"false, 3", "true, 3"})
  void manyDeepTraces_overlapAcrossTraces_butKeepEachTracesOrder(boolean parentsFirst, int threadCount)
      throws InterruptedException {
    api.delay(Duration.ofMillis(20));
    GalileoTracer tracer = tracer(config(Mode.DISTRIBUTED).ingestParentsFirst(parentsFirst));
    AtomicInteger made = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      int base = t * 1000;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 25; i++) {
          made.addAndGet(deepTrace(tracer, base + i));
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(60));

    assertThat(receipt.completed()).as("%s", receipt).isTrue();
    assertThat(receipt.sent()).as("%s", receipt).isEqualTo(made.get());
    assertThat(receipt.failed() + receipt.dropped() + receipt.pending()).as("%s", receipt).isZero();
    assertThat(proxy.violations()).isEmpty();
    api.assertNoViolations();
    assertThat(api.tracesById()).hasSize(25 * threadCount);
    assertThat(proxy.maxInFlight()).as("requests in flight at once").isBetween(2, MAX_IN_FLIGHT);
  }

  @Test
  void retryAfterHoldsOneRequest_whileTheOtherSlotsKeepSending() {
    api.enqueue(CannedResponse.of(503).withRetryAfter("1"));
    GalileoTracer tracer = tracer(config(Mode.BATCH).set("GALILEO_BATCH_SIZE", "2"));
    int spans = 0;
    for (int i = 0; i < 30; i++) {
      spans += twoSpanTrace(tracer, i);
    }
    DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(30));

    assertThat(receipt.completed()).as("%s", receipt).isTrue();
    assertThat(receipt.sent()).as("%s", receipt).isEqualTo(spans);
    assertThat(receipt.retried()).as("%s", receipt).isEqualTo(1);
    assertThat(receipt.failed() + receipt.pending()).isZero();
    api.assertNoViolations();
    assertThat(proxy.violations()).isEmpty();
    List<RecordedRequest> ingests = api.requests(GalileoApiFake.Route.INGEST_TRACES);
    RecordedRequest refused = ingests.stream().filter(r -> r.status() == 503).findFirst().orElseThrow();
    RecordedRequest retry = ingests.stream()
        .filter(r -> r.sequence() > refused.sequence() && r.bodyText().equals(refused.bodyText()))
        .findFirst().orElseThrow();
    assertThat(retry.status()).isEqualTo(200);
    assertThat(ingests).as("other traces delivered while the refused one waited out its Retry-After")
        .anyMatch(r -> r.sequence() > refused.sequence() && r.sequence() < retry.sequence() && r.status() == 200);
  }

  @Test
  void refusedRequestsAmongManyInFlight_areCountedExactlyOnce() {
    for (int i = 0; i < 3; i++) {
      api.enqueue(CannedResponse.of(400));
    }
    api.delay(Duration.ofMillis(10));
    GalileoTracer tracer = tracer(config(Mode.BATCH).set("GALILEO_BATCH_SIZE", "2"));
    int spans = 0;
    for (int i = 0; i < 40; i++) {
      spans += twoSpanTrace(tracer, i);
    }
    DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(30));

    assertThat(receipt.completed()).as("%s", receipt).isTrue();
    assertThat(receipt.failed()).as("three requests of one trace each refused: %s", receipt).isEqualTo(6);
    assertThat(receipt.sent()).as("%s", receipt).isEqualTo(spans - 6);
    assertThat(receipt.pending() + receipt.dropped() + receipt.retried()).isZero();
  }

  @Test
  void shutdown_waitsForEveryRequestInFlight() {
    api.delay(Duration.ofMillis(300));
    GalileoTracer tracer = tracer(config(Mode.BATCH).set("GALILEO_BATCH_SIZE", "2"));
    for (int i = 0; i < 12; i++) {
      twoSpanTrace(tracer, i);
    }
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(20));

    assertThat(receipt.completed()).as("%s", receipt).isTrue();
    assertThat(receipt.sent()).as("%s", receipt).isEqualTo(24);
    assertThat(receipt.pending()).isZero();
    assertThat(api.tracesById()).hasSize(12);
  }

  @Test
  void aBackendThatHangs_timesRequestsOut_countsThemFailed_andNeverBlocksEnd() {
    api.delay(Duration.ofSeconds(3));
    GalileoTracer tracer = tracer(config(Mode.BATCH)
        .set("GALILEO_BATCH_SIZE", "2")
        .set("GALILEO_QUEUE_SIZE", "64")
        .set("GALILEO_REQUEST_TIMEOUT_MS", "200")
        .set("GALILEO_RETRY_MAX_ATTEMPTS", "2"));
    long start = System.nanoTime();
    int spans = 0;
    for (int i = 0; i < 40; i++) {
      spans += twoSpanTrace(tracer, i);
    }
    for (int i = 0; i < 10_000; i++) { // while every slot hangs: queued, or dropped and counted
      spans += twoSpanTrace(tracer, i);
    }
    Duration recording = Duration.ofNanos(System.nanoTime() - start);
    DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(60));

    assertThat(recording).as("ending spans never waits for the backend").isLessThan(Duration.ofSeconds(2));
    assertThat(receipt.completed()).as("%s", receipt).isTrue();
    assertThat(receipt.sent()).as("%s", receipt).isZero();
    assertThat(receipt.dropped()).as("%s", receipt).isPositive();
    assertThat(receipt.failed() + receipt.dropped()).as("%s", receipt).isEqualTo(spans);
    assertThat(receipt.pending()).as("%s", receipt).isZero();

    api.delay(Duration.ZERO);
    twoSpanTrace(tracer, 999);
    DeliveryReceipt after = tracer.flush(Duration.ofSeconds(30));
    assertThat(after.sent()).as("delivering again once the backend answers: %s", after).isEqualTo(2);
  }

  @Test
  void shutdownThatRunsOutOfTime_returnsWithWhatIsInFlightPending_andCountsAdd() {
    api.delay(Duration.ofSeconds(5));
    GalileoTracer tracer = tracer(config(Mode.BATCH).set("GALILEO_BATCH_SIZE", "2"));
    int spans = 0;
    for (int i = 0; i < 10; i++) {
      spans += twoSpanTrace(tracer, i);
    }
    long start = System.nanoTime();
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofMillis(500));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(receipt.completed()).isFalse();
    assertThat(took).as("shutdown keeps to its time, not the backend's").isLessThan(Duration.ofSeconds(4));
    assertThat(receipt.sent() + receipt.failed() + receipt.dropped() + receipt.pending())
        .as("every span accounted for: %s", receipt).isEqualTo(spans);
    assertThat(receipt.pending()).as("%s", receipt).isPositive();
  }

  @Test
  void aSpanPostedOpenThatEndsBeforeItsBatchLeaves_goesAsOneCompleteRecord() {
    GalileoTracer tracer = tracer(config(Mode.DISTRIBUTED).set("GALILEO_EXPORT_DELAY_MS", "2000")
        .set("GALILEO_BATCH_SIZE", "512"));
    Span trace = tracer.traceBuilder("t").setInput("q").start();
    try (Scope s = trace.makeCurrent()) {
      tracer.tracingHeaders(); // the trace's start snapshot is queued, to be posted open
    }
    Span tool = tracer.spanBuilder("tool", SpanType.TOOL).setParent(Context.root().with(trace)).start();
    tool.end("ok");
    trace.end("a");
    DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(10));

    UUID id = trace.context().traceId();
    assertThat(receipt.sent()).as("%s", receipt).isEqualTo(2);
    assertThat(api.postCount(id)).as("one post, start and end together").isEqualTo(1);
    assertThat(api.patchCount(id)).as("no update").isZero();
    Map<UUID, ObjectNode> traces = api.tracesById();
    assertThat(traces.get(id).path("metrics").path("duration_ns").isNumber()).isTrue();
    assertThat(traces.get(id).path("output").asText()).isEqualTo("a");
    assertThat(api.requests(GalileoApiFake.Route.INGEST_TRACES)).hasSize(1);
    api.assertNoViolations();
  }

  @ParameterizedTest(name = "{0} traces of 4 records")
  @ValueSource(ints = {250, 300})
  void aBatchGoesInAsFewRequestsAsItsRecordsAllow(int traces) {
    GalileoTracer tracer = tracer(config(Mode.BATCH)
        .set("GALILEO_BATCH_SIZE", "4096")
        .set("GALILEO_EXPORT_DELAY_MS", "60000")); // only the flush sends
    for (int i = 0; i < traces; i++) {
      Span trace = tracer.traceBuilder("t" + i).setInput("q").start();
      Context parent = Context.root().with(trace);
      for (int k = 0; k < 3; k++) {
        tracer.spanBuilder("tool" + k, SpanType.TOOL).setParent(parent).start().end("ok");
      }
      trace.end("a");
    }
    DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(30));

    assertThat(receipt.sent()).as("%s", receipt).isEqualTo(traces * 4L);
    List<RecordedRequest> ingests = api.requests(GalileoApiFake.Route.INGEST_TRACES);
    assertThat(ingests).as("1,024 records a request at most, trees whole")
        .hasSize(traces * 4 <= 1024 ? 1 : 2);
    // in flight together, so in either order
    assertThat(ingests.stream().mapToInt(r -> r.body().path("traces").size()).max().orElse(0))
        .isEqualTo(Math.min(traces, 256));
    assertThat(api.tracesById()).hasSize(traces);
    api.assertNoViolations();
  }

  private static int twoSpanTrace(GalileoTracer tracer, int i) {
    Span trace = tracer.traceBuilder("t" + i).setInput("q").start();
    Span tool = tracer.spanBuilder("tool", SpanType.TOOL).setParent(Context.root().with(trace)).start();
    tool.end("ok");
    trace.end("a");
    return 2;
  }
}
