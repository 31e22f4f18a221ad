package ai.galileo.tracing.benchmarks;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized, reusable in-memory sink: what a socket buffer is to a serializer. */
final class ReusableBuffer extends OutputStream {
  private byte[] bytes;
  private int size;

  ReusableBuffer(int capacity) {
    bytes = new byte[capacity];
  }

  void reset() {
    size = 0;
  }

  int size() {
    return size;
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
