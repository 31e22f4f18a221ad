package ai.galileo.examples.rag;

import java.util.List;
import java.util.Set;

/**
 * Dated events in Galileo Galilei's life, the MCP tool server's data: searched by word overlap
 * with the same crude stems as the {@link KnowledgeBase}, each event also found by its topic
 * ({@code research} or {@code work}), so the orchestrator's search words find dates for both of
 * its questions. No index, no network.
 */
final class Timeline {
  record Event(int year, String topic, String text) {
    /** The event as the tool returns it: {@code 1610: ...}. */
    String line() {
      return year + ": " + text;
    }
  }

  private static final List<Event> EVENTS = List.of(
      new Event(1589, "work", "Galileo Galilei became professor of mathematics at the University of Pisa."),
      new Event(1592, "work", "Galileo Galilei moved to the University of Padua, where he taught for eighteen years."),
      new Event(1609, "research", "Galileo Galilei built his first telescope."),
      new Event(1610, "research", "Galileo Galilei published Sidereus Nuncius on the moons of Jupiter."),
      new Event(1610, "work", "Galileo Galilei moved to Florence as court mathematician to the Medici."),
      new Event(1638, "research", "Galileo Galilei published Two New Sciences on motion and materials."));

  private Timeline() {}

  /** The events whose topic or words match a word of the query, in the order of the years. */
  static List<Event> lookup(String query) {
    Set<String> words = Set.copyOf(KnowledgeBase.keywords(query));
    return EVENTS.stream()
        .filter(e -> words.stream().anyMatch(q -> stemEq(q, e.topic())
            || KnowledgeBase.keywords(e.text()).stream().anyMatch(w -> stemEq(q, w))))
        .toList();
  }

  private static boolean stemEq(String a, String b) {
    int n = Math.min(a.length(), b.length());
    return n >= 4 && a.regionMatches(0, b, 0, n) || a.equals(b);
  }
}
