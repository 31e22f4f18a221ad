package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.export.ExporterProvider;
import ai.galileo.tracing.core.export.SpanExporter;

/**
 * Provides {@link LoggingExporter} as {@code logging}: each trace printed as a tree on standard
 * error, for running locally without a backend.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class LoggingExporterProvider implements ExporterProvider {
  /** The name to set {@code GALILEO_EXPORTER} to. */
  public static final String NAME = "logging";

  /** Called by {@link java.util.ServiceLoader}. */
  public LoggingExporterProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /** Prints to {@link System#err} as it is when the tracer is built. */
  @Override
  public SpanExporter create(GalileoConfig config) {
    return new LoggingExporter(System.err);
  }
}
