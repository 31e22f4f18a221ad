package ai.galileo.tracing.core.transport;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.internal.LogOnce;
import ai.galileo.tracing.core.internal.RecordingSpan;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.logging.Logger;

/**
 * The span of one request a server handles, and the context its handler runs in. Made by
 * {@link ServerTracing}; safe to use from any thread.
 *
 * @since 0.1.0
 */
public final class ServerSpan {
  private static final Logger LOGGER = Logger.getLogger(ServerSpan.class.getName());
  private static final LogOnce LEAKS = new LogOnce(LOGGER);

  private final Span span;
  private final Context context;
  /** True when the span continues a caller's trace, under the caller's span. */
  private final boolean continued;
  /** Set once, by the first end; a field rather than an AtomicBoolean, one object less a call. */
  private volatile boolean ended;
  private static final VarHandle ENDED;

  static {
    try {
      ENDED = MethodHandles.lookup().findVarHandle(ServerSpan.class, "ended", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  ServerSpan(Span span, Context context, boolean continued) {
    this.span = span;
    this.context = context;
    this.continued = continued;
  }

  /** The handle of an excluded request: no span, and its handler runs outside any trace. */
  static ServerSpan untraced() {
    return new ServerSpan(Span.invalid(), Context.root(), false);
  }

  /** True if the request is traced; false for an excluded one. */
  public boolean isTraced() {
    return span.context().isValid();
  }

  /**
   * Writes {@value ServerTracing#SPAN_ID_HEADER} into the response when this span continues a
   * caller's trace: the caller completes its trace only once this span is in the backend. Call it
   * before the response's headers are sent (as the request starts is simplest). Never throws.
   */
  public <C> void injectResponse(C carrier, Propagator.Setter<C> setter) {
    if (!continued || carrier == null || setter == null) {
      return;
    }
    try {
      setter.set(carrier, ServerTracing.SPAN_ID_HEADER, span.context().spanIdString());
    } catch (RuntimeException e) {
      // A response that refuses headers must not fail the request; the caller then waits longer.
    }
  }

  /** The server span itself, to add metadata or tags before it ends. */
  public Span span() {
    return span;
  }

  /** The context the handler runs in: the server span, plus what the propagators extracted. */
  public Context context() {
    return context;
  }

  /**
   * Makes {@link #context()} current on this thread until the scope closes. Call it again on each
   * thread the request's work continues on. Closing the scope restores what was current before,
   * and logs (once, at debug level) if the handler left a scope of its own open.
   */
  public Scope makeCurrent() {
    Context before = Context.current();
    Scope scope = context.makeCurrent();
    return () -> {
      scope.close();
      if (Context.current() != before) {
        LEAKS.fine(0, null, () -> "A request handler left a Scope open on thread "
            + Thread.currentThread().getName() + ": close every Scope it opens");
      }
    };
  }

  /** Ends the span with the response's status code. Only the first end counts. */
  public void end(int statusCode) {
    end(statusCode, null);
  }

  /**
   * Ends the span with the response's status code and the failure, if any; a status code of 0 or
   * less means none was sent. Only the first end counts.
   */
  public void end(int statusCode, Throwable error) {
    if (ENDED.compareAndSet(this, false, true)) {
      end(span, statusCode, error);
    }
  }

  /** Ends a call's span with the status code, if one was sent (above 0), and the failure, if any. */
  static void end(Span span, int statusCode, Throwable error) {
    if (span instanceof RecordingSpan s) {
      s.end(statusCode, error); // one lock for all three
      return;
    }
    if (statusCode > 0) {
      span.setStatusCode(statusCode);
    }
    if (error != null) {
      span.recordError(error);
    }
    span.end();
  }

  /** True once {@link #end} was called. */
  public boolean isEnded() {
    return ended;
  }

  @Override
  public String toString() {
    return "ServerSpan{" + span.context() + (ended ? ", ended" : "") + "}";
  }
}
