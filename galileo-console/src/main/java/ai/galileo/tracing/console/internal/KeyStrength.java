package ai.galileo.tracing.console.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Whether an API key chosen for the console is easy to guess: short, made of few distinct
 * characters, or a common word with digits for letters ({@code s3cret}). Only a warning at start:
 * a short key on a loopback console may be what its owner wants.
 */
public final class KeyStrength {
  public static final int MIN_LENGTH = 16;
  private static final int MIN_DISTINCT = 8;
  private static final Set<String> COMMON = Set.of("secret", "password", "passwd", "admin", "changeme",
      "letmein", "galileo", "console", "apikey", "test", "testing", "qwerty", "abc", "key", "token",
      "default", "welcome", "root", "user", "guest", "demo", "dev", "local", "localhost");

  private KeyStrength() {}

  /** Why the key is weak, never quoting it; null when it is not. */
  public static String weakness(String key) {
    if (key == null || key.isEmpty()) {
      return null;
    }
    // Digits around a word (secret123) are dropped, digits inside it (s3cret) read as letters.
    String trimmed = key.replaceAll("^[^A-Za-z]+|[^A-Za-z]+$", "");
    if (isCommon(plainWord(key)) || isCommon(plainWord(trimmed))) {
      return "it is a common word";
    }
    if (key.length() < MIN_LENGTH) {
      return "it is shorter than " + MIN_LENGTH + " characters";
    }
    if (key.chars().distinct().count() < MIN_DISTINCT) {
      return "it has fewer than " + MIN_DISTINCT + " different characters";
    }
    return null;
  }

  private static boolean isCommon(String word) {
    return !word.isEmpty() && (COMMON.contains(word) || word.matches("(?:" + String.join("|", COMMON) + ")+"));
  }

  /** The key in lower case, digits and symbols read as the letters they stand for, the rest dropped. */
  private static String plainWord(String key) {
    StringBuilder out = new StringBuilder();
    for (char c : key.toLowerCase(Locale.ROOT).toCharArray()) {
      switch (c) {
        case '0' -> out.append('o');
        case '1', '!', '|' -> out.append('i');
        case '3' -> out.append('e');
        case '4', '@' -> out.append('a');
        case '5', '$' -> out.append('s');
        case '7', '+' -> out.append('t');
        default -> {
          if (c >= 'a' && c <= 'z') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
