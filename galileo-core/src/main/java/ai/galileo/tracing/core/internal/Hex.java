package ai.galileo.tracing.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Lower-case hex, the only case W3C Trace Context allows.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();
  /** The value of each ASCII character as a lower-case hex digit; -1 for the others. */
  private static final byte[] LOWER_HEX_VALUES = new byte[128];

  static {
    java.util.Arrays.fill(LOWER_HEX_VALUES, (byte) -1);
    for (int c = '0'; c <= '9'; c++) {
      LOWER_HEX_VALUES[c] = (byte) (c - '0');
    }
    for (int c = 'a'; c <= 'f'; c++) {
      LOWER_HEX_VALUES[c] = (byte) (c - 'a' + 10);
    }
  }

  /** The two hex digits of every byte value, in ASCII: entry {@code 2b} and {@code 2b + 1}. */
  private static final byte[] PAIRS = new byte[512];

  static {
    byte[] digits = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    for (int b = 0; b < 256; b++) {
      PAIRS[2 * b] = digits[b >>> 4];
      PAIRS[2 * b + 1] = digits[b & 0xf];
    }
  }

  private Hex() {}

  /** The 16 hex digits of the value. */
  public static String of(long value) {
    return append(new StringBuilder(16), value).toString();
  }

  /** The 32 hex digits of the UUID, without dashes. */
  public static String of(UUID id) {
    StringBuilder sb = new StringBuilder(32);
    append(sb, id.getMostSignificantBits());
    return append(sb, id.getLeastSignificantBits()).toString();
  }

  /** Appends the 16 hex digits of the value. */
  public static StringBuilder append(StringBuilder sb, long value) {
    for (int shift = 60; shift >= 0; shift -= 4) {
      sb.append(DIGITS[(int) (value >>> shift) & 0xf]);
    }
    return sb;
  }

  /**
   * Writes the UUID's canonical form, 36 lower-case ASCII characters in groups of 8-4-4-4-12, into
   * {@code into} at {@code at}: the bytes of what {@link UUID#toString()} gives, without a string.
   */
  public static void formatUuid(UUID id, byte[] into, int at) {
    long high = id.getMostSignificantBits();
    long low = id.getLeastSignificantBits();
    hex(high >>> 32, 8, into, at);
    into[at + 8] = '-';
    hex(high >>> 16, 4, into, at + 9);
    into[at + 13] = '-';
    hex(high, 4, into, at + 14);
    into[at + 18] = '-';
    hex(low >>> 48, 4, into, at + 19);
    into[at + 23] = '-';
    hex(low, 12, into, at + 24);
  }

  /** Writes the 16 hex digits of the value, as ASCII, into {@code into} at {@code at}. */
  public static void formatLong(long value, byte[] into, int at) {
    hex(value, 16, into, at);
  }

  /** Writes the low {@code digits} (an even number) hex digits of the value at {@code at}. */
  private static void hex(long value, int digits, byte[] into, int at) {
    for (int i = at + digits - 2; i >= at; i -= 2) {
      int b = (int) value & 0xff;
      into[i] = PAIRS[2 * b];
      into[i + 1] = PAIRS[2 * b + 1];
      value >>>= 8;
    }
  }

  /** True if the 16 characters at {@code from} are the value's lower-case hex digits. */
  public static boolean spells(CharSequence s, int from, long value) {
    // Read four digits at a time, as parse8 does; a character that is no lower-case hex digit
    // reads as negative, which no half of the value equals.
    return parse8(s, from) == value >>> 32 && parse8(s, from + 8) == (value & 0xffff_ffffL);
  }

  /** True if every character in {@code [from, to)} is a digit or a lower-case a-f. */
  public static boolean isLowerHex(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The value of the 8 characters at {@code from} as lower-case hex digits, or a negative number
   * when any is not one: checked and read in one pass, four digits at a time.
   */
  public static long parse8(CharSequence s, int from) {
    return fourDigits(s, from) << 16 | fourDigits(s, from + 4);
  }

  /** The value of four lower-case hex digits, or a negative number if one is not a digit. */
  private static long fourDigits(CharSequence s, int at) {
    char c1 = s.charAt(at);
    char c2 = s.charAt(at + 1);
    char c3 = s.charAt(at + 2);
    char c4 = s.charAt(at + 3);
    if ((c1 | c2 | c3 | c4) >= LOWER_HEX_VALUES.length) {
      return -1;
    }
    return LOWER_HEX_VALUES[c1] << 12 | LOWER_HEX_VALUES[c2] << 8
        | LOWER_HEX_VALUES[c3] << 4 | LOWER_HEX_VALUES[c4];
  }

  /** The value of the 16 digits at {@code from}, which the caller has checked are lower hex. */
  public static long parseLong(CharSequence s, int from) {
    long value = 0;
    for (int i = from; i < from + 16; i++) {
      char c = s.charAt(i);
      value = (value << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return value;
  }

  /** The UUID spelled by exactly 32 lower hex digits, or null for anything else. */
  public static UUID parseUuid(CharSequence s) {
    if (s == null || s.length() != 32) {
      return null;
    }
    return parseUuid(s, 0);
  }

  /** The UUID spelled by the 32 characters at {@code from}, or null unless all are lower hex. */
  public static UUID parseUuid(CharSequence s, int from) {
    if (s.length() < from + 32) {
      return null;
    }
    long a = parse8(s, from);
    long b = parse8(s, from + 8);
    long c = parse8(s, from + 16);
    long d = parse8(s, from + 24);
    if ((a | b | c | d) < 0) {
      return null;
    }
    return new UUID(a << 32 | b, c << 32 | d);
  }
}
