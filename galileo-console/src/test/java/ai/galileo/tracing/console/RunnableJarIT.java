package ai.galileo.tracing.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar published under the classifier {@code all} runs on its own: {@code java -jar} with
 * nothing else on the class path, as a user runs it from the local Maven repository. Runs in the
 * integration-test phase, after the jar is built.
 */
class RunnableJarIT {
  private static final Pattern LISTENING = Pattern.compile("Galileo console listening on (http://\\S+)");

  @TempDir
  Path dir;

  static Path jar() {
    String path = System.getProperty("console.runnableJar");
    // Set by failsafe, after package; a -Dtest pattern may pick this class up in surefire's phase.
    assumeTrue(path != null, "runs in the integration-test phase, on the packaged jar");
    Path jar = Paths.get(path);
    assertThat(jar).exists();
    assertThat(jar.getFileName().toString()).endsWith("-all.jar");
    return jar;
  }

  static List<String> javaJar(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    return command;
  }

  @Test
  void helpPrintsTheOptions() throws Exception {
    Process p = new ProcessBuilder(javaJar("--help")).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(out).contains("Usage: java -jar galileo-console", "--api-key KEY", "--max-traces N");
  }

  @Test
  void itStartsAnswersItsHealthCheckAndWarnsOfAWeakKeyWithoutPrintingIt() throws Exception {
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(javaJar("--port", "0", "--db", ":memory:", "--api-key", "s3cret"))
        .redirectError(err.toFile()).start();
    try {
      URI url = null;
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      for (String line; url == null && (line = out.readLine()) != null; ) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          url = URI.create(m.group(1));
        }
      }
      assertThat(url).as("the listening line; stderr: %s", Files.exists(err) ? Files.readString(err) : "")
          .isNotNull();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> health = client.send(HttpRequest.newBuilder(url.resolve("/healthcheck"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"message\":\"ok\"");
      HttpResponse<String> login = client.send(HttpRequest.newBuilder(url.resolve("/v2/login/api_key"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"api_key\":\"s3cret\"}"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as("Jackson and the rest are inside the jar").isEqualTo(200);
    } finally {
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    String stderr = Files.readString(err);
    assertThat(stderr).contains("warning: the API key is easy to guess (it is a common word)")
        .doesNotContain("s3cret");
  }
}
