package ai.galileo.tracing.core.internal.annotation;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Array;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Renders arguments and results as JSON text, safely and within bounds: the values come from user
 * code, so a {@code toString()} may throw, a collection may be huge or contain itself, and a string
 * may be a whole file. Nothing here throws (short of running out of memory) and nothing is cut
 * without saying so.
 */
final class JsonValues {
  /** Characters kept of one string; the rest is replaced by a note of how many were cut. */
  static final int MAX_STRING_CHARS = 8192;
  /** Elements kept of one collection, map or array. */
  static final int MAX_ELEMENTS = 100;
  /** Nesting kept of collections, maps and arrays; deeper values become their text. */
  static final int MAX_DEPTH = 4;
  /** Characters of a whole input, beyond which further values are left out with a note. */
  static final int MAX_TOTAL_CHARS = 65536;

  private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

  /** Characters scanned at once by {@link #needsEscaping(String)}, and its buffer's size. */
  static final int SCAN_CHUNK = 256;
  /** Strings shorter than this are scanned a character at a time. */
  static final int SCAN_MIN = 16;
  /** A thread's buffer for the scan: small, and reused so that a call allocates nothing for it. */
  private static final ThreadLocal<byte[]> SCAN_BUFFER =
      ThreadLocal.withInitial(() -> new byte[SCAN_CHUNK]);
  /** Eight bytes of an array as one long, for the scan. */
  private static final VarHandle EIGHT_BYTES =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private JsonValues() {}

  /** A result as the span's output text: a string as it is, anything else as {@link #append}. */
  static String text(Object value) {
    if (value instanceof CharSequence) {
      return cut(safeString(value));
    }
    if (value instanceof Number || value instanceof Boolean || value instanceof Character
        || value instanceof Enum<?>) {
      return safeString(value);
    }
    if (isStructured(value)) {
      StringBuilder sb = new StringBuilder();
      append(sb, value, 0);
      return sb.toString();
    }
    return cut(safeString(value));
  }

  /** Appends {@code value} as one JSON value. */
  static void append(StringBuilder sb, Object value, int depth) {
    try {
      appendValue(sb, value, depth);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      // iteration that failed halfway (a concurrent change): say so rather than fail the call
      appendString(sb, "<not captured: " + e.getClass().getName() + ">", MAX_STRING_CHARS);
    }
  }

  private static void appendValue(StringBuilder sb, Object value, int depth) {
    if (full(sb)) {
      sb.append("\"<left out: input too large>\"");
    } else if (value == null) {
      sb.append("null");
    } else if (value instanceof String s) {
      appendString(sb, s, MAX_STRING_CHARS);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
        || value instanceof Short || value instanceof Byte) {
      sb.append(value);
    } else if (value instanceof Double d && Double.isFinite(d)
        || value instanceof Float f && Float.isFinite(f)) {
      sb.append(value);
    } else if (value instanceof Enum<?> e) {
      appendString(sb, e.name(), MAX_STRING_CHARS);
    } else if (value instanceof Optional<?> o) {
      appendValue(sb, o.orElse(null), depth);
    } else if (depth < MAX_DEPTH && value instanceof Map<?, ?> map) {
      appendMap(sb, map, depth);
    } else if (depth < MAX_DEPTH && value instanceof Collection<?> c) {
      appendElements(sb, c.iterator(), c.size(), depth);
    } else if (depth < MAX_DEPTH && value.getClass().isArray()) {
      appendArray(sb, value, depth);
    } else {
      appendString(sb, safeString(value), MAX_STRING_CHARS);
    }
  }

