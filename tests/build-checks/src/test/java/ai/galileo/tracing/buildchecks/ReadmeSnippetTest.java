package ai.galileo.tracing.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The consumer build (tests/consumer) compiles and runs the set-up that
 * galileo-transport-jdkhttp's README shows (its statements; the README's imports and
 * {@code // given:} names are the consumer file's imports and parameters); this keeps the two from
 * drifting apart.
 */
class ReadmeSnippetTest {

  @Test
  void theConsumerBuildRunsExactlyTheSetUpTheJdkHttpReadmeShows() throws Exception {
    Path root = Paths.get(System.getProperty("reactor.root")).toRealPath();
    List<String> readme = firstJavaBlock(root.resolve("transport-jdkhttp/README.md"));
    List<String> compiled = between(
        root.resolve("tests/consumer/src/main/java/com/example/consumer/ReadmeSnippet.java"),
        "// README:begin", "// README:end");
    assertThat(readme).as("the README's first java snippet").isNotEmpty();
    assertThat(compiled).as("the snippet tests/consumer compiles and runs").isEqualTo(readme);
  }

  private static List<String> firstJavaBlock(Path markdown) throws Exception {
    List<String> block = new ArrayList<>();
    boolean in = false;
    for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
      if (!in && line.trim().equals("```java")) {
        in = true;
      } else if (in && line.trim().equals("```")) {
        break;
      } else if (in && !line.startsWith("import ") && !line.startsWith("// given:")) {
        block.add(line.trim()); // the imports and given names are the consumer file's own
      }
    }
    while (!block.isEmpty() && block.get(0).isEmpty()) {
      block.remove(0);
    }
    return block;
  }

  private static List<String> between(Path source, String begin, String end) throws Exception {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
      if (line.trim().equals(begin)) {
        in = true;
      } else if (line.trim().equals(end)) {
        break;
      } else if (in) {
        lines.add(line.trim());
      }
    }
    return lines;
  }
}
