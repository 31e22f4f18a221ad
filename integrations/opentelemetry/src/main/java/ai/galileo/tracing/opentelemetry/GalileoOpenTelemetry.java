package ai.galileo.tracing.opentelemetry;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.internal.ImplicitParent;
import ai.galileo.tracing.opentelemetry.internal.ContextBridge;
import ai.galileo.tracing.opentelemetry.internal.GalileoBackedSpan;
import ai.galileo.tracing.opentelemetry.internal.GalileoIdGenerator;
import ai.galileo.tracing.opentelemetry.internal.OpenTelemetryIntegration;
import ai.galileo.tracing.opentelemetry.internal.ToGalileoProcessor;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One trace with the OpenTelemetry SDK in the same JVM. Set up once, before anything uses
 * OpenTelemetry's context (the first lines of {@code main}):
 *
 * <pre>{@code
 * GalileoOpenTelemetry galileoOtel = GalileoOpenTelemetry.create();
 * SdkTracerProvider tracerProvider = galileoOtel.configure(SdkTracerProvider.builder())
 *     // .addSpanProcessor(BatchSpanProcessor.builder(yourExporter).build()), as before
 *     .build();
 * }</pre>
 *
 * <p>Then a span OpenTelemetry starts while a Galileo span is current nests under it, a Galileo
 * span started while an OpenTelemetry span is current nests under that, and every OpenTelemetry
 * span is also exported to Galileo, in the same trace, typed by its GenAI or OpenInference
 * attributes.
 *
 * @since 0.1.0
 */
public final class GalileoOpenTelemetry {
  private static final Logger LOG = Logger.getLogger(GalileoOpenTelemetry.class.getName());
  private static final Object LOCK = new Object();
  private static boolean contextBridged;

  private final ToGalileoProcessor processor;

  private GalileoOpenTelemetry(Supplier<Tracer> tracer) {
    this.processor = new ToGalileoProcessor(tracer);
  }

  /**
   * Bridges the two contexts ({@link #installContextBridge()}) and exports OpenTelemetry's spans
   * with {@link Galileo#tracer()}, looked up at each span's end.
   */
  public static GalileoOpenTelemetry create() {
    OpenTelemetryIntegration.setUp();
    installContextBridge();
    return new GalileoOpenTelemetry(Galileo::tracer);
  }

  /** Like {@link #create()}, exporting with the given tracer (a {@code GalileoTracer}). */
  public static GalileoOpenTelemetry create(Tracer tracer) {
    Objects.requireNonNull(tracer, "tracer");
    OpenTelemetryIntegration.setUp();
    installContextBridge();
    return new GalileoOpenTelemetry(() -> tracer);
  }

  /**
   * Makes OpenTelemetry's current span and Galileo's one, both ways; idempotent. OpenTelemetry's
   * context storage can be wrapped only before its first use: if something used it before
   * (OpenTelemetry started earlier), OpenTelemetry spans do not see Galileo's current span (a
   * warning says so), while Galileo spans still nest under OpenTelemetry's.
   *
   * @return true when both directions are bridged
   */
  public static boolean installContextBridge() {
    synchronized (LOCK) {
      if (!contextBridged) {
        contextBridged = true;
        ContextStorage.addWrapper(ContextBridge::wrap);
        ContextStorage.get(); // applies the wrapper now, if the storage is not made yet
        ImplicitParent.install(ContextBridge::implicitParent);
        if (!ContextBridge.isInstalled()) {
          LOG.log(Level.WARNING, "OpenTelemetry's context storage could not be wrapped: it was"
              + " in use before GalileoOpenTelemetry was set up, or the OpenTelemetry Java agent"
              + " provides it. OpenTelemetry spans will not nest under Galileo spans by themselves"
              + " (Galileo spans still nest under OpenTelemetry's); set it up first thing in main,"
              + " or, with the agent, use GalileoOpenTelemetry.makeGalileoSpanCurrent().");
        }
      }
      return ContextBridge.isInstalled();
    }
  }

  /**
   * Makes Galileo's current span OpenTelemetry's current span too, until the returned scope
   * closes. Not needed with the context bridge installed; for where it cannot be (the
   * OpenTelemetry Java agent, whose context storage is its own): the agent's instrumentation then
   * starts its spans under the Galileo span. Outside a Galileo span it changes nothing.
   *
   * <pre>{@code
   * try (io.opentelemetry.context.Scope s = GalileoOpenTelemetry.makeGalileoSpanCurrent()) {
   *   httpClient.send(request, handler);   // the agent's client span nests under Galileo's
   * }
   * }</pre>
   */
  public static io.opentelemetry.context.Scope makeGalileoSpanCurrent() {
    ai.galileo.tracing.Span span = ai.galileo.tracing.Context.current().span();
    if (!span.context().isValid()) {
      return io.opentelemetry.context.Scope.noop();
    }
    return io.opentelemetry.context.Context.current().with(new GalileoBackedSpan(span)).makeCurrent();
  }

  /**
   * The builder with Galileo's id generator and span processor added: {@code
   * builder.setIdGenerator(idGenerator()).addSpanProcessor(spanProcessor())}.
   */
  public SdkTracerProviderBuilder configure(SdkTracerProviderBuilder builder) {
    return builder.setIdGenerator(idGenerator()).addSpanProcessor(processor);
  }

  /**
   * OpenTelemetry ids whose trace ids are v4-shaped UUIDs, so a trace started by OpenTelemetry has
   * the same id in OpenTelemetry and in Galileo. With another generator, Galileo's trace id is the
   * OpenTelemetry one with its six version and variant bits overwritten.
   */
  public static IdGenerator idGenerator() {
    return GalileoIdGenerator.INSTANCE;
  }

  /** The span processor that exports OpenTelemetry's spans to Galileo, one per instance. */
  public SpanProcessor spanProcessor() {
    return processor;
  }

  /** Galileo span records made from OpenTelemetry spans and handed to the tracer so far. */
  public long spansExported() {
    return processor.recorded();
  }

  /**
   * OpenTelemetry spans not exported because a Galileo integration logs their steps itself, so
   * that no step appears twice: ADK's ({@code gcp.vertex.agent}) while galileo-adk's plugin is in
   * use. Galileo spans do not nest under such spans either.
   *
   * @since 0.1.0
   */
  public long spansCovered() {
    return processor.covered();
  }

  /**
   * Galileo span records that could not be handed over (no galileo-core tracer, logging disabled,
   * or a span that could not be read), counted rather than thrown.
   */
  public long spansNotExported() {
    return processor.notRecorded();
  }
}
