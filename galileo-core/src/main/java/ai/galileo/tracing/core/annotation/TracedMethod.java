package ai.galileo.tracing.core.annotation;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.internal.annotation.MethodPlan;

/**
 * One method as the engine runs it: its plan (span name and type, captured parameters, how its
 * result ends the span) worked out once, bound to the engine's tracer. An interceptor gets it from
 * {@link TracedMethods#method} once per {@link java.lang.reflect.Method} and keeps it where it finds
 * it again cheaply, so that a call costs no lookup in the engine.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @since 0.1.0
 */
public final class TracedMethod {
  private final MethodPlan plan;
  /** Null for the process's tracer, looked up on each call. */
  private final Tracer tracer;

  TracedMethod(MethodPlan plan, Tracer tracer) {
    this.plan = plan;
    this.tracer = tracer;
  }

  /** False for a method without {@link Traced}: its calls just proceed. */
  public boolean traced() {
    return plan.traced();
  }

  /**
   * Runs one call as a span of this method (or just proceeds, if it is not traced). The call is
   * handed over as the interceptor's own invocation object and a function that proceeds with it,
   * such as {@code MethodInvocation::proceed}: a method reference that captures nothing is one
   * shared object, so the call allocates nothing for it.
   *
   * @param invocation the interceptor's invocation, passed to {@code proceed}
   * @param args the call's arguments; null is read as no arguments
   * @param proceed proceeds with the intercepted call
   * @return what the call returned, or for an asynchronous result an object of the same kind that
   *     completes as it does (the very same {@code CompletionStage})
   * @throws Throwable whatever the call throws, unchanged
   */
  public <T> Object invoke(T invocation, Object[] args, Proceed<? super T> proceed)
      throws Throwable {
    // the engine's one path; kept in this one frame, since an interceptor's call is deep already
    if (!plan.traced()) {
      return proceed.proceed(invocation);
    }
    Span span = plan.start(tracer, args);
    Object result;
    try (Scope ignored = span.makeCurrent()) {
      result = proceed.proceed(invocation);
    } catch (Throwable e) {
      plan.failed(span, e);
      throw e;
    }
    return plan.finish(span, result);
  }

  /**
   * Proceeds with an intercepted call, given the interceptor's invocation object.
   *
   * @param <T> the interceptor's invocation type (Spring's {@code MethodInvocation}, CDI's
   *     {@code InvocationContext})
   * @since 0.1.0
   */
  @FunctionalInterface
  public interface Proceed<T> {
    Object proceed(T invocation) throws Throwable;
  }
}
