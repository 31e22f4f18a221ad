package ai.galileo.tracing.otlp;

import static ai.galileo.tracing.otlp.OtlpExporterTest.tracer;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several requests in flight ({@code GALILEO_EXPORT_MAX_IN_FLIGHT}), against a receiver that holds
 * each request until the test opens its gate: never more than the bound at once, flush waits for
 * them all, retries and Retry-After per request, exact receipts, and an application that never
 * waits for a stuck endpoint.
 */
class OtlpInFlightTest {
  /** An OTLP receiver answering on many threads at once, each request held until the gate opens. */
  static final class HoldingReceiver implements AutoCloseable {
    final HttpServer server;
    final ExecutorService threads = Executors.newCachedThreadPool();
    final CountDownLatch gate = new CountDownLatch(1);
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    final AtomicInteger arrived = new AtomicInteger();
    final AtomicInteger spansAccepted = new AtomicInteger();
    final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    HoldingReceiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(threads);
      server.createContext("/", exchange -> {
        try (exchange) {
          int now = open.incrementAndGet();
          maxOpen.accumulateAndGet(now, Math::max);
          arrived.incrementAndGet();
          try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int spans = ExportTraceServiceRequest.parseFrom(body).getResourceSpans(0).getScopeSpans(0).getSpansCount();
            gate.await();
            Integer status = script.poll();
            if (status == null) {
              spansAccepted.addAndGet(spans);
              status = 200;
            } else {
              exchange.getResponseHeaders().add("Retry-After", "0");
            }
            open.decrementAndGet();
            exchange.sendResponseHeaders(status, -1);
          } catch (InterruptedException e) {
            open.decrementAndGet(); // the test is over: the receiver is closing
          } catch (Exception e) {
            errors.add(e);
            open.decrementAndGet();
            exchange.sendResponseHeaders(400, -1);
          }
        }
      });
      server.start();
    }

    String endpoint() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    @Override
    public void close() {
      gate.countDown();
      server.stop(0);
      threads.shutdownNow();
    }
  }

  HoldingReceiver receiver;

  @BeforeEach
  void start() throws IOException {
    receiver = new HoldingReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
    assertThat(receiver.errors).isEmpty();
  }

  Map<String, String> settings(String... more) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.endpoint());
    m.put("GALILEO_BATCH_SIZE", "1"); // a request per span, so requests pile up
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return m;
  }

  static void traces(GalileoTracer tracer, int n) {
    for (int i = 0; i < n; i++) {
      tracer.traceBuilder("t" + i).start().end();
    }
  }

  /** Waits for a condition that the test's own actions make true; fails after a generous time. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void keepsAtMostMaxInFlightRequestsOpenAndDeliversEverySpan() throws Exception {
    try (GalileoTracer tracer = tracer(settings("GALILEO_EXPORT_MAX_IN_FLIGHT", "3"))) {
      traces(tracer, 12);
      await("three requests held", () -> receiver.open.get() == 3);
      assertThat(receiver.arrived.get()).isEqualTo(3); // the fourth waits for a free slot
      receiver.gate.countDown();
      DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(20));
      assertThat(receipt.completed()).isTrue();
      assertThat(receipt.sent()).isEqualTo(12);
      assertThat(receipt.failed() + receipt.dropped() + receipt.pending()).isZero();
    }
    assertThat(receiver.maxOpen.get()).isEqualTo(3);
    assertThat(receiver.spansAccepted.get()).isEqualTo(12);
  }

  @Test
  void flushWaitsForTheRequestsInFlight() throws Exception {
    try (GalileoTracer tracer = tracer(settings("GALILEO_EXPORT_MAX_IN_FLIGHT", "2"))) {
      traces(tracer, 2);
      await("both requests held", () -> receiver.open.get() == 2);
      CompletableFuture.runAsync(() -> {
        try {
          Thread.sleep(300); // a flush that did not wait would have returned by now
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        receiver.gate.countDown();
      });
      DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(20));
      // Both spans count as sent only once their held requests were answered.
      assertThat(receipt.completed()).isTrue();
      assertThat(receipt.sent()).isEqualTo(2);
      assertThat(receipt.pending()).isZero();
    }
  }

  @Test
  void eachRequestRetriesOnItsOwnAsRetryAfterSaysAndEveryRetryIsCounted() throws Exception {
    for (int i = 0; i < 8; i++) {
      receiver.script.add(i % 2 == 0 ? 503 : 429);
    }
    receiver.gate.countDown();
    // A back-off of a minute: only Retry-After: 0 lets the retries go out within the flush.
    try (GalileoTracer tracer = tracer(settings("GALILEO_EXPORT_MAX_IN_FLIGHT", "4",
        "GALILEO_RETRY_MAX_ATTEMPTS", "20", "GALILEO_RETRY_INITIAL_BACKOFF_MS", "60000",
        "GALILEO_RETRY_MAX_BACKOFF_MS", "60000", "GALILEO_RETRY_MAX_ELAPSED_MS", "600000"))) {
      traces(tracer, 8);
      DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(20));
      assertThat(receipt.completed()).isTrue();
      assertThat(receipt.sent()).isEqualTo(8);
      assertThat(receipt.retried()).isEqualTo(8);
      assertThat(receipt.failed()).isZero();
    }
    assertThat(receiver.spansAccepted.get()).isEqualTo(8);
    assertThat(receiver.arrived.get()).isEqualTo(16);
  }

  @Test
  void aStuckEndpointNeverBlocksTheApplicationAndEverySpanIsCounted() throws Exception {
    try (GalileoTracer tracer = tracer(settings("GALILEO_EXPORT_MAX_IN_FLIGHT", "1",
        "GALILEO_QUEUE_SIZE", "4"))) {
      traces(tracer, 50); // returns although nothing can be delivered yet
      await("the one request held", () -> receiver.open.get() == 1);
      receiver.gate.countDown();
      DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(20));
      assertThat(receipt.completed()).isTrue();
      assertThat(receipt.dropped()).isGreaterThan(0);
      assertThat(receipt.sent() + receipt.dropped()).isEqualTo(50);
      assertThat(receipt.sent()).isEqualTo(receiver.spansAccepted.get());
    }
  }

  @Test
  void requestsThatTimeOutAreRetriedThenCountedFailed() throws Exception {
    // The gate stays shut: every attempt times out.
    try (GalileoTracer tracer = tracer(settings("GALILEO_EXPORT_MAX_IN_FLIGHT", "3",
        "OTEL_EXPORTER_OTLP_TIMEOUT", "200", "GALILEO_RETRY_MAX_ATTEMPTS", "2"))) {
      traces(tracer, 3);
      DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(20));
      assertThat(receipt.completed()).isTrue();
      assertThat(receipt.failed()).isEqualTo(3);
      assertThat(receipt.retried()).isEqualTo(3);
      assertThat(receipt.sent()).isZero();
    }
  }

  @Test
  void reportsEachRequestAsItSettlesAndCountsWhatIsInFlightForAPipelineThatAsks() throws Exception {
    ai.galileo.tracing.core.GalileoConfig.Builder config = ai.galileo.tracing.core.GalileoConfig.builder();
    settings("GALILEO_EXPORT_MAX_IN_FLIGHT", "2").forEach(config::set);
    var exporter = (ai.galileo.tracing.otlp.internal.OtlpSpanExporter) OtlpExporter.create(config.build());
    List<ai.galileo.tracing.core.export.ExportResult> reported = new CopyOnWriteArrayList<>();
    exporter.sendConcurrently(reported::add);
    try {
      var batch = OtlpEncodingTest.edgeSpans(); // five final snapshots and one start snapshot
      assertThat(exporter.export(batch)).isEqualTo(ai.galileo.tracing.core.export.ExportResult.NOTHING);
      await("the request held", () -> receiver.open.get() == 1);
      assertThat(exporter.inFlight()).isEqualTo(5);
      assertThat(exporter.awaitInFlight(System.nanoTime())).isFalse();
      assertThat(reported).isEmpty();
      receiver.gate.countDown();
      assertThat(exporter.awaitInFlight(System.nanoTime() + TimeUnit.SECONDS.toNanos(20))).isTrue();
      assertThat(exporter.inFlight()).isZero();
      assertThat(reported).containsExactly(new ai.galileo.tracing.core.export.ExportResult(5, 0, 0));
      assertThat(exporter.flush()).isEqualTo(ai.galileo.tracing.core.export.ExportResult.NOTHING);
    } finally {
      exporter.shutdown();
    }
  }
}
