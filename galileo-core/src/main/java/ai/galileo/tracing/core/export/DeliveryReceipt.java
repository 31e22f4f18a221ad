package ai.galileo.tracing.core.export;

/**
 * The answer to a flush or a shutdown: what the pipeline has delivered so far, and what it could
 * not deliver in the time it was given.
 *
 * @param sent spans delivered since the tracer started
 * @param retried requests sent again after a failure, since the tracer started
 * @param dropped spans refused because the queue was full, since the tracer started
 * @param failed spans the exporter gave up on, since the tracer started
 * @param late of those failed, spans the backend refused because their trace was already
 *     complete: the service that started the trace completed it before this one delivered
 *     (distributed mode; see {@code GALILEO_COMPLETION_TIMEOUT_MS})
 * @param pending snapshots still queued or being exported when the call returned
 * @param completed true when everything recorded before the call was handled in time
 * @since 0.1.0
 */
public record DeliveryReceipt(
    long sent, long retried, long dropped, long failed, long late, long pending, boolean completed) {

  /** A receipt with no late spans. */
  public DeliveryReceipt(long sent, long retried, long dropped, long failed, long pending, boolean completed) {
    this(sent, retried, dropped, failed, 0, pending, completed);
  }

  @Override
  public String toString() {
    return "sent " + sent + ", retried " + retried + ", dropped " + dropped + ", failed " + failed
        + (late == 0 ? "" : " (" + late + " refused: their trace was already complete)")
        + ", pending " + pending + (completed ? "" : " (timed out)");
  }
}
