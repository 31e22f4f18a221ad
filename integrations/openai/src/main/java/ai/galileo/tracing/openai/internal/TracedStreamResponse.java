package ai.galileo.tracing.openai.internal;

import com.openai.core.http.StreamResponse;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A blocking stream that passes every item to the caller unchanged, and shows each one to the
 * call's observer first. The span ends when the stream runs out (the answer is complete), when
 * reading it fails (an error event, a broken connection), or when the caller closes it before the
 * end, whichever comes first; a failure in the caller's own code while it reads is not the
 * stream's and is not recorded as one.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class TracedStreamResponse<T> implements StreamResponse<T> {
  private final StreamResponse<T> delegate;
  private final LlmCall call;
  private final StreamObserver<T> observer;
  private final String where;

  TracedStreamResponse(StreamResponse<T> delegate, LlmCall call, StreamObserver<T> observer,
      String where) {
    this.delegate = delegate;
    this.call = call;
    this.observer = observer;
    this.where = where;
  }

  @Override
  public Stream<T> stream() {
    Stream<T> items = delegate.stream();
    return StreamSupport.stream(new Observed(items.spliterator()), false).onClose(items::close);
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      call.closedEarly(where, observer::result); // nothing when the span already ended
    }
  }

  private final class Observed implements Spliterator<T> {
    private final Spliterator<T> source;
    private T item;

    Observed(Spliterator<T> source) {
      this.source = source;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      boolean more;
      try {
        more = source.tryAdvance(next -> item = next);
      } catch (Throwable e) { // Kotlin code may throw checked exceptions undeclared
        call.fail(where, e, observer::result);
        throw e;
      }
      if (!more) {
        call.succeed(where, observer::result);
        return false;
      }
      T next = item;
      item = null;
      Guard.run(where, () -> observer.next(next));
      action.accept(next); // the caller's code: its failures are its own
      return true;
    }

    @Override
    public Spliterator<T> trySplit() {
      return null; // items are observed in order
    }

    @Override
    public long estimateSize() {
      return source.estimateSize();
    }

    @Override
    public int characteristics() {
      return source.characteristics() & ~(Spliterator.SIZED | Spliterator.SUBSIZED);
    }
  }
}
