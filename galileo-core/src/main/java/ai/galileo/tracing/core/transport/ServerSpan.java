package ai.galileo.tracing.core.transport;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.internal.LogOnce;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private final AtomicBoolean ended = new AtomicBoolean();

  ServerSpan(Span span, Context context) {
    this.span = span;
    this.context = context;
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
    if (ended.compareAndSet(false, true)) {
      end(span, statusCode, error);
    }
  }

  /** Ends a call's span with the status code, if one was sent (above 0), and the failure, if any. */
  static void end(Span span, int statusCode, Throwable error) {
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
    return ended.get();
  }

  @Override
  public String toString() {
    return "ServerSpan{" + span.context() + (ended.get() ? ", ended" : "") + "}";
  }
}
