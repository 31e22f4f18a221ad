package ai.galileo.tracing.core.annotation;

import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.internal.annotation.MethodPlans;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * Runs a call of a {@link Traced} method as a span: the one engine behind every interceptor of the
 * annotation (the Spring Boot starter's aspect, the CDI interceptor), so that they behave alike.
 *
 * <p>An interceptor hands over the method, its arguments and a way to proceed; the engine starts
 * the span, makes it current while the call runs, records the result or the exception (rethrown
 * unchanged) and ends the span, or arranges for an asynchronous result to end it when it
 * completes. What a method needs (its span's name and type, its parameter names, which arguments
 * are captured, the kind of result) is worked out once per {@link Method} and kept with its class,
 * so a call only renders its arguments and starts a span. An interceptor that can keep something
 * per method takes {@link #method}'s {@link TracedMethod} and saves even the lookup. A method
 * without {@link Traced} just proceeds.
 *
 * <p>Nothing the engine does may change the call's outcome: a failure of its own is logged once
 * and the call goes on; the method's own exceptions pass through unchanged.
 *
 * @since 0.1.0
 */
public final class TracedMethods {
  private static final TracedMethods GLOBAL = new TracedMethods(null);

  /** Null for the process's tracer, looked up on each call. */
  private final Tracer tracer;

  private TracedMethods(Tracer tracer) {
    this.tracer = tracer;
  }

  /** An engine that starts its spans with the given tracer. */
  public static TracedMethods create(Tracer tracer) {
    return new TracedMethods(Objects.requireNonNull(tracer, "tracer"));
  }

  /**
   * The engine bound to {@link ai.galileo.tracing.Galileo#tracer()}, looked up on each call, so
   * that a tracer registered later (or by a test) is the one used.
   */
  public static TracedMethods global() {
    return GLOBAL;
  }

  /**
   * Calls {@code call} as a span of {@code method} when it carries {@link Traced}, else just calls
   * it.
   *
   * @param method the method as declared where it carries the annotation (an interceptor that sees
   *     an interface's method resolves the implementation's first)
   * @param args the call's arguments; null is read as no arguments
   * @param call proceeds with the intercepted call
   * @return what the call returned, or for an asynchronous result an object of the same kind that
   *     completes as it does (the very same {@code CompletionStage})
   * @throws Throwable whatever the call throws, unchanged
   */
  public Object invoke(Method method, Object[] args, MethodCall call) throws Throwable {
    return method(method).invoke(call, args, MethodCall::proceed);
  }

  /**
   * {@code method} as this engine runs it, its plan worked out now: an interceptor keeps it per
   * method and calls {@link TracedMethod#invoke}, so that a call costs no lookup here.
   *
   * @param method the method as declared where it carries the annotation (as for {@link #invoke})
   * @return the method's handle; one that just proceeds if it has no {@link Traced}
   * @since 0.1.0
   */
  public TracedMethod method(Method method) {
    return new TracedMethod(MethodPlans.of(method), tracer);
  }

  /**
   * The intercepted call, as an interceptor proceeds with it (Spring's
   * {@code MethodInvocation::proceed}, CDI's {@code InvocationContext::proceed}).
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  public interface MethodCall {
    Object proceed() throws Throwable;
  }
}
