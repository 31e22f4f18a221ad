package ai.galileo.tracing.core.transport;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.internal.Downstream;
import ai.galileo.tracing.internal.Uuids;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The client side of one outgoing call: the context to inject, and the call's own span when client
 * spans are on. Made by {@link ClientTracing}; safe to use from any thread.
 *
 * <p>In distributed mode the call also holds its trace's completion back until it ends, and its
 * response tells which span the called service made ({@link #extractResponse}), so the trace is
 * completed only once that span is in the backend: Galileo refuses spans of a completed trace.
 * Transports must end every call they start, whether it succeeds, fails or is cancelled.
 *
 * @since 0.1.0
 */
public final class ClientSpan {
  private final Span span;
  private final Context context;
  /** The call's hold on its local root's completion; null outside distributed mode. */
  private final Downstream.Call call;
  /** Set once, by the first end; a field rather than an AtomicBoolean, one object less a call. */
  private volatile boolean ended;
  private static final VarHandle ENDED;

  static {
    try {
      ENDED = MethodHandles.lookup().findVarHandle(ClientSpan.class, "ended", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  ClientSpan(Span span, Context context, Downstream.Call call) {
    this.span = span;
    this.context = context;
    this.call = call;
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
   * True if {@link #extractResponse} has a use for the response (distributed mode); a transport
   * may skip keeping the call around for it otherwise.
   *
   * @since 0.1.0
   */
  public boolean readsResponse() {
    return call != null;
  }

  /**
   * Reads the called service's {@value ServerTracing#SPAN_ID_HEADER} from the response, if it sent
   * one. Call it when the response's headers arrive, before {@link #end}. A missing or malformed
   * value is ignored.
   */
  public <C> void extractResponse(C carrier, Propagator.Getter<C> getter) {
    if (call == null || carrier == null || getter == null) {
      return;
    }
    try {
      String value = getter.get(carrier, ServerTracing.SPAN_ID_HEADER);
      if (value != null) {
        call.downstreamSpan(Uuids.parse(value.trim()));
      }
    } catch (RuntimeException e) {
      // A carrier that throws must not fail the call; the trace then waits for the call alone.
    }
  }

  /**
   * Ends the client span, if any, with the response's status code (0 or less for none) and the
   * failure, if any, and releases the call's hold on its trace's completion. Only the first end
   * counts.
   */
  public void end(int statusCode, Throwable error) {
    if (ENDED.compareAndSet(this, false, true)) {
      if (span != null) {
        ServerSpan.end(span, statusCode, error);
      }
      if (call != null) {
        call.end();
      }
    }
  }
}
