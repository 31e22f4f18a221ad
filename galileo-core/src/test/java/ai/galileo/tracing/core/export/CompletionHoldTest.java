package ai.galileo.tracing.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.transport.ClientSpan;
import ai.galileo.tracing.core.transport.ClientTracing;
import ai.galileo.tracing.core.transport.ServerTracing;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the export pipeline holds a trace's completion in distributed mode, seen through an exporter
 * that records what it is handed and answers, per span, whether "the backend" has it.
 */
class CompletionHoldTest {
  private final Recording exporter = new Recording();
  private GalileoTracer tracer;

  /** Records batches; {@link #hasFinishedSpan} answers from {@link #delivered}. */
  static final class Recording implements SpanExporter {
    final List<SpanData> exported = new CopyOnWriteArrayList<>();
    final Set<UUID> delivered = ConcurrentHashMap.newKeySet();
    final List<UUID> lookedUp = new CopyOnWriteArrayList<>();

    @Override
    public ExportResult export(List<SpanData> batch) {
      exported.addAll(batch);
      return ExportResult.sent((int) batch.stream().filter(SpanData::isFinal).count());
    }

    @Override
    public boolean hasFinishedSpan(UUID traceId, UUID spanId) {
      lookedUp.add(spanId);
      return delivered.contains(spanId);
    }

    boolean traceEnded(UUID traceId) {
      return exported.stream().anyMatch(s -> s.isTrace() && s.isFinal() && s.traceId().equals(traceId));
    }
  }

  private GalileoTracer tracer(String completionTimeoutMs) {
    tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().mode(Mode.DISTRIBUTED).serviceName("client")
            .set("GALILEO_EXPORT_DELAY_MS", "10")
            .set("GALILEO_COMPLETION_TIMEOUT_MS", completionTimeoutMs).build())
        .exporter(exporter)
        .shutdownHook(false)
        .build();
    return tracer;
  }

  @AfterEach
  void close() {
    if (tracer != null) {
      tracer.shutdown(Duration.ofSeconds(1));
    }
  }

  /** Starts a call under the current span; the server's answer names {@code serverSpan}. */
  private ClientSpan call(UUID serverSpan) {
    ClientTracing calls = ClientTracing.create(tracer, false);
    ClientSpan call = calls.startHttp(Context.current(), "POST", URI.create("http://127.0.0.1/x"));
    calls.inject(call.context(), new TreeMap<String, String>(), Map::put, Map::remove);
    Map<String, String> response = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    response.put(ServerTracing.SPAN_ID_HEADER, serverSpan.toString());
    call.extractResponse(response, (Propagator.Getter<Map<String, String>>) Map::get);
    return call;
  }

  @Test
  void theTraceIsHeldWhileACallIsInFlightAndUntilItsServerSpanIsFound() throws Exception {
    tracer("30000");
    UUID serverSpan = UUID.randomUUID();
    Span trace = tracer.traceBuilder("t").start();
    ClientSpan call;
    try (Scope s = trace.makeCurrent()) {
      call = call(serverSpan);
    }
    trace.end();
    Thread.sleep(200);
    assertThat(exporter.traceEnded(trace.context().traceId())).as("held while the call is in flight").isFalse();
    assertThat(exporter.lookedUp).as("nothing asked while the call is in flight").isEmpty();
    // The trace was posted open when the call's headers left.
    assertThat(exporter.exported).anyMatch(s -> s.isTrace() && !s.isFinal());

    call.end(200, null);
    Thread.sleep(300);
    assertThat(exporter.traceEnded(trace.context().traceId())).as("held until the server span is found").isFalse();
    assertThat(exporter.lookedUp).contains(serverSpan);

    exporter.delivered.add(serverSpan);
    DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(5));
    assertThat(receipt.completed()).isTrue();
    assertThat(exporter.traceEnded(trace.context().traceId())).isTrue();
  }

  @Test
  void aServerSpanNeverFoundCompletesTheTraceAtTheCompletionTimeout() throws Exception {
    tracer("300");
    Span trace = tracer.traceBuilder("t").start();
    try (Scope s = trace.makeCurrent()) {
      call(UUID.randomUUID()).end(200, null);
    }
    trace.end();
    long start = System.nanoTime();
    while (!exporter.traceEnded(trace.context().traceId()) && System.nanoTime() - start < 5_000_000_000L) {
      Thread.sleep(10);
    }
    assertThat(exporter.traceEnded(trace.context().traceId())).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
  }

  @Test
  void aFlushCoversAHeldTraceAndReleasesItBeforeItsOwnTimeIsUp() {
    tracer("60000");
    Span trace = tracer.traceBuilder("t").start();
    ClientSpan inFlight;
    try (Scope s = trace.makeCurrent()) {
      inFlight = call(UUID.randomUUID()); // never answers
    }
    trace.end();
    long start = System.nanoTime();
    DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(2));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(receipt.completed()).isTrue();
    assertThat(receipt.pending()).isZero();
    assertThat(took).isLessThan(Duration.ofSeconds(2)).isGreaterThan(Duration.ofMillis(1000));
    assertThat(exporter.traceEnded(trace.context().traceId())).isTrue();
    inFlight.end(0, null);
  }

  @Test
  void aHeldTraceCountsAsPendingAndQueued() throws Exception {
    tracer("60000");
    Span trace = tracer.traceBuilder("t").start();
    ClientSpan inFlight;
    try (Scope s = trace.makeCurrent()) {
      inFlight = call(UUID.randomUUID());
    }
    trace.end();
    Thread.sleep(100);
    assertThat(tracer.exportStats().queued()).isEqualTo(1);
    inFlight.end(0, null);
  }

  @Test
  void aTraceWhoseHeadersNeverLeftIsNotHeld() {
    tracer("60000");
    Span trace = tracer.traceBuilder("t").start();
    trace.end();
    assertThat(tracer.flush(Duration.ofSeconds(5)).completed()).isTrue();
    assertThat(exporter.traceEnded(trace.context().traceId())).isTrue();
    assertThat(exporter.exported).noneMatch(s -> !s.isFinal());
    assertThat(exporter.lookedUp).isEmpty();
  }

  @Test
  void malformedOrForeignSpanIdsInTheAnswerAreIgnored() {
    tracer("60000");
    Span trace = tracer.traceBuilder("t").start();
    try (Scope s = trace.makeCurrent()) {
      ClientTracing calls = ClientTracing.create(tracer, false);
      for (String bad : new String[] {"", "not-a-uuid", "0123456789abcdef0123456789abcdef",
          "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", " ".repeat(36)}) {
        ClientSpan call = calls.startHttp(Context.current(), "GET", URI.create("http://127.0.0.1/"));
        call.extractResponse(Map.of(ServerTracing.SPAN_ID_HEADER, bad), Map::get);
        call.end(200, null);
      }
    }
    trace.end();
    assertThat(tracer.flush(Duration.ofSeconds(5)).completed()).isTrue();
    assertThat(exporter.traceEnded(trace.context().traceId())).isTrue();
    assertThat(exporter.lookedUp).isEmpty();
  }
}
