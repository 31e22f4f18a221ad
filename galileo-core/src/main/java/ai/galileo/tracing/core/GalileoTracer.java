package ai.galileo.tracing.core;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.core.export.ExportStats;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.core.internal.Downstream;
import ai.galileo.tracing.core.internal.ExternalSpans;
import ai.galileo.tracing.core.internal.RecordingSpan;
import ai.galileo.tracing.core.internal.RecordingSpanBuilder;
import ai.galileo.tracing.core.internal.TracerState;
import ai.galileo.tracing.core.internal.export.ExportPipeline;
import ai.galileo.tracing.core.internal.export.ExportSettings;
import ai.galileo.tracing.core.internal.export.Exporters;
import ai.galileo.tracing.core.internal.redaction.Redaction;
import ai.galileo.tracing.core.propagation.Propagators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

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
 * pipeline whether to stream spans as they start and end or to send each trace whole. Spans leave
 * through a bounded queue and one worker thread per exporter: application threads never block on
 * export and never see its failures, which are counted ({@link #exportStats()}) instead.
 *
 * <p>Close the tracer (or let the JVM's shutdown hook do it) to send what is queued; spans still
 * open then are sent as they are, marked unfinished.
 *
 * @since 0.1.0
 */
public final class GalileoTracer implements Tracer, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(GalileoTracer.class.getName());

  private final GalileoConfig config;
  private final Propagator propagator;
  private final TracerState state;
  private final List<ExportPipeline> pipelines;
  private final Duration shutdownTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Thread shutdownHook;
  /** Parents-first waits are skipped until this nanoTime after one timed out; 0 when none did. */
  private volatile long parentsFirstSkipUntil;
  private static final long PARENTS_FIRST_BACKOFF_NANOS = 30_000_000_000L;

  static {
    // The OpenTelemetry bridge records OpenTelemetry spans through a tracer's state.
    ExternalSpans.setStateAccess(t -> t instanceof GalileoTracer g ? g.state : null);
  }

  private GalileoTracer(GalileoConfig config, Propagator propagator, List<SpanProcessor> processors,
      List<ExportPipeline> pipelines, Downstream downstream, ExportSettings settings) {
    this.config = config;
    this.propagator = propagator;
    List<SpanProcessor> all = new ArrayList<>(processors);
    all.addAll(pipelines);
    TracerState.Streaming streaming = null;
    if (downstream != null) {
      streaming = new TracerState.Streaming(List.copyOf(pipelines), downstream,
          settings.ingestParentsFirst() ? this::awaitAnnounced : null);
    }
    this.state = new TracerState(all, config.serviceName(), !config.loggingDisabled(), streaming);
    this.pipelines = pipelines;
    this.shutdownTimeout = settings.shutdownTimeout();
  }

  /**
   * {@inheritDoc}
   *
   * <p>In distributed mode the current span and its local ancestors are posted open first, since
   * the service these headers go to may attach spans under them.
   */
  @Override
  public Map<String, String> tracingHeaders() {
    Context context = Context.current();
    if (context.span() instanceof RecordingSpan span) {
      span.leavingProcess();
    }
    return propagator.injectHeaders(context);
  }

  /**
   * {@code GALILEO_INGEST_PARENTS_FIRST}: the caller waits until what is queued (the trace and
   * the call's ancestors among it) is handed to the exporters and the requests of its trace are
   * answered, at most the shutdown timeout. Not a flush: a flush would also send other traces'
   * spans whose parents are not in the backend yet, and wait for their held completions. After a
   * wait that timed out, calls stop waiting for a while: an unreachable backend must not slow
   * every call.
   */
  private void awaitAnnounced(UUID traceId) {
    long now = System.nanoTime();
    long skipUntil = parentsFirstSkipUntil;
    if (skipUntil != 0 && now - skipUntil < 0) {
      return;
    }
    long deadline = now + shutdownTimeout.toNanos();
    boolean done = true;
    for (ExportPipeline p : pipelines) {
      done &= p.awaitTraceHandedOver(traceId, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    if (!done) {
      parentsFirstSkipUntil = System.nanoTime() + PARENTS_FIRST_BACKOFF_NANOS;
      LOG.log(Level.FINE, "GALILEO_INGEST_PARENTS_FIRST: the backend did not take the trace in "
          + shutdownTimeout.toMillis() + " ms; calls go without waiting for 30 s");
    } else {
      parentsFirstSkipUntil = 0;
    }
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

  /** The export counters: spans sent, retried, dropped, failed, and queued now. */
  public ExportStats exportStats() {
    long sent = 0;
    long retried = 0;
    long dropped = 0;
    long failed = 0;
    long late = 0;
    long queued = 0;
    for (ExportPipeline p : pipelines) {
      ExportStats s = p.stats();
      sent += s.sent();
      retried += s.retried();
      dropped += s.dropped();
      failed += s.failed();
      late += s.late();
      queued += s.queued();
    }
    return new ExportStats(sent, retried, dropped, failed, late, queued);
  }

  /**
   * Sends every span ended so far and waits for it, at most for the timeout. Never throws; the
   * receipt says what was delivered and what is still pending.
   */
  public DeliveryReceipt flush(Duration timeout) {
    return await(timeout, false);
  }

  /**
   * Sends what is queued and every span still open (marked unfinished), stops the export workers
   * and waits at most for the timeout. Spans ended afterwards are dropped and counted. Only the
   * first call shuts down; later calls flush.
   */
  public DeliveryReceipt shutdown(Duration timeout) {
    if (!closed.compareAndSet(false, true)) {
      return flush(timeout);
    }
    removeShutdownHook();
    state.endUnfinished();
    DeliveryReceipt receipt = await(timeout, true);
    state.shutdown();
    return receipt;
  }

  /** Shuts down with the configured timeout ({@code GALILEO_SHUTDOWN_TIMEOUT_MS}, 5 s by default). */
  @Override
  public void close() {
    shutdown(shutdownTimeout);
  }

  private DeliveryReceipt await(Duration timeout, boolean last) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long sent = 0;
    long retried = 0;
    long dropped = 0;
    long failed = 0;
    long late = 0;
    long pending = 0;
    boolean completed = true;
    for (ExportPipeline p : pipelines) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      DeliveryReceipt r = last ? p.shutdown(left) : p.flush(left);
      sent += r.sent();
      retried += r.retried();
      dropped += r.dropped();
      failed += r.failed();
      late += r.late();
      pending += r.pending();
      completed &= r.completed();
    }
    return new DeliveryReceipt(sent, retried, dropped, failed, late, pending, completed);
  }

  private void installShutdownHook() {
    Thread hook = new Thread(() -> {
      DeliveryReceipt receipt = shutdown(shutdownTimeout);
      if (!receipt.completed() || receipt.failed() > 0 || receipt.dropped() > 0) {
        LOG.log(Level.WARNING, "Galileo tracer stopped with the JVM: " + receipt);
      }
    }, "galileo-shutdown");
    hook.setContextClassLoader(null);
    Runtime.getRuntime().addShutdownHook(hook);
    shutdownHook = hook;
  }

  private void removeShutdownHook() {
    Thread hook = shutdownHook;
    if (hook != null && hook != Thread.currentThread()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or about to; nothing to undo
      }
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
    private final List<SpanExporter> exporters = new ArrayList<>();
    private boolean shutdownHook = true;

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

    /**
     * Sends spans to this exporter, through its own queue and worker, instead of the exporters
     * {@code GALILEO_EXPORTER} names. Call again to add more.
     */
    public Builder exporter(SpanExporter exporter) {
      exporters.add(Objects.requireNonNull(exporter, "exporter"));
      return this;
    }

    /**
     * Whether a JVM shutdown hook flushes and closes the tracer (with the configured timeout). On by
     * default; closing the tracer removes the hook.
     */
    public Builder shutdownHook(boolean enabled) {
      this.shutdownHook = enabled;
      return this;
    }

    /** Where plug-ins (propagators, exporters) are looked up; the core's own class loader by default. */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Builds the tracer and starts its export workers.
     *
     * @throws IllegalArgumentException if the configuration is invalid, or names a propagator or
     *     exporter that is not installed
     */
    public GalileoTracer build() {
      GalileoConfig c = config != null ? config : GalileoConfig.fromEnvironment();
      Propagator p = propagator != null ? propagator : Propagators.fromConfig(c.values(), classLoader);
      ExportSettings settings = ExportSettings.from(c);
      List<ExportPipeline> pipelines = new ArrayList<>();
      Downstream downstream = null;
      if (!c.loggingDisabled()) { // disabled: nothing is recorded, so no exporter is even created
        Redaction redaction = Redaction.fromConfig(c, classLoader);
        List<SpanExporter> chosen = exporters.isEmpty() ? Exporters.fromConfig(c, classLoader) : exporters;
        if (c.mode() == Mode.DISTRIBUTED && !chosen.isEmpty()) {
          downstream = new Downstream(chosen.size());
        }
        for (SpanExporter exporter : chosen) {
          pipelines.add(new ExportPipeline(exporter, c.mode(), settings.queueSize(),
              settings.batchSize(), settings.lingerFor(exporter), downstream, settings.completionTimeout(),
              redaction));
        }
      }
      GalileoTracer tracer = new GalileoTracer(c, p, List.copyOf(processors), List.copyOf(pipelines),
          downstream, settings);
      if (shutdownHook && !pipelines.isEmpty()) {
        tracer.installShutdownHook();
      }
      return tracer;
    }

    /** Builds the tracer and makes it the one {@link Galileo#tracer()} returns. */
    public GalileoTracer buildAndRegister() {
      GalileoTracer tracer = build();
      Galileo.register(tracer);
      return tracer;
    }
  }
}
