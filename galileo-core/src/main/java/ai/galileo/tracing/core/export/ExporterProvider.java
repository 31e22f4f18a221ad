package ai.galileo.tracing.core.export;

import ai.galileo.tracing.core.GalileoConfig;

/**
 * A named exporter plug-in, found through {@code META-INF/services} and selected by
 * {@code GALILEO_EXPORTER}. Built in: {@code galileo} (the REST API), {@code logging} (a tree per
 * trace on stderr) and {@code none}; the {@code galileo-testing} artifact adds {@code memory}.
 *
 * @since 0.1.0
 */
public interface ExporterProvider {

  /** The name users select it by, lower-case. */
  String name();

  /** Creates the exporter. Called once per tracer, on the thread that builds the tracer. */
  SpanExporter create(GalileoConfig config);
}
