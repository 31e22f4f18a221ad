package ai.galileo.tracing.readmesnippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block in every Markdown file of the repository compiles, against every
 * published module and the libraries the blocks show (this module's test class path). The rules:
 *
 * <ol>
 *   <li>Which blocks: those fenced exactly {@code ```java}, in every {@code *.md} file under the
 *       repository but for {@code target}, {@code node_modules} and hidden directories. A block that
 *       shows a part of something on purpose and cannot compile is fenced {@code ```java-fragment}
 *       instead; keep those few.
 *   <li>A block that declares a type at the start of a line ({@code class}, {@code record},
 *       {@code interface}, {@code enum}, after annotations and modifiers) is a source file and
 *       compiles as it is written: it has its imports and declares everything it uses.
 *   <li>Any other block is statements: its {@code import} lines are moved to the top of a file, and
 *       the rest becomes the body of a method that may throw anything.
 *   <li>What a block of statements uses without declaring it (the application's own objects) is
 *       named in a comment line {@code // given: <parameter list>}, such as
 *       {@code // given: String question, HttpClient http}; the names become the method's
 *       parameters, so their types need imports too. There may be several such lines, and a
 *       comment after a second {@code //}.
 * </ol>
 *
 * <p>Each block compiles in a package of its own. A failure names the Markdown file, the line in it
 * and javac's message, with the offending line.
 */
class ReadmeSnippetsTest {

  @Test
  void everyJavaBlockInTheRepositorysMarkdownCompiles() throws Exception {
    Path root = Paths.get(System.getProperty("reactor.root")).toRealPath();
    List<Snippet> snippets = new ArrayList<>();
    for (Path md : markdownFiles(root)) {
      String name = root.relativize(md).toString().replace(File.separatorChar, '/');
      snippets.addAll(Snippet.in(name, Files.readAllLines(md, StandardCharsets.UTF_8)));
    }
    assertThat(snippets).as("java blocks found under %s", root).hasSizeGreaterThan(20);

    List<String> errors = new SnippetCompiler(testClassPath()).errors(snippets);

    if (!errors.isEmpty()) {
      fail(String.format("java blocks in Markdown that do not compile (%d errors in %d blocks; the"
          + " rules are in ReadmeSnippetsTest's javadoc):%n%s%n", errors.size(), snippets.size(),
          String.join("\n", errors)));
    }
  }

  /** Surefire runs tests from a manifest-only jar; it gives the real class path in this property. */
  static String testClassPath() {
    String path = System.getProperty("surefire.test.class.path");
    return path != null && !path.isBlank() ? path : System.getProperty("java.class.path");
  }

  private static List<Path> markdownFiles(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        boolean skip = !dir.equals(root)
            && (name.equals("target") || name.equals("node_modules") || name.startsWith("."));
        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (file.getFileName().toString().endsWith(".md")) {
          files.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    files.sort(null);
    return files;
  }
}
