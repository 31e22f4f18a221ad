package ai.galileo.tracing.core.export;

import ai.galileo.tracing.core.SpanData;
import java.util.List;

/**
 * Sends span snapshots out of the process: to Galileo's API, to a log, to memory.
 *
 * <p>The export pipeline calls an exporter from its single worker thread, never from application
 * threads, so an exporter may block (a request, a retry's back-off) without slowing the
 * application; the pipeline interrupts the worker when a shutdown's time is up. Batches hold
 * snapshots in the order they were taken, with one exception: in {@link
 * ai.galileo.tracing.core.Mode#DISTRIBUTED distributed} mode the final snapshot of a trace (or of a
 * server's span) whose tracing headers left the process comes only once the services it called
 * have delivered their spans, or the completion timeout passed. Distributed mode also exports the
 * start snapshot of each span whose headers left the process, to be posted open; all other
 * snapshots are final ({@link SpanData#isFinal()}).
 *
 * <p>Counts in {@link ExportResult} are of final snapshots: a span counts once, as sent or as
 * failed, whatever number of requests carried it.
 *
 * @since 0.1.0
 */
public interface SpanExporter {

  /** Exports a batch. Must not throw; a throw counts every final snapshot of the batch as failed. */
  ExportResult export(List<SpanData> batch);

  /**
   * Sends whatever the exporter held back, such as spans of a trace that has not ended yet in batch
   * mode. Called on flush and before shutdown.
   */
  default ExportResult flush() {
    return ExportResult.NOTHING;
  }

  /**
   * Whether the backend holds, in its final state, a span that another service made in this trace
   * (distributed mode: a trace's completion waits for the spans of the services it called). Called
   * from the worker thread; must not throw. Exporters that cannot tell, or whose backend has no
   * completion rule, return true, which is the default.
   *
   * @since 0.1.0
   */
  default boolean hasFinishedSpan(java.util.UUID traceId, java.util.UUID spanId) {
    return true;
  }

  /**
   * Whether this exporter's backend refuses spans for a trace already marked complete, as Galileo's
   * API does. In {@link ai.galileo.tracing.core.Mode#DISTRIBUTED distributed} mode such an
   * exporter's batches leave within 100 ms by default, so that a called service's spans arrive
   * before its caller completes the trace. An exporter whose backend has no such rule (OTLP, a log)
   * returns false and batches for up to a second, as in batch mode: fewer and fuller requests.
   * {@code GALILEO_EXPORT_DELAY_MS} sets the time for both. True by default.
   *
   * @since 0.1.0
   */
  default boolean completesTraces() {
    return true;
  }

  /** Releases resources. Called once, after the last export. */
  default void shutdown() {}
}
