package ai.galileo.tracing.console.internal;

import java.util.UUID;

/**
 * UUIDs as Galileo's API takes them: the canonical 8-4-4-4-12 hex form, either case. Unlike
 * {@link UUID#fromString}, nothing shorter or longer is read as an id.
 */
public final class Ids {
  private Ids() {}

  /** The UUID, or null when {@code s} is null or not a canonical UUID. */
  public static UUID parse(String s) {
    if (s == null || s.length() != 36) {
      return null;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return null;
      }
    }
    return UUID.fromString(s);
  }
}
