package ai.galileo.tracing.core.export;

/**
 * What became of the final span snapshots of one export call.
 *
 * @param sent spans delivered
 * @param failed spans given up on (after retries, or rejected by the backend)
 * @param retries requests that were sent again after a failure
 * @param late of those failed, spans the backend refused because their trace was already complete
 * @since 0.1.0
 */
public record ExportResult(int sent, int failed, int retries, int late) {

  public ExportResult(int sent, int failed, int retries) {
    this(sent, failed, retries, 0);
  }

  /** Nothing was exported. */
  public static final ExportResult NOTHING = new ExportResult(0, 0, 0);

  public static ExportResult sent(int spans) {
    return new ExportResult(spans, 0, 0);
  }

  public static ExportResult failed(int spans) {
    return new ExportResult(0, spans, 0);
  }

  /** The sum of both results. */
  public ExportResult plus(ExportResult other) {
    return new ExportResult(sent + other.sent, failed + other.failed, retries + other.retries,
        late + other.late);
  }
}
