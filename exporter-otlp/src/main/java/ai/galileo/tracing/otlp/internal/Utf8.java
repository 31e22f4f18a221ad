package ai.galileo.tracing.otlp.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Java strings as UTF-8 into a byte array, and byte scans, for the encoder's hot loops. Characters
 * are copied out in chunks (an intrinsic copy); a long chunk is then encoded by the JDK's UTF-8
 * encoder, whose ASCII run is one vectorized intrinsic, a short one by a plain loop, which costs
 * less than setting the encoder up. A lone half of a surrogate pair becomes U+FFFD either way, as
 * {@code SafeText} repairs it. Byte scans read eight bytes at a time.
 *
 * <p>Not thread-safe: one per encoding thread.
 */
final class Utf8 {
  static final int CHUNK_CHARS = 4096;
  /** Chunks this long or longer go through the JDK's encoder. */
  private static final int ENCODER_MIN_CHARS = 32;
  private static final byte[] REPLACEMENT = {(byte) 0xef, (byte) 0xbf, (byte) 0xbd}; // U+FFFD

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGHS = 0x8080_8080_8080_8080L;

  private final char[] chars = new char[CHUNK_CHARS];
  private final CharBuffer in = CharBuffer.wrap(chars);
  private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE)
      .replaceWith(REPLACEMENT);
  private ByteBuffer out = ByteBuffer.allocate(0);

  /**
   * Writes {@code s} as UTF-8 at {@code b[p]}, which must have room for three bytes a character;
   * returns the end.
   */
  int encode(String s, byte[] b, int p) {
    int n = s.length();
    for (int from = 0; from < n; ) {
      int to = Math.min(n, from + CHUNK_CHARS);
      if (to < n && Character.isHighSurrogate(s.charAt(to - 1))) {
        to--; // keep a pair in one chunk
      }
      s.getChars(from, to, chars, 0);
      p = to - from >= ENCODER_MIN_CHARS ? encodeChunk(to - from, b, p) : loop(chars, to - from, b, p);
      from = to;
    }
    return p;
  }

  private int encodeChunk(int n, byte[] b, int p) {
    if (out.array() != b) {
      out = ByteBuffer.wrap(b);
    }
    out.limit(b.length).position(p);
    in.limit(n).position(0);
    encoder.reset();
    CoderResult result = encoder.encode(in, out, true);
    if (!result.isUnderflow()) {
      throw new IllegalStateException("UTF-8 encoding ran out of room: " + result);
    }
    return out.position();
  }

  /** The first {@code n} characters of {@code c} as UTF-8 at {@code b[p]}; returns the end. */
  static int loop(char[] c, int n, byte[] b, int p) {
    int i = 0;
    for (; i < n; i++) { // the common case: ASCII
      char ch = c[i];
      if (ch >= 0x80) {
        break;
      }
      b[p++] = (byte) ch;
    }
    for (; i < n; i++) {
      char ch = c[i];
      if (ch < 0x80) {
        b[p++] = (byte) ch;
      } else if (ch < 0x800) {
        b[p++] = (byte) (0xc0 | (ch >>> 6));
        b[p++] = (byte) (0x80 | (ch & 0x3f));
      } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(c[i + 1])) {
        int cp = Character.toCodePoint(ch, c[++i]);
        b[p++] = (byte) (0xf0 | (cp >>> 18));
        b[p++] = (byte) (0x80 | ((cp >>> 12) & 0x3f));
        b[p++] = (byte) (0x80 | ((cp >>> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (cp & 0x3f));
      } else {
        if (Character.isSurrogate(ch)) {
          ch = '\uFFFD'; // a lone half of a pair, repaired as SafeText repairs it
        }
        b[p++] = (byte) (0xe0 | (ch >>> 12));
        b[p++] = (byte) (0x80 | ((ch >>> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (ch & 0x3f));
      }
    }
    return p;
  }

  /** True if some byte in {@code [from, to)} must be escaped in a JSON string: a quote, a backslash or a control character. */
  static boolean needsJsonEscape(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(b, i);
      long quotes = x ^ (ONES * '"');
      long backslashes = x ^ (ONES * '\\');
      // A byte below 0x20 (a UTF-8 byte of a longer character has its high bit set, so is not).
      long control = (x - ONES * 0x20) & ~x;
      long zeros = ((quotes - ONES) & ~quotes) | ((backslashes - ONES) & ~backslashes) | control;
      if ((zeros & HIGHS) != 0) {
        return true;
      }
    }
    for (; i < to; i++) {
      byte c = b[i];
      if ((c >= 0 && c < 0x20) || c == '"' || c == '\\') {
        return true;
      }
    }
    return false;
  }

  /** True if the eight bytes at {@code b[i]} hold no backslash. */
  static boolean noBackslash(byte[] b, int i) {
    long x = (long) LONGS.get(b, i) ^ (ONES * '\\');
    return ((x - ONES) & ~x & HIGHS) == 0;
  }
}
