package ai.galileo.tracing.cdi;

import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.annotation.TracedMethod;
import ai.galileo.tracing.core.annotation.TracedMethods;
import ai.galileo.tracing.core.internal.annotation.AnnotationsIntegration;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CDI interceptor that makes each call of a {@link Traced} method of a bean a span.
 *
 * <p>It is enabled for the whole application by its {@link Priority} (no {@code beans.xml} entry
 * needed) and bound to {@code @Traced} by {@link GalileoCdiExtension} (or, on containers that run
 * only build compatible extensions such as Quarkus, by {@link GalileoCdiLiteExtension}): the
 * annotation lives in {@code galileo-api}, which knows nothing of CDI, so the binding is declared
 * for it at deployment. The span itself is the engine's ({@link TracedMethods#global()}), the same
 * as the Spring Boot starter's aspect uses, with {@code Galileo.tracer()} as it is at each call;
 * each method's {@link TracedMethod} is resolved once and kept, so a call costs no lookup.
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

  /** The engine's handles of the methods seen, kept with their declaring class. */
  private static final ClassValue<ConcurrentHashMap<Method, TracedMethod>> RESOLVED =
      new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<Method, TracedMethod> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  /**
   * The method this instance intercepted last, with its handle: the container makes an interceptor
   * instance per bean instance and hands over the same {@link Method} on each call, so the usual
   * call finds its handle with one comparison. Replaced whole, never changed, so a racing thread
   * sees either pair, each consistent.
   */
  private Resolved last = Resolved.NONE;

  /** Made by the container. */
  public TracedInterceptor() {
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
      return traced(invocation.getMethod())
          .invoke(invocation, invocation.getParameters(), InvocationContext::proceed);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable other) {
      // proceed() declares Exception, so only a sneaky throw of the method lands here: pass it on
      // as it is rather than wrap it in something the caller does not expect.
      throw Rethrow.<RuntimeException>unchecked(other);
    }
  }

  private TracedMethod traced(Method method) {
    Resolved r = last;
    if (r.method == method) {
      return r.traced;
    }
    ConcurrentHashMap<Method, TracedMethod> known = RESOLVED.get(method.getDeclaringClass());
    TracedMethod m = known.get(method);
    if (m == null) {
      m = known.computeIfAbsent(method, TracedMethods.global()::method);
    }
    last = new Resolved(method, m);
    return m;
  }

  /** A method and its handle. */
  private static final class Resolved {
    static final Resolved NONE = new Resolved(null, null);

    final Method method;
    final TracedMethod traced;

    Resolved(Method method, TracedMethod traced) {
      this.method = method;
      this.traced = traced;
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
