package ai.galileo.tracing.testing;

import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import ai.galileo.tracing.core.export.SpanExporter;
import java.util.List;

/**
 * Hands every snapshot to an exporter on the thread that started or ended the span. The export
 * pipeline does this on a worker thread, later; tests want a span visible the moment {@code end()}
 * returns, without a flush and without depending on how the pipeline schedules its work.
 */
final class SynchronousExportProcessor implements SpanProcessor {
  private final SpanExporter exporter;

  SynchronousExportProcessor(SpanExporter exporter) {
    this.exporter = exporter;
  }

  @Override
  public void onStart(SpanData span) {
    exporter.export(List.of(span));
  }

  @Override
  public void onEnd(SpanData span) {
    exporter.export(List.of(span));
  }

  @Override
  public void shutdown() {
    exporter.flush();
    exporter.shutdown();
  }
}
