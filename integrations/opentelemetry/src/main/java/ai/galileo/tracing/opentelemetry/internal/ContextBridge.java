package ai.galileo.tracing.opentelemetry.internal;

import ai.galileo.tracing.core.internal.CoveredInstrumentation;
import ai.galileo.tracing.internal.ThreadLocalContextStorage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.lang.ref.WeakReference;
import java.util.UUID;

/**
 * Makes OpenTelemetry's current span and Galileo's current span one: OpenTelemetry's context
 * storage, wrapped, answers the Galileo span when that is the innermost current one, and
 * galileo-core's implicit-parent resolver answers the OpenTelemetry span when that is.
 *
 * <p>Which one is innermost: each OpenTelemetry context made current through this storage is
 * marked with the Galileo span current at that moment. While Galileo's current span is still the
 * marked one, nothing Galileo opened since: OpenTelemetry's span is the inner one. Once it is
 * another, a Galileo span was made current inside OpenTelemetry's scope: Galileo's is the inner
 * one. With no mark to go by (an OpenTelemetry context made current before the bridge was
 * installed, or by the OpenTelemetry agent, whose storage this is not), Galileo's span counts as
 * the inner one when there is one.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ContextBridge implements ContextStorage {
  private static volatile ContextBridge installed;
  private static final ThreadLocal<Mark> MARK = new ThreadLocal<>();
  private static final ThreadLocal<WeakReference<Answer>> LAST_ANSWER = new ThreadLocal<>();

  private final ContextStorage delegate;

  /** An OpenTelemetry context made current, with the Galileo span current at that moment. */
  private static final class Mark {
    final Context otel;
    final ai.galileo.tracing.Span galileo;
    final Mark below;

    Mark(Context otel, ai.galileo.tracing.Span galileo, Mark below) {
      this.otel = otel;
      this.galileo = galileo;
      this.below = below;
    }
  }

  private ContextBridge(ContextStorage delegate) {
    this.delegate = delegate;
  }

  /** The wrapper for {@link ContextStorage#addWrapper}; remembers the storage it makes. */
  public static ContextStorage wrap(ContextStorage storage) {
    if (storage instanceof ContextBridge) {
      return storage;
    }
    ContextBridge bridge = new ContextBridge(storage);
    installed = bridge;
    return bridge;
  }

  /** True once OpenTelemetry's context storage is this bridge. */
  public static boolean isInstalled() {
    return installed != null;
  }

  @Override
  public Scope attach(Context toAttach) {
    Mark below = MARK.get();
    Mark mark = new Mark(toAttach, ThreadLocalContextStorage.currentSpan(), below);
    Scope scope = delegate.attach(toAttach);
    MARK.set(mark);
    return () -> {
      scope.close();
      if (MARK.get() == mark) { // closed out of order: OpenTelemetry's storage ignores it too
        if (below == null) {
          MARK.remove(); // an idle pooled thread pins nothing
        } else {
          MARK.set(below);
        }
      }
    };
  }

  @Override
  public Context current() {
    Context raw = delegate.current();
    ai.galileo.tracing.Span galileo = ThreadLocalContextStorage.currentSpan();
    if (!galileo.context().isValid()) {
      return raw;
    }
    Span otel = raw == null ? null : Span.fromContextOrNull(raw);
    if (otel instanceof GalileoBackedSpan backed && backed.galileoSpan() == galileo) {
      return raw;
    }
    if (otel != null && otel.getSpanContext().isValid() && otelIsInner(raw, galileo)) {
      return raw;
    }
    return bridged(raw == null ? delegate.root() : raw, galileo);
  }

  /**
   * The context with a stand-in for the Galileo span. OpenTelemetry asks for the current context
   * at every span start; the last answer on this thread is kept for the same question, weakly, so
   * that an idle thread pins nothing once the answer is no longer used.
   */
  private static Context bridged(Context otel, ai.galileo.tracing.Span galileo) {
    WeakReference<Answer> ref = LAST_ANSWER.get();
    Answer last = ref == null ? null : ref.get();
    if (last != null && last.otel == otel && last.galileo == galileo) {
      return last.bridged;
    }
    Context bridged = otel.with(new GalileoBackedSpan(galileo));
    LAST_ANSWER.set(new WeakReference<>(new Answer(otel, galileo, bridged)));
    return bridged;
  }

  /** A context answered for an OpenTelemetry context and a Galileo span. */
  private static final class Answer {
    final Context otel;
    final ai.galileo.tracing.Span galileo;
    final Context bridged;

    Answer(Context otel, ai.galileo.tracing.Span galileo, Context bridged) {
      this.otel = otel;
      this.galileo = galileo;
      this.bridged = bridged;
    }
  }

  @Override
  public Context root() {
    return delegate.root();
  }

  /** True when the OpenTelemetry context was made current while this Galileo span was current. */
  private static boolean otelIsInner(Context raw, ai.galileo.tracing.Span galileo) {
    Mark mark = MARK.get();
    return mark != null && mark.otel == raw && mark.galileo == galileo;
  }

  /**
   * galileo-core's implicit parent: the span a Galileo span started now nests under, given
   * Galileo's current span. OpenTelemetry's current span when it is the inner one (the Galileo
   * span it stands for, if it stands for one), else Galileo's.
   */
  public static ai.galileo.tracing.Span implicitParent(ai.galileo.tracing.Span galileo) {
    ContextBridge bridge = installed;
    // Not installed (the storage was in use before, or the agent's): OpenTelemetry's own current.
    Context raw = bridge != null ? bridge.delegate.current() : Context.current();
    Span otel = raw == null ? null : Span.fromContextOrNull(raw);
    if (otel == null || !otel.getSpanContext().isValid()) {
      return galileo;
    }
    boolean otelInner = !galileo.context().isValid()
        || (bridge != null && otelIsInner(raw, galileo));
    if (!otelInner) {
      return galileo;
    }
    if (otel instanceof GalileoBackedSpan backed) {
      return backed.galileoSpan();
    }
    if (otel instanceof ReadableSpan readable
        && CoveredInstrumentation.isCovered(readable.getInstrumentationScopeInfo().getName())) {
      // Not exported (a Galileo integration logs the step): nesting under it would orphan the span.
      return galileo;
    }
    SpanContext context = otel.getSpanContext();
    UUID trace = OtelIds.traceUuid(context);
    UUID span = OtelIds.spanUuid(context, trace);
    return ai.galileo.tracing.Span.wrap(context.isRemote()
        ? ai.galileo.tracing.SpanContext.createRemote(trace, span)
        : ai.galileo.tracing.SpanContext.create(trace, span));
  }
}
