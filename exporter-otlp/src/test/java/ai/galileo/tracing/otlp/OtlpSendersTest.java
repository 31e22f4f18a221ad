package ai.galileo.tracing.otlp;

import static ai.galileo.tracing.otlp.OtlpExporterTest.tracer;
import static ai.galileo.tracing.otlp.OtlpInFlightTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.otlp.internal.OtlpSpanExporter;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How requests leave: from a bounded set of sender threads, over kept-alive connections, and a
 * back-off that shutdown cuts short with the request's spans counted failed.
 */
class OtlpSendersTest {
  HttpServer server;
  /** The client's address and port of each request: one per connection it came over. */
  final Set<String> connections = ConcurrentHashMap.newKeySet();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger spans = new AtomicInteger();
  /** The status every request is answered with, and its Retry-After, if any. */
  volatile int status = 200;
  volatile String retryAfter;
  final List<Throwable> errors = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        connections.add(exchange.getRemoteAddress().toString());
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
          spans.addAndGet(ExportTraceServiceRequest.parseFrom(body).getResourceSpans(0).getScopeSpans(0).getSpansCount());
        } catch (IOException | RuntimeException e) {
          errors.add(e);
        }
        if (retryAfter != null) {
          exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        requests.incrementAndGet();
        exchange.sendResponseHeaders(status, -1);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    assertThat(errors).isEmpty();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  static Set<String> senderThreads() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith("galileo-otlp-send-")).collect(Collectors.toSet());
  }

  @Test
  void manyRequestsGoFromAtMostMaxInFlightThreadsOverKeptAliveConnections() throws Exception {
    await("earlier tests' senders gone", () -> senderThreads().isEmpty());
    DeliveryReceipt receipt;
    long threadsBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
    try (GalileoTracer tracer = tracer(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint(),
        "GALILEO_EXPORT_MAX_IN_FLIGHT", "2"))) {
      for (int i = 0; i < 30; i++) {
        tracer.traceBuilder("t" + i).start().end();
        tracer.flush(Duration.ofSeconds(20)); // one request each, one after another
      }
      receipt = tracer.flush(Duration.ofSeconds(20));
      assertThat(senderThreads()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
    }
    // The tracer's worker, two senders, the receiver's and the JDK's own few; not one per request.
    long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threadsBefore;
    assertThat(started).isLessThan(15);
    assertThat(requests.get()).isEqualTo(30);
    assertThat(receipt.sent()).isEqualTo(30);
    // Each request answered before the next: a new connection per request would be 30 of them.
    assertThat(connections).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void shutdownEndsABackOffAndCountsItsSpansFailed() throws Exception {
    status = 503;
    retryAfter = "3600";
    GalileoConfig.Builder config = GalileoConfig.builder()
        .set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint())
        .set("GALILEO_RETRY_MAX_ATTEMPTS", "5")
        .set("GALILEO_RETRY_MAX_ELAPSED_MS", String.valueOf(TimeUnit.HOURS.toMillis(3)));
    var exporter = (OtlpSpanExporter) OtlpExporter.create(config.build());
    List<ExportResult> reported = new CopyOnWriteArrayList<>();
    exporter.sendConcurrently(reported::add);
    exporter.export(OtlpEncodingTest.edgeSpans()); // five final snapshots
    await("the first attempt answered", () -> requests.get() == 1);
    assertThat(exporter.inFlight()).isEqualTo(5); // waiting out the hour Retry-After asked for
    exporter.shutdown();
    assertThat(exporter.awaitInFlight(System.nanoTime() + TimeUnit.SECONDS.toNanos(20))).isTrue();
    assertThat(reported).containsExactly(new ExportResult(0, 5, 0));
    assertThat(requests.get()).isEqualTo(1);
  }
}
