package ai.galileo.tracing.core.transport;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client side of one outgoing call: the context to inject, and the call's own span when client
 * spans are on. Made by {@link ClientTracing}; safe to use from any thread.
 *
 * @since 0.1.0
 */
public final class ClientSpan {
  private final Span span;
  private final Context context;
  private final AtomicBoolean ended = new AtomicBoolean();

  ClientSpan(Span span, Context context) {
    this.span = span;
    this.context = context;
  }

  /** The context to inject: the caller's, with the client span when there is one. */
  public Context context() {
    return context;
  }

  /** The client span, or {@link Span#invalid()} when the call has none. */
  public Span span() {
    return span == null ? Span.invalid() : span;
  }

  /** True if the call has a span of its own. */
  public boolean hasSpan() {
    return span != null;
  }

  /**
   * Ends the client span, if any, with the response's status code (0 or less for none) and the
   * failure, if any. Only the first end counts.
   */
  public void end(int statusCode, Throwable error) {
    if (span != null && ended.compareAndSet(false, true)) {
      ServerSpan.end(span, statusCode, error);
    }
  }
}
