package ai.galileo.tracing.transport.servlet;

import ai.galileo.tracing.core.transport.ServerSpan;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One traced request: its server span, and the {@link AsyncListener} that ends the span when an
 * asynchronous request completes. Kept in a request attribute so every dispatch of the request
 * finds it.
 */
final class TracedRequest implements AsyncListener {
  private final ServerSpan span;
  private final HttpServletResponse response;
  private final AtomicBoolean listening = new AtomicBoolean();
  private volatile Throwable asyncFailure;

  TracedRequest(ServerSpan span, HttpServletResponse response) {
    this.span = span;
    this.response = response;
  }

  ServerSpan span() {
    return span;
  }

  /**
   * The request as the chain should see it: when it may go asynchronous, a wrapper whose async
   * contexts run {@link AsyncContext#start} tasks in the span and report completion to this.
   */
  HttpServletRequest wrap(HttpServletRequest request) {
    return request.isAsyncSupported() ? new TracingRequest(request, this) : request;
  }

  /**
   * Starts listening to the request's async cycle, once; false if that is no longer possible
   * (the container refused the listener), when the caller must end the span itself.
   */
  boolean listenTo(HttpServletRequest request) {
    if (listening.get()) {
      return true;
    }
    try {
      return listenTo(request.getAsyncContext());
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Called as the application starts async: from then on, completion ends the span. */
  boolean listenTo(AsyncContext async) {
    if (!listening.compareAndSet(false, true)) {
      return true;
    }
    try {
      async.addListener(this);
      return true;
    } catch (IllegalStateException e) {
      listening.set(false);
      return false;
    }
  }

  /** Ends the span with the response's status, or a server error's if there was a failure. */
  void end(Throwable failure) {
    int status = response.getStatus();
    if (failure != null && status < 400) {
      status = 500; // what the container will send once the exception reaches it
    }
    span.end(status, failure);
  }

  @Override
  public void onComplete(AsyncEvent event) {
    end(asyncFailure);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    // The container answers (and calls onComplete) next; the span ends there, with that status.
    long timeout = event.getAsyncContext() == null ? -1 : event.getAsyncContext().getTimeout();
    asyncFailure = new TimeoutException("The asynchronous request timed out"
        + (timeout > 0 ? " after " + timeout + " ms" : ""));
  }

  @Override
  public void onError(AsyncEvent event) {
    Throwable error = event.getThrowable();
    asyncFailure = error == null ? new IllegalStateException("The asynchronous request failed") : error;
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // A new async cycle of the same request (after a dispatch): containers drop the listeners of
    // the previous cycle and tell them here, so they can stay for the next one.
    AsyncContext next = event.getAsyncContext();
    if (next != null) {
      next.addListener(this);
    }
  }
}
