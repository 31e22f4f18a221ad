package ai.galileo.tracing.testing.openai.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The answer when none is scripted: deterministic, derived from the prompt. The question is the
 * last user message's last sentence that ends with "?" (else its last line); the answer is the
 * (at most two) sentences of the rest of that message, the instructions and the tool results
 * after it that share the most keywords with the question, in their order; else "You asked: "
 * and the question. So a RAG prompt ("Context: ... Question: ...?") gets an extractive answer.
 */
public final class DefaultAnswer {
  /** Labels that prompts put before their parts, dropped from sentences. */
  private static final String LABEL =
      "^(?i)(context|question|information|documents?|sources?|answer|user|input)\\s*:\\s*";

  private DefaultAnswer() {}

  public static String of(Prompts prompts) {
    String user = prompts.lastUserMessage().strip();
    if (user.isEmpty()) {
      return "Hello! Ask me something.";
    }
    List<String> userSentences = sentences(user);
    String question = null;
    for (int i = userSentences.size() - 1; i >= 0 && question == null; i--) {
      if (userSentences.get(i).endsWith("?")) {
        question = userSentences.get(i);
      }
    }
    if (question == null) {
      String[] lines = user.split("\\R");
      question = lines[lines.length - 1].strip().replaceFirst(LABEL, "");
    }
    List<String> candidates = new ArrayList<>();
    for (String c : prompts.context()) {
      candidates.addAll(sentences(c));
    }
    for (String s : userSentences) {
      if (!question.contains(s) && !s.contains(question)) {
        candidates.add(s);
      }
    }
    Set<String> asked = new HashSet<>(Words.keywords(question));
    int best = 0;
    int[] scores = new int[candidates.size()];
    for (int i = 0; i < candidates.size(); i++) {
      Set<String> words = new HashSet<>(Words.keywords(candidates.get(i)));
      words.retainAll(asked);
      scores[i] = words.size();
      best = Math.max(best, scores[i]);
    }
    if (best == 0) {
      return "You asked: " + question;
    }
    List<String> chosen = new ArrayList<>();
    for (int threshold = best; threshold > 0 && chosen.size() < 2; threshold--) {
      for (int i = 0; i < candidates.size() && chosen.size() < 2; i++) {
        if (scores[i] == threshold && !chosen.contains(candidates.get(i))) {
          chosen.add(candidates.get(i));
        }
      }
    }
    chosen.sort((a, b) -> Integer.compare(candidates.indexOf(a), candidates.indexOf(b)));
    return String.join(" ", chosen);
  }

  /** Sentences and lines, trimmed, without list markers and labels such as "Context:". */
  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\\R")) {
      for (String s : line.split("(?<=[.!?])\\s+")) {
        String t = s.strip().replaceFirst("^([-*•]|\\d+[.)])\\s+", "")
            .replaceFirst(LABEL, "").strip();
        if (!t.isEmpty()) {
          out.add(t);
        }
      }
    }
    return out;
  }
}
