package ai.galileo.tracing.testing;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A tracer in distributed mode whose real export pipeline sends to a recording "backend": the
 * backend has a span once its final snapshot was exported, and answers the pipeline's look-ups
 * ({@link SpanExporter#hasFinishedSpan}) from that. So a trace's final snapshot arrives here only
 * once every call made under it has ended and every span the called servers reported in
 * {@code X-Galileo-Span-ID} was delivered. The completion timeout is a minute, longer than any
 * wait here: a call a transport never ends keeps its trace from completing, and the test fails.
 * Transport modules' tests use it to prove that every call they start is ended and that the
 * server's span id reaches the client.
 *
 * @since 0.1.0
 */
public final class RecordingBackend implements SpanExporter, AutoCloseable {
  private final List<SpanData> exported = new CopyOnWriteArrayList<>();
  private final Set<UUID> delivered = ConcurrentHashMap.newKeySet();
  private final List<UUID> lookedUp = new CopyOnWriteArrayList<>();
  private final GalileoTracer tracer;

  /** A backend and a distributed-mode tracer sending to it, as the named service. */
  public RecordingBackend(String serviceName) {
    tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().mode(Mode.DISTRIBUTED).serviceName(serviceName)
            .set("GALILEO_EXPORT_DELAY_MS", "10")
            .set("GALILEO_COMPLETION_TIMEOUT_MS", "60000")
            .build())
        .exporter(this)
        .shutdownHook(false)
        .build();
  }

  public GalileoTracer tracer() {
    return tracer;
  }

  @Override
  public ExportResult export(List<SpanData> batch) {
    exported.addAll(batch);
    int finals = 0;
    for (SpanData span : batch) {
      if (span.isFinal()) {
        delivered.add(span.spanId());
        finals++;
      }
    }
    return ExportResult.sent(finals);
  }

  @Override
  public boolean hasFinishedSpan(UUID traceId, UUID spanId) {
    lookedUp.add(spanId);
    return delivered.contains(spanId);
  }

  /** The spans the pipeline looked up: those the servers named in their responses. */
  public List<UUID> lookedUp() {
    return List.copyOf(lookedUp);
  }

  /** True once the trace's final snapshot was exported. */
  public boolean completed(UUID traceId) {
    return finalIndex(traceId) >= 0;
  }

  /** Where the final snapshot of a span is among everything exported; -1 if not there yet. */
  public int finalIndex(UUID spanId) {
    List<SpanData> all = List.copyOf(exported);
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).isFinal() && all.get(i).spanId().equals(spanId)) {
        return i;
      }
    }
    return -1;
  }

  /** The final snapshots exported so far with this name. */
  public List<SpanData> finals(String name) {
    return exported.stream().filter(s -> s.isFinal() && s.name().equals(name)).toList();
  }

  /**
   * Waits until the trace's final snapshot is exported.
   *
   * @throws AssertionError if it is still held after 20 seconds: a call under it never ended, or
   *     a span a server reported was never delivered
   */
  public void awaitCompleted(UUID traceId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!completed(traceId)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("trace " + traceId + " is still held: a call made under it was"
            + " never ended, or a span a server named was never delivered; looked up: " + lookedUp
            + ", " + tracer.exportStats());
      }
      Thread.sleep(5);
    }
  }

  @Override
  public void close() {
    tracer.shutdown(Duration.ofSeconds(2));
  }
}
