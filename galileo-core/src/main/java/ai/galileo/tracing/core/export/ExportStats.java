package ai.galileo.tracing.core.export;

/**
 * Counters of the export pipeline since the tracer started, for users' own metrics.
 *
 * @param sent spans delivered
 * @param retried requests sent again after a failure
 * @param dropped spans refused because the queue was full, or recorded after shutdown
 * @param failed spans the exporter gave up on
 * @param late of those failed, spans the backend refused because their trace was already complete
 * @param queued snapshots waiting in the queue now, or held until the services a trace called
 *     have delivered
 * @since 0.1.0
 */
public record ExportStats(long sent, long retried, long dropped, long failed, long late, long queued) {

  public ExportStats(long sent, long retried, long dropped, long failed, long queued) {
    this(sent, retried, dropped, failed, 0, queued);
  }
}
