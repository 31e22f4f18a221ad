package ai.galileo.tracing.testing.openai.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Word counting and keywords: the fake's stand-in for a tokenizer. */
public final class Words {
  private static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "with", "what", "which",
      "who", "whom", "did", "does", "was", "were", "are", "is", "this", "that", "these", "those",
      "from", "into", "his", "her", "its", "their", "has", "have", "had", "how", "why", "when",
      "where", "can", "could", "would", "should", "will", "about", "you", "your", "our", "not",
      "but", "all", "any", "use", "using", "answer", "question", "context", "following");

  private Words() {}

  /** Whitespace-separated words, the fake's token count. */
  public static long count(String text) {
    String s = text == null ? "" : text.strip();
    return s.isEmpty() ? 0 : s.split("\\s+").length;
  }

  public static long count(List<String> texts) {
    long n = 0;
    for (String t : texts) {
      n += count(t);
    }
    return n;
  }

  /** Lower-case words of three letters or more, without common words, in order. */
  public static List<String> keywords(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.length() >= 3 && !STOP_WORDS.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * Pieces to stream: each word with the whitespace before it ({@code "Hello"}, {@code " world"}),
   * so joined they are the text again.
   */
  public static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    int start = 0;
    for (int i = 1; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))) {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    out.add(text.substring(start));
    return out;
  }

  /** Fixed-size pieces of a text (tool-call arguments are streamed this way). */
  public static List<String> slices(String text, int size) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += size) {
      out.add(text.substring(i, Math.min(text.length(), i + size)));
    }
    return out;
  }
}
