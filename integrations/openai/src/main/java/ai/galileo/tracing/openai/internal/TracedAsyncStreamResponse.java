package ai.galileo.tracing.openai.internal;

import com.openai.core.http.AsyncStreamResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * An asynchronous stream whose handler sees every item unchanged, after the call's observer. The
 * span ends on the thread that delivers the end: in the handler's {@code onComplete} (before the
 * caller's own), when the request fails before any item, or when the caller closes the stream.
 * {@link #onCompleteFuture()} completes as the SDK's does, once the span has ended, so code that
 * waits for it sees the span finished.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class TracedAsyncStreamResponse<T> implements AsyncStreamResponse<T> {
  private final AsyncStreamResponse<T> delegate;
  private final LlmCall call;
  private final StreamObserver<T> observer;
  private final String where;
  private final CompletableFuture<Void> completed = new CompletableFuture<>();

  TracedAsyncStreamResponse(AsyncStreamResponse<T> delegate, LlmCall call,
      StreamObserver<T> observer, String where) {
    this.delegate = delegate;
    this.call = call;
    this.observer = observer;
    this.where = where;
    delegate.onCompleteFuture().whenComplete((ignored, error) -> {
      try {
        if (error != null) {
          call.fail(where, error, observer::result);
        } else {
          call.closedEarly(where, observer::result); // closed before the handler was told the end
        }
      } finally {
        if (error != null) {
          completed.completeExceptionally(error);
        } else {
          completed.complete(ignored);
        }
      }
    });
  }

  @Override
  public AsyncStreamResponse<T> subscribe(Handler<? super T> handler) {
    delegate.subscribe(new Observing(handler));
    return this;
  }

  @Override
  public AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor) {
    delegate.subscribe(new Observing(handler), executor);
    return this;
  }

  @Override
  public CompletableFuture<Void> onCompleteFuture() {
    return completed;
  }

  @Override
  public void close() {
    delegate.close();
  }

  private final class Observing implements Handler<T> {
    private final Handler<? super T> handler;

    Observing(Handler<? super T> handler) {
      this.handler = handler;
    }

    @Override
    public void onNext(T value) {
      Guard.run(where, () -> observer.next(value));
      handler.onNext(value);
    }

    @Override
    public void onComplete(Optional<Throwable> error) {
      if (error.isPresent()) {
        call.fail(where, error.get(), observer::result);
      } else {
        call.succeed(where, observer::result);
      }
      handler.onComplete(error);
    }
  }
}
