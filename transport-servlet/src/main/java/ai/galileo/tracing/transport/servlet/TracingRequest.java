package ai.galileo.tracing.transport.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request as traced servlets see it when async is supported: the same request, except that
 * its {@link AsyncContext} runs {@link AsyncContext#start} tasks in the request's span, and that
 * starting async registers the listener that ends the span when the cycle completes.
 */
final class TracingRequest extends HttpServletRequestWrapper {
  private final TracedRequest traced;

  TracingRequest(HttpServletRequest request, TracedRequest traced) {
    super(request);
    this.traced = traced;
  }

  @Override
  public AsyncContext startAsync() {
    return started(super.startAsync());
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    return started(super.startAsync(request, response));
  }

  @Override
  public AsyncContext getAsyncContext() {
    AsyncContext async = super.getAsyncContext();
    return async == null || async instanceof TracingAsyncContext
        ? async
        : new TracingAsyncContext(async, traced.span());
  }

  private AsyncContext started(AsyncContext async) {
    // Before the application can hand the work to another thread that might complete it.
    traced.listenTo(async);
    return new TracingAsyncContext(async, traced.span());
  }
}
