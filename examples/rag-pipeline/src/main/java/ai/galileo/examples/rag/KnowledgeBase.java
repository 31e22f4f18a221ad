package ai.galileo.examples.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A few facts about Galileo Galilei, searched by word overlap: no index, no network. */
final class KnowledgeBase {
  record Fact(String id, String topic, String text) {}

  record Hit(Fact fact, double score) {}

  private static final List<Fact> FACTS = List.of(
      new Fact("research-1", "research", "Galileo Galilei researched the motion of falling bodies and pendulums."),
      new Fact("research-2", "research", "Galileo Galilei researched astronomy with telescopes he built, discovering the four largest moons of Jupiter."),
      new Fact("research-3", "research", "Galileo Galilei studied the phases of Venus and the spots on the Sun."),
      new Fact("places-1", "places", "Galileo Galilei worked at the University of Pisa as a professor of mathematics."),
      new Fact("places-2", "places", "Galileo Galilei worked at the University of Padua for eighteen years."),
      new Fact("places-3", "places", "Galileo Galilei later worked in Florence as court mathematician to the Medici."));

  private static final Set<String> STOP = Set.of("what", "did", "where", "the", "a", "an", "of",
      "galileo", "galilei", "and", "in", "at", "to", "for", "with", "he", "his", "as", "is");

  private final List<Fact> facts;

  /** {@code all}, {@code research} or {@code places}. */
  KnowledgeBase(String which) {
    facts = which.equals("all") ? FACTS
        : FACTS.stream().filter(f -> f.topic().equals(which)).toList();
    if (facts.isEmpty()) {
      throw new IllegalArgumentException("--facts must be all, research or places, not " + which);
    }
  }

  List<Hit> search(String query, int topK) {
    Set<String> words = Set.copyOf(keywords(query));
    List<Hit> hits = new ArrayList<>();
    for (Fact f : facts) {
      List<String> factWords = keywords(f.text());
      long overlap = factWords.stream().filter(w -> words.stream().anyMatch(q -> stemEq(q, w))).count();
      if (overlap > 0) {
        hits.add(new Hit(f, (double) overlap / Math.max(1, words.size())));
      }
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed());
    return hits.subList(0, Math.min(topK, hits.size()));
  }

  static List<String> keywords(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (!w.isEmpty() && !STOP.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  /** "research" matches "researched", "work" matches "worked": a crude common-prefix stem. */
  private static boolean stemEq(String a, String b) {
    int n = Math.min(a.length(), b.length());
    return n >= 4 && a.regionMatches(0, b, 0, n) || a.equals(b);
  }
}
