package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: its options, and a real process that prints its URL and stops on SIGTERM. */
class MainTest {
  private static final Pattern LISTENING = Pattern.compile("Galileo console listening on (http://\\S+)");

  @TempDir
  Path dir;

  @Test
  void optionsAreReadInBothSpellings() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GalileoConsole.Builder b = Main.parse(new String[] {"--port", "0", "--host=127.0.0.1", "--live-port=0",
        "--db", ":memory:", "--api-key=k", "--max-traces", "5", "--max-age-days=2", "--max-body-mb", "1"},
        null, new PrintStream(out));
    try (GalileoConsole c = b.start()) {
      assertThat(c.url().toString()).startsWith("http://127.0.0.1:");
      assertThat(c.databaseLocation()).isEqualTo(":memory:");
      assertThat(Api.of(c, "/v2").get("/projects").status()).as("the key is required").isEqualTo(401);
    }
  }

  @Test
  void strictIsAFlagThatRefusesSpansForACompleteTrace() throws Exception {
    try (GalileoConsole c = Main.parse(new String[] {"--port", "0", "--db", ":memory:", "--strict"}, null,
        System.out).start()) {
      Api api = Api.of(c, "/v2");
      UUID project = api.project("p");
      UUID traceId = UUID.randomUUID();
      ok(api.post("/projects/" + project + "/traces",
          Records.tracesIngest(null, true, Records.trace(traceId, "t"))));
      Api.Answer late = api.post("/projects/" + project + "/spans", Records.spansIngest(null, traceId,
          traceId, Records.span("tool", UUID.randomUUID(), "late", "svc")));
      assertThat(late.status()).isEqualTo(400);
      assertThat(late.path("detail").asText()).isEqualTo("Trace is marked as complete");
    }
    assertThatThrownBy(() -> Main.parse(new String[] {"--strict=yes"}, null, System.out))
        .hasMessageContaining("--strict takes no value");
  }

  @Test
  void theApiKeyMayComeFromTheEnvironment() throws Exception {
    try (GalileoConsole c = Main.parse(new String[] {"--port", "0", "--db", ":memory:"}, "env-key",
        System.out).start()) {
      assertThat(Api.of(c, "").withHeader("Galileo-API-Key", "env-key").get("/projects").status())
          .isEqualTo(200);
      assertThat(Api.of(c, "").get("/projects").status()).isEqualTo(401);
    }
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--port", "http"}, null, System.out))
        .hasMessageContaining("--port http");
    assertThatThrownBy(() -> Main.parse(new String[] {"--port", "70000"}, null, System.out))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> Main.parse(new String[] {"--max-traces", "-1"}, null, System.out))
        .hasMessageContaining("--max-traces");
    assertThatThrownBy(() -> Main.parse(new String[] {"--db"}, null, System.out))
        .hasMessageContaining("--db needs a value");
    assertThatThrownBy(() -> Main.parse(new String[] {"--verbose"}, null, System.out))
        .hasMessageContaining("unknown option --verbose");
    assertThatThrownBy(() -> Main.parse(new String[] {"--max-body-mb", "0"}, null, System.out))
        .hasMessageContaining("--max-body-mb");
    assertThatThrownBy(() -> Main.parse(new String[] {"--live-port", "-3"}, null, System.out))
        .hasMessageContaining("--live-port");
  }

  @Test
  void helpAndVersionPrintAndStartNothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(Main.parse(new String[] {"--help"}, null, new PrintStream(out))).isNull();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--max-age-days", "--strict");
    out.reset();
    assertThat(Main.parse(new String[] {"--version"}, null, new PrintStream(out))).isNull();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("galileo-console ");
  }

  @Test
  void aProcessPrintsItsUrlWhenReadyKeepsDataAndStopsCleanlyOnSigterm() throws Exception {
    Path db = dir.resolve("traces");
    Process process = start("--port", "0", "--db", db.toString());
    BufferedReader output = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    UUID project;
    try {
      URI url = awaitUrl(output);
      Api api = Api.of(url, "/v2");
      ok(api.get("/healthcheck"));
      project = api.project("survives");

      Process second = start("--port", "0", "--db", db.toString());
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String error = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(second.exitValue()).as(error).isEqualTo(1);
      assertThat(error).contains("cannot start").contains("database");
    } finally {
      process.toHandle().destroy(); // SIGTERM, leaving the output readable
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    StringBuilder rest = new StringBuilder();
    for (String line; (line = output.readLine()) != null; ) {
      rest.append(line).append('\n');
    }
    assertThat(rest.toString()).contains("Galileo console stopped");
    assertThat(process.exitValue()).isIn(0, 143);

    try (GalileoConsole again = RunningConsole.defaults().database(db.toString()).start()) {
      assertThat(Api.of(again, "").project("survives")).isEqualTo(project);
    }
  }

  @Test
  void withoutAKeyItRefusesToListenBeyondLoopbackAndSaysWhatToPass() throws Exception {
    Process p = start("--host", "0.0.0.0", "--port", "0", "--db", ":memory:");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isEqualTo(1);
    assertThat(out).contains("cannot start", "without an API key", "--api-key");
  }

  @Test
  void aMistypedOptionDoesNotPrintTheKeyItCarries() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--api-kye=hunter2"}, null, System.out))
        .hasMessage("unknown option --api-kye");
  }

  @Test
  void aPortInUseIsReportedAndTheProcessExits() throws Exception {
    try (GalileoConsole taken = RunningConsole.defaults().start()) {
      Process p = start("--port", String.valueOf(taken.port()), "--db", ":memory:");
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(out).isEqualTo(1);
      assertThat(out).contains("cannot start");
    }
  }

  static Process start(String... args) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Reads the process's output up to the line that says it listens; its URL. */
  static URI awaitUrl(BufferedReader reader) throws Exception {
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = reader.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        return URI.create(m.group(1));
      }
    }
    throw new AssertionError("the console never said it listens:\n" + seen);
  }
}
