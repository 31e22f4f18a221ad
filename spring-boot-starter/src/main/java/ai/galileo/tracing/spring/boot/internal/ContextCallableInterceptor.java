package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import java.util.concurrent.Callable;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;

/**
 * Spring MVC runs a handler's {@code Callable} on its own executor, not through
 * {@code AsyncContext.start}: this carries the request's context (its server span) there, so spans
 * made in the {@code Callable} nest under the request's span.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ContextCallableInterceptor implements CallableProcessingInterceptor {
  private static final String CONTEXT = ContextCallableInterceptor.class.getName() + ".context";
  private static final String SCOPE = ContextCallableInterceptor.class.getName() + ".scope";

  @Override
  public <T> void beforeConcurrentHandling(NativeWebRequest request, Callable<T> task) {
    request.setAttribute(CONTEXT, Context.current(), RequestAttributes.SCOPE_REQUEST);
  }

  @Override
  public <T> void preProcess(NativeWebRequest request, Callable<T> task) {
    Object context = request.getAttribute(CONTEXT, RequestAttributes.SCOPE_REQUEST);
    if (context instanceof Context) {
      request.setAttribute(SCOPE, ((Context) context).makeCurrent(), RequestAttributes.SCOPE_REQUEST);
    }
  }

  @Override
  public <T> void postProcess(NativeWebRequest request, Callable<T> task, Object concurrentResult) {
    Object scope = request.getAttribute(SCOPE, RequestAttributes.SCOPE_REQUEST);
    request.removeAttribute(SCOPE, RequestAttributes.SCOPE_REQUEST);
    if (scope instanceof Scope) {
      ((Scope) scope).close(); // on the executor's thread that opened it
    }
  }
}
