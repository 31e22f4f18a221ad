package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import java.util.List;

/**
 * Drops every snapshot, by intent: {@code GALILEO_EXPORTER=none} keeps the tracer working (ids,
 * propagation, span processors added in code) while nothing leaves the process.
 *
 * <p>Dropped spans count as neither sent nor failed: nothing went wrong, so the pipeline's failure
 * counter, which users alert on, stays at zero.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class NoneExporter implements SpanExporter {
  /** Stateless, so one instance serves every tracer. */
  static final NoneExporter INSTANCE = new NoneExporter();

  private NoneExporter() {}

  @Override
  public ExportResult export(List<SpanData> batch) {
    return ExportResult.NOTHING;
  }

  @Override
  public String toString() {
    return "NoneExporter";
  }
}
