package ai.galileo.tracing.internal;

import java.util.UUID;

/**
 * Strict UUID parsing for ids that come off the wire. {@link UUID#fromString} accepts forms such as
 * {@code "1-2-3-4-5"} and throws on bad input; headers need a parser that does neither.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class Uuids {
  private static final int LENGTH = 36;
  /** The value of each ASCII character as a hex digit, either case; -1 for the others. */
  private static final byte[] HEX_VALUES = new byte[128];

  static {
    java.util.Arrays.fill(HEX_VALUES, (byte) -1);
    for (int c = '0'; c <= '9'; c++) {
      HEX_VALUES[c] = (byte) (c - '0');
    }
    for (int c = 'a'; c <= 'f'; c++) {
      HEX_VALUES[c] = (byte) (c - 'a' + 10);
      HEX_VALUES[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
    }
  }

  private Uuids() {}

  /** The UUID in canonical 8-4-4-4-12 hex form (either case), or null if it is anything else. */
  public static UUID parse(CharSequence s) {
    if (s == null || s.length() != LENGTH) {
      return null;
    }
    if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
      return null;
    }
    // Four digits at a time, as the JDK's own UUID.fromString does: a group with any character
    // that is not a hex digit comes out negative.
    long h1 = fourDigits(s, 0);
    long h2 = fourDigits(s, 4);
    long h3 = fourDigits(s, 9);
    long h4 = fourDigits(s, 14);
    long l1 = fourDigits(s, 19);
    long l2 = fourDigits(s, 24);
    long l3 = fourDigits(s, 28);
    long l4 = fourDigits(s, 32);
    if ((h1 | h2 | h3 | h4 | l1 | l2 | l3 | l4) < 0) {
      return null;
    }
    return new UUID(h1 << 48 | h2 << 32 | h3 << 16 | h4, l1 << 48 | l2 << 32 | l3 << 16 | l4);
  }

  /** The value of the four hex digits at {@code at}, or a negative number if one is not a digit. */
  private static long fourDigits(CharSequence s, int at) {
    char c1 = s.charAt(at);
    char c2 = s.charAt(at + 1);
    char c3 = s.charAt(at + 2);
    char c4 = s.charAt(at + 3);
    if ((c1 | c2 | c3 | c4) >= HEX_VALUES.length) {
      return -1;
    }
    return HEX_VALUES[c1] << 12 | HEX_VALUES[c2] << 8 | HEX_VALUES[c3] << 4 | HEX_VALUES[c4];
  }

  /** The value of one hex digit, or -1 if the character is not one. */
  public static int hexValue(char c) {
    return c < HEX_VALUES.length ? HEX_VALUES[c] : -1;
  }
}
