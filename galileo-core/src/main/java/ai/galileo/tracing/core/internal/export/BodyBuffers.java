package ai.galileo.tracing.core.internal.export;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Request bodies' buffers, reused from request to request: a body is written into a buffer taken
 * here, sent (with its retries) from it, and the buffer comes back once its request is settled. At
 * the export rates we measured, a new array per body was the largest allocation on the export path
 * (a third of it, about 500 bytes a span), and the GC's work on it was a share of export CPU.
 *
 * <p>Buffers in circulation are bounded by the requests in flight; the pool keeps at most {@code
 * maxKept} of them, and none that grew past {@link #MAX_KEPT_BYTES} (a body of huge spans).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class BodyBuffers {
  /** A buffer grown past this is dropped when its request is settled, not kept for the next. */
  static final int MAX_KEPT_BYTES = 4 * 1024 * 1024;
  private static final int INITIAL_BYTES = 64 * 1024;

  private final ConcurrentLinkedQueue<Body> free = new ConcurrentLinkedQueue<>();
  private final int maxKept;

  /** @param maxKept the most idle buffers kept, at least 1 */
  BodyBuffers(int maxKept) {
    this.maxKept = Math.max(1, maxKept);
  }

  /** An empty buffer, reused if one is free. */
  Body take() {
    Body b = free.poll();
    if (b == null) {
      return new Body(INITIAL_BYTES);
    }
    b.reset();
    return b;
  }

  /** Gives a buffer back once nothing reads it any more. */
  void give(Body b) {
    // The size check races with other givers, which can only keep one or two more than maxKept.
    if (b.capacity() <= MAX_KEPT_BYTES && free.size() < maxKept) {
      free.offer(b);
    }
  }

  /** Idle buffers kept, for tests. */
  int kept() {
    return free.size();
  }

  /** A growable byte buffer that a body is written into; read as {@link #bytes()} and {@link #length()}. */
  static final class Body extends OutputStream {
    private byte[] buf;
    private int len;

    Body(int initialCapacity) {
      buf = new byte[Math.max(16, initialCapacity)];
    }

    void reset() {
      len = 0;
    }

    /** The buffer itself: only its first {@link #length()} bytes are the body. */
    byte[] bytes() {
      return buf;
    }

    int length() {
      return len;
    }

    int capacity() {
      return buf.length;
    }

    /** The body as an array of its own, for tests and logs. */
    byte[] toByteArray() {
      return Arrays.copyOf(buf, len);
    }

    @Override
    public void write(int b) {
      ensure(1);
      buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) {
      ensure(n);
      System.arraycopy(b, off, buf, len, n);
      len += n;
    }

    private void ensure(int more) {
      int needed = len + more;
      if (needed > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
      }
    }
  }
}
