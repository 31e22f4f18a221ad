package ai.galileo.tracing.cdi;

import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.annotation.TracedMethods;
import ai.galileo.tracing.core.internal.annotation.AnnotationsIntegration;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * The CDI interceptor that makes each call of a {@link Traced} method of a bean a span.
 *
 * <p>It is enabled for the whole application by its {@link Priority} (no {@code beans.xml} entry
 * needed) and bound to {@code @Traced} by {@link GalileoCdiExtension} (or, on containers that run
 * only build compatible extensions such as Quarkus, by {@link GalileoCdiLiteExtension}): the
 * annotation lives in {@code galileo-api}, which knows nothing of CDI, so the binding is declared
 * for it at deployment. The span itself is the engine's ({@link TracedMethods#global()}), the same
 * as the Spring Boot starter's aspect uses, with {@code Galileo.tracer()} as it is at each call.
 *
 * <p>Its priority, {@link #PRIORITY}, places it among the interceptors of libraries that run before
 * the application's: after the platform's (transactions, security), so the span is inside a
 * transaction the method runs in, and around the application's own interceptors.
 *
 * @since 0.1.0
 */
@Interceptor
@Priority(TracedInterceptor.PRIORITY)
public class TracedInterceptor {
  /**
   * The interceptor's priority: {@link Interceptor.Priority#LIBRARY_BEFORE}.
   *
   * @since 0.1.0
   */
  public static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE;

  private final TracedMethods engine;

  /** Made by the container. */
  public TracedInterceptor() {
    this.engine = TracedMethods.global();
    AnnotationsIntegration.setUp("galileo-cdi's interceptor");
  }

  /**
   * Runs the intercepted call as a span; what the call returns or throws passes through unchanged.
   *
   * @param invocation the call, as the container hands it over
   * @return what the method returned
   * @throws Exception what the method threw
   */
  @AroundInvoke
  public Object trace(InvocationContext invocation) throws Exception {
    try {
      return engine.invoke(invocation.getMethod(), invocation.getParameters(), invocation::proceed);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable other) {
      // proceed() declares Exception, so only a sneaky throw of the method lands here: pass it on
      // as it is rather than wrap it in something the caller does not expect.
      throw Rethrow.<RuntimeException>unchecked(other);
    }
  }

  /** Throws any throwable without declaring it. */
  private static final class Rethrow {
    @SuppressWarnings("unchecked")
    static <T extends Throwable> T unchecked(Throwable t) throws T {
      throw (T) t;
    }
  }
}
