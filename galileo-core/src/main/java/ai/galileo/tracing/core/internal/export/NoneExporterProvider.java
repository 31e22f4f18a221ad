package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.export.ExporterProvider;
import ai.galileo.tracing.core.export.SpanExporter;

/**
 * Provides {@link NoneExporter} as {@code none}: spans are recorded and handed to span processors,
 * then dropped on purpose instead of exported.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class NoneExporterProvider implements ExporterProvider {
  /** The name to set {@code GALILEO_EXPORTER} to. */
  public static final String NAME = "none";

  /** Called by {@link java.util.ServiceLoader}. */
  public NoneExporterProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SpanExporter create(GalileoConfig config) {
    return NoneExporter.INSTANCE;
  }
}
