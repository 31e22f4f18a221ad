package ai.galileo.tracing.transport.servlet;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.core.transport.ServerSpan;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * An {@link AsyncContext} whose {@link #start} runs the task in the request's span, on the
 * container's thread, and restores that thread's previous context after it. Everything else is
 * the container's.
 */
@SuppressWarnings("try") // scopes are opened for their effect on the thread
final class TracingAsyncContext implements AsyncContext {
  private final AsyncContext delegate;
  private final ServerSpan span;

  TracingAsyncContext(AsyncContext delegate, ServerSpan span) {
    this.delegate = delegate;
    this.span = span;
  }

  @Override
  public void start(Runnable run) {
    delegate.start(() -> {
      try (Scope scope = span.makeCurrent()) {
        run.run();
      }
    });
  }

  @Override
  public ServletRequest getRequest() {
    return delegate.getRequest();
  }

  @Override
  public ServletResponse getResponse() {
    return delegate.getResponse();
  }

  @Override
  public boolean hasOriginalRequestAndResponse() {
    return delegate.hasOriginalRequestAndResponse();
  }

  @Override
  public void dispatch() {
    delegate.dispatch();
  }

  @Override
  public void dispatch(String path) {
    delegate.dispatch(path);
  }

  @Override
  public void dispatch(ServletContext context, String path) {
    delegate.dispatch(context, path);
  }

  @Override
  public void complete() {
    delegate.complete();
  }

  @Override
  public void addListener(AsyncListener listener) {
    delegate.addListener(listener);
  }

  @Override
  public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
    delegate.addListener(listener, request, response);
  }

  @Override
  public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
    return delegate.createListener(type);
  }

  @Override
  public void setTimeout(long timeout) {
    delegate.setTimeout(timeout);
  }

  @Override
  public long getTimeout() {
    return delegate.getTimeout();
  }

  @Override
  public String toString() {
    return "TracingAsyncContext{" + delegate + "}";
  }
}
