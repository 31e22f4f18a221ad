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

  private Uuids() {}

  /** The UUID in canonical 8-4-4-4-12 hex form (either case), or null if it is anything else. */
  public static UUID parse(CharSequence s) {
    if (s == null || s.length() != LENGTH) {
      return null;
    }
    if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
      return null;
    }
    long high = 0;
    long low = 0;
    int digits = 0;
    for (int i = 0; i < LENGTH; i++) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        continue;
      }
      int v = hexValue(s.charAt(i));
      if (v < 0) {
        return null;
      }
      if (digits < 16) {
        high = (high << 4) | v;
      } else {
        low = (low << 4) | v;
      }
      digits++;
    }
    return new UUID(high, low);
  }

  /** The value of one hex digit, or -1 if the character is not one. */
  public static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
