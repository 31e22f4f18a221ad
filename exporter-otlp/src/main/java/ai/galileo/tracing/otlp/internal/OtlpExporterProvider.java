package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.export.ExporterProvider;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.otlp.OtlpExporter;

/** The {@code otlp} exporter, selected by {@code GALILEO_EXPORTER=otlp} (or {@code galileo,otlp}). */
public final class OtlpExporterProvider implements ExporterProvider {
  @Override
  public String name() {
    return "otlp";
  }

  @Override
  public SpanExporter create(GalileoConfig config) {
    return OtlpExporter.create(config);
  }
}
