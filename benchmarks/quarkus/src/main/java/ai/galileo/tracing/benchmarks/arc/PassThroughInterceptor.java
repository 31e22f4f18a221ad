package ai.galileo.tracing.benchmarks.arc;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * An interceptor that only proceeds: what ArC costs per call with any interceptor. Same priority as
 * galileo-cdi's.
 */
@Interceptor
@PassThrough
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class PassThroughInterceptor {
  @AroundInvoke
  public Object proceed(InvocationContext invocation) throws Exception {
    return invocation.proceed();
  }
}
