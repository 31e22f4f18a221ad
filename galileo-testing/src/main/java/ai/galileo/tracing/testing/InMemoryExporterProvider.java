package ai.galileo.tracing.testing;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.export.ExporterProvider;
import ai.galileo.tracing.core.export.SpanExporter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Provides {@link InMemorySpanExporter} as {@code memory}, for tests that start the application as
 * it runs in production and only switch the exporter: {@code GALILEO_EXPORTER=memory}.
 *
 * <p>The tracer creates its exporter itself, one per tracer, so a test cannot hold a reference to
 * it. {@link #lastCreated()} gives the one created most recently instead. Exporters made here keep
 * start snapshots too ({@link InMemorySpanExporter#keepingStartedSpans()}), so that what
 * distributed mode streams can be checked.
 *
 * <p>Spans reach this exporter through the export pipeline, on its worker thread: flush the tracer
 * before asserting. {@link GalileoTracingExtension} has no such delay.
 *
 * @since 0.1.0
 */
public final class InMemoryExporterProvider implements ExporterProvider {
  /** The name to set {@code GALILEO_EXPORTER} to. */
  public static final String NAME = "memory";

  // Static because ServiceLoader makes the provider instances, and tests have no way to reach them.
  private static final AtomicReference<InMemorySpanExporter> LAST_CREATED = new AtomicReference<>();

  /** Called by {@link java.util.ServiceLoader}. */
  public InMemoryExporterProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SpanExporter create(GalileoConfig config) {
    InMemorySpanExporter exporter = InMemorySpanExporter.keepingStartedSpans();
    LAST_CREATED.set(exporter);
    return exporter;
  }

  /**
   * The exporter that this provider created most recently, in this class loader: the one of the
   * tracer built last with {@code GALILEO_EXPORTER=memory}.
   *
   * @throws IllegalStateException if none has been created yet
   */
  public static InMemorySpanExporter lastCreated() {
    InMemorySpanExporter exporter = LAST_CREATED.get();
    if (exporter == null) {
      throw new IllegalStateException(
          "No in-memory exporter has been created yet: build a tracer with GALILEO_EXPORTER=memory"
              + " first (for example GalileoConfig.builder().set(\"GALILEO_EXPORTER\", \"memory\"))");
    }
    return exporter;
  }
}
