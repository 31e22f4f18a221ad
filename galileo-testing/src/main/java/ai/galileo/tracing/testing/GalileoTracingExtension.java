package ai.galileo.tracing.testing;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.internal.ThreadLocalContextStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that gives each test a fresh {@link GalileoTracer}, installed as the one
 * {@link Galileo#tracer()} returns, and lets the test read back the spans it recorded:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GalileoTracingExtension tracing = GalileoTracingExtension.create();
 *
 * @Test
 * void retrievalIsTraced() {
 *   service.answer("What did Galileo study?");   // code that traces through Galileo.tracer()
 *
 *   tracing.assertSingleTrace();                            // fails unless exactly one trace
 *   SpanData retrieve = tracing.span("retrieve");           // fails unless exactly one such span
 *   assertEquals(tracing.span("answer").spanId(), retrieve.parentId());
 * }
 * }</pre>
 *
 * <p>Before each test it builds a tracer and registers it globally; after each test it closes that
 * tracer, puts back the tracer that was installed before (or none), and fails the test if the test
 * left a {@link ai.galileo.tracing.Scope} open on its thread, since a leaked scope makes later work
 * on that thread a child of a stale span.
 *
 * <p>Results are synchronous: a span is visible to {@link #spans()} as soon as its {@code end()}
 * returns, on whatever thread it ended. The extension does not go through the export pipeline,
 * which exports later on a worker thread; it adds a span processor of its own that hands each
 * snapshot straight to an {@link InMemorySpanExporter}. For the same reason the tracer's own
 * exporter is set to {@code none}, so tests never send spans anywhere, whatever
 * {@code GALILEO_EXPORTER} says.
 *
 * <p>The tracer's mode and service name are the builder's ({@code batch} and {@code test} by
 * default), not the environment's, so tests behave the same wherever they run; logging is always
 * on. Other settings (such as {@code GALILEO_PROPAGATORS}) are read as usual.
 *
 * <p>One extension instance serves one test at a time: do not run the methods of a class that
 * shares it concurrently. Spans recorded in {@code @BeforeAll} methods are not captured. The leak
 * check runs on the thread that ran {@code afterEach}, which is the test's thread unless a
 * timeout runs the test in a thread of its own.
 *
 * @since 0.1.0
 */
public final class GalileoTracingExtension implements BeforeEachCallback, AfterEachCallback {
  private final Mode mode;
  private final String serviceName;
  private volatile Run run;

  /** What one test set up, and what its end undoes. */
  private record Run(
      GalileoTracer tracer, InMemorySpanExporter exporter, Tracer previous, int scopesBefore) {}

  private GalileoTracingExtension(Builder builder) {
    this.mode = builder.mode;
    this.serviceName = builder.serviceName;
  }

  /** An extension in batch mode, service name {@code test}. */
  public static GalileoTracingExtension create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    InMemorySpanExporter exporter = InMemorySpanExporter.keepingStartedSpans();
    GalileoConfig config =
        GalileoConfig.builder()
            .mode(mode)
            .serviceName(serviceName)
            .loggingDisabled(false)
            .set("GALILEO_EXPORTER", "none")
            .build();
    GalileoTracer tracer =
        GalileoTracer.builder()
            .config(config)
            .addSpanProcessor(new SynchronousExportProcessor(exporter))
            .build();
    int scopesBefore = ThreadLocalContextStorage.openScopes();
    Tracer previous = Galileo.register(tracer);
    run = new Run(tracer, exporter, previous, scopesBefore);
  }

  /**
   * Closes the test's tracer and restores the global one, then checks for leaked scopes.
   *
   * @throws AssertionError if the test left scopes open on its thread
   */
  @Override
  public void afterEach(ExtensionContext context) {
    Run ended = run;
    if (ended == null) {
      return;
    }
    run = null;
    try {
      ended.tracer().close();
    } finally {
      if (ended.previous() == null) {
        Galileo.reset();
      } else {
        Galileo.register(ended.previous());
      }
    }
    // Counted against the start of the test, so one leak fails one test, not every later one.
    int leaked = ThreadLocalContextStorage.openScopes() - ended.scopesBefore();
    if (leaked > 0) {
      throw new AssertionError(
          leaked
              + (leaked == 1 ? " scope was" : " scopes were")
              + " left open on the test thread by "
              + context.getDisplayName()
              + ": close every Scope that makeCurrent() returns, with try-with-resources");
    }
  }

  /** The tracer of the running test; also what {@link Galileo#tracer()} returns during it. */
  public GalileoTracer tracer() {
    return current().tracer();
  }

  /** The exporter the running test's spans go to, with start snapshots too. */
  public InMemorySpanExporter exporter() {
    return current().exporter();
  }

  /** Every span that ended so far in the running test, in the order they ended. */
  public List<SpanData> spans() {
    return exporter().finishedSpans();
  }

  /** The spans with this name that ended so far, in the order they ended. */
  public List<SpanData> spans(String name) {
    return exporter().spans(name);
  }

  /**
   * The spans of this type that ended so far, in the order they ended.
   *
   * @since 0.1.0
   */
  public List<SpanData> spans(SpanType type) {
    return exporter().spans(type);
  }

  /**
   * The one TOOL span that executed the model's tool call with this id ({@link
   * SpanData#toolCallId()}): how a test finds the span of one call among several of the same tool.
   *
   * @throws AssertionError if no tool span or several carry this id
   * @since 0.1.0
   */
  public SpanData toolSpan(String toolCallId) {
    Objects.requireNonNull(toolCallId, "toolCallId");
    List<SpanData> matches = new ArrayList<>();
    for (SpanData span : spans(SpanType.TOOL)) {
      if (toolCallId.equals(span.toolCallId())) {
        matches.add(span);
      }
    }
    if (matches.size() != 1) {
      List<String> ids = new ArrayList<>();
      for (SpanData span : spans(SpanType.TOOL)) {
        ids.add(span.name() + "=" + span.toolCallId());
      }
      throw new AssertionError("Expected exactly one ended tool span for tool call \"" + toolCallId
          + "\", found " + matches.size() + " among " + ids);
    }
    return matches.get(0);
  }

  /** The spans of one trace that ended so far, in the order they ended; empty if none. */
  public List<SpanData> trace(UUID traceId) {
    return exporter().trace(traceId);
  }

  /** The spans that ended so far, grouped by trace id in the order each trace was first seen. */
  public Map<UUID, List<SpanData>> traces() {
    return exporter().traces();
  }

  /**
   * The spans of the only trace the test recorded, in the order they ended.
   *
   * @throws AssertionError if the spans belong to no trace or to several
   */
  public List<SpanData> assertSingleTrace() {
    Map<UUID, List<SpanData>> traces = traces();
    if (traces.size() != 1) {
      StringBuilder message = new StringBuilder("Expected the spans of exactly one trace, found ")
          .append(traces.size()).append(traces.size() == 1 ? " trace" : " traces");
      traces.forEach((id, spans) -> message.append("\n  ").append(id).append(": ").append(names(spans)));
      throw new AssertionError(message.toString());
    }
    return traces.values().iterator().next();
  }

  /**
   * The one span with this name that ended so far.
   *
   * @throws AssertionError if no span or several spans have this name
   */
  public SpanData span(String name) {
    List<SpanData> matches = spans(name);
    if (matches.size() != 1) {
      throw new AssertionError(
          "Expected exactly one ended span named \"" + name + "\", found " + matches.size()
              + " among " + names(spans()));
    }
    return matches.get(0);
  }

  /**
   * Waits (at most the timeout) until a span with this name has ended, and returns it. For spans
   * that end on another thread after the test can see their effect: a server's span ends after
   * its handler has sent the response.
   *
   * @throws AssertionError if none has ended in time, or several have this name
   * @since 0.1.0
   */
  public SpanData awaitSpan(String name, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (spans(name).isEmpty() && System.nanoTime() - deadline < 0) {
      Thread.sleep(5);
    }
    return span(name);
  }

  private Run current() {
    Run r = run;
    if (r == null) {
      throw new IllegalStateException(
          "No test is running: GalileoTracingExtension sets up a tracer before each test and"
              + " removes it after; register it with @RegisterExtension and use it inside tests");
    }
    return r;
  }

  private static List<String> names(List<SpanData> spans) {
    List<String> names = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      names.add(span.name());
    }
    return names;
  }

  /**
   * Configures a {@link GalileoTracingExtension}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Mode mode = Mode.BATCH;
    private String serviceName = "test";

    private Builder() {}

    /** The tracer's mode; {@link Mode#BATCH} by default. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The service name recorded in each span's {@code service.name}; {@code test} by default. */
    public Builder serviceName(String serviceName) {
      this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
      return this;
    }

    public GalileoTracingExtension build() {
      return new GalileoTracingExtension(this);
    }
  }
}
