package ai.galileo.tracing.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A clone of the repository builds and tests with nothing beside it. */
class SelfContainedTest {

  @Test
  void noFileOfTheProjectRefersToAPathOutsideTheRepository() throws Exception {
    Path root = Paths.get(System.getProperty("reactor.root")).toRealPath();
    List<String> problems = OutsidePathCheck.check(root);
    assertThat(problems)
        .as("files under %s that refer to paths outside the repository", root)
        .isEmpty();
  }
}
