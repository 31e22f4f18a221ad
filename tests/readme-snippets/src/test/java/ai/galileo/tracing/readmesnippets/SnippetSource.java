package ai.galileo.tracing.readmesnippets;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compilation unit a snippet becomes (see {@link ReadmeSnippetsTest} for the rules), with the
 * Markdown line of each of its lines so javac's errors can point into the README.
 *
 * @param packageName the package the unit is compiled in, one per snippet
 * @param typeName the unit's file name without {@code .java}
 * @param lines the unit's lines
 * @param markdownLines for each line, the Markdown line it came from (the fence's for added lines)
 * @param problem a rule the snippet breaks, or null
 */
record SnippetSource(String packageName, String typeName, List<String> lines,
    List<Integer> markdownLines, String problem) {
  static final String GIVEN = "// given:";

  private static final String MODIFIERS = "(?:(?:public|protected|private|abstract|final|static"
      + "|sealed|non-sealed|strictfp)\\s+)*";
  /** A type declared at the start of a line, after annotations and modifiers. */
  private static final Pattern TYPE = Pattern.compile(
      "^(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*" + MODIFIERS + "(?:class|record|interface|enum|@interface)\\s+\\w+");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "^(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*" + MODIFIERS.replace("public|", "")
          + "public\\s+" + MODIFIERS + "(?:class|record|interface|enum|@interface)\\s+(\\w+)");

  static SnippetSource of(Snippet snippet, String packageName) {
    List<String> lines = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    lines.add("package " + packageName + ";");
    at.add(snippet.line());
    boolean file = false;
    String publicType = null;
    for (String l : snippet.lines()) {
      file |= TYPE.matcher(l).find();
      Matcher m = PUBLIC_TYPE.matcher(l);
      if (publicType == null && m.find()) {
        publicType = m.group(1);
      }
    }
    if (file) {
      String problem = null;
      for (int i = 0; i < snippet.lines().size(); i++) {
        String l = snippet.lines().get(i);
        if (l.trim().startsWith(GIVEN)) {
          problem = "line " + snippet.markdownLine(i) + ": '" + GIVEN + "' is for blocks of"
              + " statements; a block that declares a type must declare what it uses";
        }
        lines.add(l);
        at.add(snippet.markdownLine(i));
      }
      return new SnippetSource(packageName, publicType != null ? publicType : "Snippet", lines, at,
          problem);
    }
    // Statements: imports first, the rest in a method whose parameters are the given names.
    List<String> given = new ArrayList<>();
    int givenAt = snippet.line();
    for (int i = 0; i < snippet.lines().size(); i++) {
      String l = snippet.lines().get(i).trim();
      if (l.startsWith("import ")) {
        lines.add(l);
        at.add(snippet.markdownLine(i));
      } else if (l.startsWith(GIVEN)) {
        String parameters = l.substring(GIVEN.length());
        int comment = parameters.indexOf("//"); // a comment may follow: "// given: T t  // why"
        given.add((comment < 0 ? parameters : parameters.substring(0, comment)).trim());
        givenAt = given.size() == 1 ? snippet.markdownLine(i) : givenAt;
      }
    }
    lines.add("class Snippet {");
    at.add(snippet.line());
    lines.add("  void run(" + String.join(", ", given) + ") throws Throwable {");
    at.add(givenAt);
    for (int i = 0; i < snippet.lines().size(); i++) {
      String l = snippet.lines().get(i);
      if (!l.trim().startsWith("import ") && !l.trim().startsWith(GIVEN)) {
        lines.add(l);
        at.add(snippet.markdownLine(i));
      }
    }
    lines.add("  }");
    at.add(snippet.line());
    lines.add("}");
    at.add(snippet.line());
    return new SnippetSource(packageName, "Snippet", lines, at, null);
  }

  /** The Markdown line of the unit's line {@code line} (from 1). */
  int markdownLine(long line) {
    int i = (int) line - 1;
    return i >= 0 && i < markdownLines.size() ? markdownLines.get(i) : markdownLines.get(0);
  }
}
