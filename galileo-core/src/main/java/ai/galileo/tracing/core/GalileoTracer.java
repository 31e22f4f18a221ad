package ai.galileo.tracing.core;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.internal.RecordingSpanBuilder;
import ai.galileo.tracing.core.internal.TracerState;
import ai.galileo.tracing.core.propagation.Propagators;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The tracer of {@code galileo-core}: the one {@link Galileo#tracer()} returns once this module is
 * on the class path, configured from the environment. Build one in code when the configuration
 * comes from elsewhere:
 *
 * <pre>{@code
 * GalileoTracer tracer = GalileoTracer.builder()
 *     .config(GalileoConfig.builder().mode(Mode.DISTRIBUTED).serviceName("orchestrator").build())
 *     .buildAndRegister();
 * }</pre>
 *
 * <p>The tracer behaves the same in both {@linkplain Mode modes}; the mode tells the export
 * pipeline whether to stream spans as they start and end or to send each trace whole.
 *
 * @since 0.1.0
 */
public final class GalileoTracer implements Tracer, AutoCloseable {
  private final GalileoConfig config;
  private final Propagator propagator;
  private final TracerState state;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GalileoTracer(GalileoConfig config, Propagator propagator, List<SpanProcessor> processors) {
    this.config = config;
    this.propagator = propagator;
    this.state = new TracerState(processors, config.serviceName(), !config.loggingDisabled());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The resolved configuration. */
  public GalileoConfig config() {
    return config;
  }

  public Mode mode() {
    return config.mode();
  }

  @Override
  public SpanBuilder traceBuilder(String name) {
    return new RecordingSpanBuilder(state, name, SpanType.TRACE);
  }

  @Override
  public SpanBuilder spanBuilder(String name, SpanType type) {
    Objects.requireNonNull(type, "type");
    if (type == SpanType.TRACE) {
      throw new IllegalArgumentException(
          "A trace is the root of a tree: start it with traceBuilder(name), not spanBuilder");
    }
    return new RecordingSpanBuilder(state, name, type);
  }

  @Override
  public Propagator propagator() {
    return propagator;
  }

  /** How many times a span processor threw; such failures never reach the caller. */
  public long processorFailures() {
    return state.processorFailures();
  }

  /** Shuts the span processors down. Only the first call does anything. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      state.shutdown();
    }
  }

  @Override
  public String toString() {
    return "GalileoTracer{" + config + "}";
  }

  /**
   * Builds a {@link GalileoTracer}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private GalileoConfig config;
    private Propagator propagator;
    private ClassLoader classLoader = GalileoTracer.class.getClassLoader();
    private final List<SpanProcessor> processors = new ArrayList<>();

    private Builder() {}

    /** The configuration; by default {@link GalileoConfig#fromEnvironment()}. */
    public Builder config(GalileoConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Receives every span's start and end, after those added before it. */
    public Builder addSpanProcessor(SpanProcessor processor) {
      processors.add(Objects.requireNonNull(processor, "processor"));
      return this;
    }

    /** A propagator to use instead of the ones {@code GALILEO_PROPAGATORS} names. */
    public Builder propagator(Propagator propagator) {
      this.propagator = Objects.requireNonNull(propagator, "propagator");
      return this;
    }

    /** Where plug-ins (propagators) are looked up; the core's own class loader by default. */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Builds the tracer.
     *
     * @throws IllegalArgumentException if the configuration names an unknown propagator
     */
    public GalileoTracer build() {
      GalileoConfig c = config != null ? config : GalileoConfig.fromEnvironment();
      Propagator p = propagator != null ? propagator : Propagators.fromConfig(c.values(), classLoader);
      return new GalileoTracer(c, p, List.copyOf(processors));
    }

    /** Builds the tracer and makes it the one {@link Galileo#tracer()} returns. */
    public GalileoTracer buildAndRegister() {
      GalileoTracer tracer = build();
      Galileo.register(tracer);
      return tracer;
    }
  }
}
