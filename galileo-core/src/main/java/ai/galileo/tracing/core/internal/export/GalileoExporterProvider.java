package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.export.ExporterProvider;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.core.internal.SdkVersion;

/** The {@code galileo} exporter: Galileo's REST API, or the local console that speaks it. */
public final class GalileoExporterProvider implements ExporterProvider {
  @Override
  public String name() {
    return "galileo";
  }

  @Override
  public SpanExporter create(GalileoConfig config) {
    ExportSettings settings = ExportSettings.from(config);
    GalileoHttp http = new GalileoHttp(ApiEndpoint.resolve(config), config.apiKey(), SdkVersion.VERSION,
        settings.retry(), settings.requestTimeout());
    GalileoJson json = new GalileoJson(SdkVersion.VERSION, settings.maxFieldChars());
    GalileoExporter.ProjectTarget target = new GalileoExporter.ProjectTarget(
        config.project(), config.projectId(), config.logStream(), config.logStreamId(),
        config.values().get("GALILEO_SESSION_NAME"));
    return new GalileoExporter(http, json, target, settings.maxBufferedSpans(), settings.maxInFlight());
  }
}
