package ai.galileo.tracing.core.internal.export;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request body sent from the array itself. The JDK's {@code BodyPublishers.ofByteArray} copies the
 * array into fresh buffers on every attempt, since a caller may change it; the exporter's bodies are
 * never changed once written, so one read-only view of the array serves every attempt.
 */
final class ByteArrayBody implements HttpRequest.BodyPublisher {
  private final byte[] body;

  ByteArrayBody(byte[] body) {
    this.body = body;
  }

  @Override
  public long contentLength() {
    return body.length;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    subscriber.onSubscribe(new Flow.Subscription() {
      private final AtomicBoolean done = new AtomicBoolean();

      @Override
      public void request(long n) {
        if (done.get()) {
          return;
        }
        if (n <= 0) {
          if (done.compareAndSet(false, true)) {
            subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
          }
          return;
        }
        if (done.compareAndSet(false, true)) {
          if (body.length > 0) {
            subscriber.onNext(ByteBuffer.wrap(body).asReadOnlyBuffer());
          }
          subscriber.onComplete();
        }
      }

      @Override
      public void cancel() {
        done.set(true);
      }
    });
  }
}
