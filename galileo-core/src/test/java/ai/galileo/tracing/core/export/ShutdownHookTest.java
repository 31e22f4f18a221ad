package ai.galileo.tracing.core.export;

import ai.galileo.tracing.galileoapifake.GalileoApiFake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real JVM exits without closing its tracer; the shutdown hook still delivers. */
class ShutdownHookTest {

  @Test
  void theShutdownHookSendsWhatTheProgramLeftBehindIncludingOpenSpans() throws Exception {
    try (GalileoApiFake api = GalileoApiFake.start()) {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(List.of(java,
          "-cp", System.getProperty("java.class.path"),
          "-Dgalileo.api.url=" + api.baseUrl(),
          "-Dgalileo.api.key=" + api.apiKey(),
          "-Dgalileo.project=hook",
          "-Dgalileo.mode=batch",
          "-Dgalileo.export.delay.ms=60000", // nothing leaves before exit unless the hook sends it
          ShutdownHookMain.class.getName()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.PIPE)
          .directory(new File(System.getProperty("java.io.tmpdir")))
          .start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the program exits").isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(output).isZero();
      UUID traceId = UUID.fromString(output.lines().filter(l -> l.startsWith("trace "))
          .findFirst().orElseThrow().substring("trace ".length()));

      api.assertNoViolations();
      ObjectNode trace = api.tracesById().get(traceId);
      assertThat(trace).as("trace delivered by the hook; program output:\n%s", output).isNotNull();
      assertThat(api.spansById().values()).extracting(s -> s.path("name").asText())
          .containsExactlyInAnyOrder("finished", "still open");
      assertThat(api.spansById().values().stream()
          .filter(s -> s.path("name").asText().equals("still open")).findFirst().orElseThrow()
          .path("user_metadata").path("unfinished").asText()).isEqualTo("true");
    }
  }
}
