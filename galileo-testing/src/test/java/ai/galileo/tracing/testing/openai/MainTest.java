package ai.galileo.tracing.testing.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The command line: its options, and a real process that prints its URL and answers there. */
class MainTest {
  private static final Pattern LISTENING = Pattern.compile("openai-fake listening on (http://127\\.0\\.0\\.1:\\d+/v1)");

  @Test
  void optionsAreReadInBothSpellings() throws Exception {
    try (FakeOpenAi fake = Main.parse(new String[] {"--port", "0", "--api-key=k", "--embedding-dimensions", "4"},
        null, System.out).start()) {
      assertThat(fake.apiKey()).isEqualTo("k");
      assertThat(Http.post(fake, "/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}").json()
          .path("data").get(0).path("embedding")).hasSize(4);
    }
  }

  @Test
  void theKeyMayComeFromTheEnvironment() {
    try (FakeOpenAi fake = Main.parse(new String[0], "env-key", System.out).start()) {
      assertThat(fake.apiKey()).isEqualTo("env-key");
    }
  }

  @Test
  void badOptionsAreNamedAndAKeyIsNotRepeated() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--port", "http"}, null, System.out))
        .hasMessageContaining("--port http");
    assertThatThrownBy(() -> Main.parse(new String[] {"--port", "70000"}, null, System.out))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> Main.parse(new String[] {"--embedding-dimensions", "0"}, null, System.out))
        .hasMessageContaining("--embedding-dimensions");
    assertThatThrownBy(() -> Main.parse(new String[] {"--api-key", " "}, null, System.out))
        .hasMessageContaining("--api-key").hasMessageNotContaining("  ");
    assertThatThrownBy(() -> Main.parse(new String[] {"--api-key"}, null, System.out))
        .hasMessageContaining("--api-key needs a value");
    assertThatThrownBy(() -> Main.parse(new String[] {"--verbose"}, null, System.out))
        .hasMessageContaining("unknown option --verbose");
  }

  @Test
  void helpPrintsTheOptionsAndStartsNothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(Main.parse(new String[] {"--help"}, null, new PrintStream(out))).isNull();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--port", "--api-key", "--embedding-dimensions");
  }

  @Test
  void aProcessPrintsItsUrlAndAnswersThere() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "--port", "0", "--api-key", "sk-process")
        .redirectErrorStream(true).start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = lines.readLine();
      assertThat(line).isNotNull();
      Matcher m = LISTENING.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      assertThat(line).doesNotContain("sk-process");

      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(m.group(1) + "/chat/completions"))
          .header("Authorization", "Bearer sk-process").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Are you there?\"}]}"))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).contains("You asked: Are you there?");
    } finally {
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
    assertThat(List.of(0, 143)).contains(process.exitValue());
  }
}
