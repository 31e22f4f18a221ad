package ai.galileo.tracing.otlp;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.core.internal.SdkVersion;
import ai.galileo.tracing.core.internal.export.ExportSettings;
import ai.galileo.tracing.otlp.internal.OtlpSettings;
import ai.galileo.tracing.otlp.internal.OtlpSpanExporter;

/**
 * Exports Galileo spans as OpenTelemetry spans over OTLP/HTTP (protobuf, or JSON), to an
 * OpenTelemetry Collector, Jaeger, Tempo, Phoenix, Langfuse or Galileo's own OTLP endpoint.
 *
 * <p>Usually nothing to call: add the artifact and set {@code GALILEO_EXPORTER=otlp} (or {@code
 * galileo,otlp} for both), with OpenTelemetry's standard {@code OTEL_EXPORTER_OTLP_*} settings.
 * This class is for code that builds its exporters itself.
 *
 * @since 0.1.0
 */
public final class OtlpExporter {
  private OtlpExporter() {}

  /**
   * An exporter configured as {@code GALILEO_EXPORTER=otlp} would be.
   *
   * @throws IllegalArgumentException if an {@code OTEL_*} or {@code GALILEO_OTLP_*} setting is
   *     invalid; the message names it
   */
  public static SpanExporter create(GalileoConfig config) {
    ExportSettings export = ExportSettings.from(config);
    return new OtlpSpanExporter(OtlpSettings.from(config), export.retry(), SdkVersion.VERSION,
        export.maxFieldChars());
  }
}
