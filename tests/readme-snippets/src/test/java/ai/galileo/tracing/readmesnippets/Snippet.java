package ai.galileo.tracing.readmesnippets;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code ```java} block of a Markdown file.
 *
 * @param file the Markdown file, as the report names it (relative to the repository)
 * @param line the line of the opening fence, from 1
 * @param lines the block's lines, without the fences
 */
record Snippet(String file, int line, List<String> lines) {
  /** The info string that marks a block to compile; {@code java-fragment} and others are not. */
  static final String FENCE = "```java";

  Snippet {
    lines = List.copyOf(lines);
  }

  /** The Markdown line that holds the block's line {@code index} (from 0). */
  int markdownLine(int index) {
    return line + 1 + index;
  }

  /** The {@code ```java} blocks of one Markdown file, in order. */
  static List<Snippet> in(String file, List<String> markdown) {
    List<Snippet> found = new ArrayList<>();
    String fence = null;
    int start = 0;
    List<String> body = new ArrayList<>();
    for (int i = 0; i < markdown.size(); i++) {
      String trimmed = markdown.get(i).trim();
      if (fence == null) {
        if (trimmed.startsWith("```")) {
          fence = trimmed.equals(FENCE) ? FENCE : "```";
          start = i + 1;
          body.clear();
        }
      } else if (trimmed.equals("```")) {
        if (fence.equals(FENCE)) {
          found.add(new Snippet(file, start, unindent(body)));
        }
        fence = null;
      } else {
        body.add(markdown.get(i));
      }
    }
    return found;
  }

  /** Lines of a block inside a list item are indented as a whole; javac does not mind, the rules do. */
  private static List<String> unindent(List<String> lines) {
    int common = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        common = Math.min(common, l.length() - l.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>(lines.size());
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(common == Integer.MAX_VALUE ? 0 : common));
    }
    return out;
  }
}
