package ai.galileo.tracing.core.internal.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Makes any Java string fit to send: well-formed UTF-16 (so it encodes to valid UTF-8) and no
 * longer than a limit. Span content comes from user code and models, so it may hold a lone
 * surrogate cut out of an emoji, or a whole file; neither may fail a request or be sent as is.
 *
 * <p>The common string needs no change and costs one scan of its characters; only a string that
 * needs fixing is copied. Control characters need nothing here: the generator escapes them.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class SafeText {
  static final char REPLACEMENT = '\uFFFD';

  private final int maxChars;

  public SafeText(int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxStringChars must be positive, was " + maxChars);
    }
    this.maxChars = maxChars;
  }

  /** True when a string of this length is sent whole. */
  boolean fits(int length) {
    return length <= maxChars;
  }

  /** Writes {@code s} as a string value, repaired and cut as needed. */
  public void write(JsonGenerator g, String s) throws IOException {
    int end = keptLength(s);
    int bad = firstUnpaired(s, end);
    if (bad < 0 && end == s.length()) {
      g.writeString(s);
      return;
    }
    char[] fixed = fix(s, end, bad);
    g.writeString(fixed, 0, fixed.length);
  }

  /** {@code s} repaired and cut as needed; {@code s} itself when it needs nothing. */
  public String fix(String s) {
    int end = keptLength(s);
    int bad = firstUnpaired(s, end);
    return bad < 0 && end == s.length() ? s : new String(fix(s, end, bad));
  }

  /** How many leading characters to keep: all, or the limit without splitting a pair. */
  private int keptLength(String s) {
    int len = s.length();
    if (len <= maxChars) {
      return len;
    }
    int end = maxChars;
    if (Character.isHighSurrogate(s.charAt(end - 1)) && Character.isLowSurrogate(s.charAt(end))) {
      end--;
    }
    return end;
  }

  /** The index of the first surrogate in {@code [0, end)} that is not half of a pair, or -1. */
  private static int firstUnpaired(String s, int end) {
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < end
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
        continue;
      }
      return i;
    }
    return -1;
  }

  private static char[] fix(String s, int end, int bad) {
    String marker = end == s.length() ? ""
        : "\u2026[truncated " + (s.length() - end) + " of " + s.length() + " chars]";
    char[] out = new char[end + marker.length()];
    s.getChars(0, end, out, 0);
    marker.getChars(0, marker.length(), out, end);
    if (bad >= 0) {
      for (int i = bad; i < end; i++) {
        char c = out[i];
        if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(out[i + 1])) {
          i++;
        } else if (Character.isSurrogate(c)) {
          out[i] = REPLACEMENT;
        }
      }
    }
    return out;
  }
}