  private static void appendMap(StringBuilder sb, Map<?, ?> map, int depth) {
    sb.append('{');
    int n = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (n > 0) {
        sb.append(',');
      }
      if (n == MAX_ELEMENTS || full(sb)) {
        appendString(sb, "...", MAX_STRING_CHARS);
        sb.append(':');
        appendString(sb, (map.size() - n) + " more entries", MAX_STRING_CHARS);
        break;
      }
      appendString(sb, safeString(e.getKey()), MAX_STRING_CHARS);
      sb.append(':');
      appendValue(sb, e.getValue(), depth + 1);
      n++;
    }
    sb.append('}');
  }

  private static void appendElements(StringBuilder sb, Iterator<?> it, int size, int depth) {
    sb.append('[');
    int n = 0;
    while (it.hasNext()) {
      if (n > 0) {
        sb.append(',');
      }
      if (n == MAX_ELEMENTS || full(sb)) {
        appendString(sb, "... " + (size - n) + " more", MAX_STRING_CHARS);
        break;
      }
      appendValue(sb, it.next(), depth + 1);
      n++;
    }
    sb.append(']');
  }

  private static void appendArray(StringBuilder sb, Object array, int depth) {
    if (array instanceof byte[] bytes) { // binary: its size says more than its numbers
      appendString(sb, "<" + bytes.length + " bytes>", MAX_STRING_CHARS);
      return;
    }
    int length = Array.getLength(array);
    sb.append('[');
    for (int i = 0; i < length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      if (i == MAX_ELEMENTS || full(sb)) {
        appendString(sb, "... " + (length - i) + " more", MAX_STRING_CHARS);
        break;
      }
      appendValue(sb, Array.get(array, i), depth + 1);
    }
    sb.append(']');
  }

  /** True once an input has used its allowance: further values are left out with a note. */
  private static boolean full(StringBuilder sb) {
    return sb.length() >= MAX_TOTAL_CHARS;
  }

  /** Appends {@code s} as a JSON string, cut to {@code max} characters with a note. */
  static void appendString(StringBuilder sb, String s, int max) {
    String text = cut(s, max);
    sb.append('"');
    if (needsEscaping(text)) {
      ENCODER.quoteAsString(text, sb);
    } else {
      sb.append(text); // the common case: one copy rather than a character at a time
    }
    sb.append('"');
  }

  /** True if {@code s} cannot go between JSON's quotes as it is. */
  static boolean needsEscaping(String s) {
    int n = s.length();
    if (n < SCAN_MIN) { // not worth the buffer
      return needsEscaping(s, 0, n);
    }
    // Every input is scanned whole on the call's thread: a character at a time this was the
    // larger part of what the annotation added to a span, so the scan reads eight at a time.
    byte[] low = SCAN_BUFFER.get();
    for (int from = 0; from < n; from += SCAN_CHUNK) {
      int to = Math.min(n, from + SCAN_CHUNK);
      lowBytes(s, from, to, low);
      if (mayNeedEscaping(low, to - from) && needsEscaping(s, from, to)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The low byte of each character: every character that needs escaping has a zero high byte and
   * keeps its value, so none is missed; a character beyond Latin-1 may look like one, which
   * {@link #needsEscaping(String, int, int)} then rules out.
   */
  @SuppressWarnings("deprecation") // exactly the truncation wanted here, without an allocation
  private static void lowBytes(String s, int from, int to, byte[] low) {
    s.getBytes(from, to, low, 0);
  }

  /** True if one of the first {@code length} bytes is below 0x20, a quote or a backslash. */
  private static boolean mayNeedEscaping(byte[] low, int length) {
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      long x = (long) EIGHT_BYTES.get(low, i);
      long quote = x ^ 0x2222222222222222L;
      long backslash = x ^ 0x5c5c5c5c5c5c5c5cL;
      // a byte's high bit ends up set where it is below 0x20, or zero after the XOR (the classic
      // "has a byte less than n" and "has a zero byte" tests, exact for whether any byte matches)
      long below = (x - 0x2020202020202020L) & ~x;
      long zeros = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash);
      if (((below | zeros) & HIGH_BITS) != 0) {
        return true;
      }
    }
    for (; i < length; i++) {
      int c = low[i] & 0xff;
      if (c < 0x20 || c == '"' || c == '\\') {
        return true;
      }
    }
    return false;
  }

  /** The exact test, a character at a time, on {@code s} from {@code from} to {@code to}. */
  private static boolean needsEscaping(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return true;
      }
    }
    return false;
  }

  static String cut(String s) {
    return cut(s, MAX_STRING_CHARS);
  }

  private static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end) + "... (" + (s.length() - end) + " more characters)";
  }

  private static boolean isStructured(Object value) {
    return value instanceof Map || value instanceof Collection || value.getClass().isArray()
        || value instanceof Optional;
  }

  /** {@code toString()}, or the exception's type when it throws. */
  static String safeString(Object value) {
    if (value == null) {
      return "null";
    }
    try {
      String s = value.toString();
      return s == null ? "null" : s;
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      return "<toString() threw " + e.getClass().getName() + ">";
    }
  }
}
