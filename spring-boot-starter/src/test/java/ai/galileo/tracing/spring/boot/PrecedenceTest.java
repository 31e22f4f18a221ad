package ai.galileo.tracing.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.spring.boot.precedence.PrecedenceApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented precedence of galileo.* settings (README "Properties"), in a real process: Spring's
 * own order (command line, system properties, environment variables, application.properties), a
 * value of the application's files yielding to the SDK spelling in the process environment or
 * system properties, then the working directory's .env file, then the default. One child JVM (the
 * test class path, {@link PrecedenceApp}) with real environment variables, its working directory a
 * temp dir holding application.properties and .env.
 */
class PrecedenceTest {
  @Test
  void commandLineThenSystemPropertiesThenEnvironmentThenApplicationFilesThenDotEnvThenDefault(
      @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("application.properties"), String.join("\n",
        "spring.application.name=from-the-file",
        "galileo.exporter=none",
        "galileo.project=from-the-file",
        "galileo.log-stream=from-the-file",
        "galileo.session-name=from-the-file",
        "galileo.completion-timeout=2s",
        ""));
    Files.writeString(dir.resolve(".env"), String.join("\n",
        "GALILEO_PROJECT=from-dotenv",
        "GALILEO_LOG_STREAM=from-dotenv",
        "GALILEO_SESSION_NAME=from-dotenv",
        "GALILEO_SERVER_TRUST=link",
        ""));
    Map<String, String> environment = Map.of(
        "GALILEO_MODE", "batch",
        "GALILEO_PROJECT", "from-the-environment",
        "GALILEO_LOG_STREAM", "from-the-environment",
        "GALILEO_PROPAGATORS", "tracecontext",
        "GALILEO_SERVICE_NAME", "from-the-environment");
    Map<String, String> resolved = run(dir, environment,
        List.of("-Dgalileo.mode=batch", "-Dgalileo.propagators=galileo", "-Dgalileo.completion.timeout.ms=1500"),
        List.of("--galileo.mode=distributed"));

    // Command line over system property and environment variable.
    assertThat(resolved).containsEntry("GALILEO_MODE", "distributed");
    // System property over environment variable.
    assertThat(resolved).containsEntry("GALILEO_PROPAGATORS", "galileo");
    // Environment variable over application.properties and .env: GALILEO_PROJECT is galileo.project
    // to Spring; GALILEO_LOG_STREAM is not galileo.log-stream to Spring's relaxed binding, and wins
    // as the SDK's spelling; GALILEO_SERVICE_NAME over spring.application.name.
    assertThat(resolved).containsEntry("GALILEO_PROJECT", "from-the-environment");
    assertThat(resolved).containsEntry("GALILEO_LOG_STREAM", "from-the-environment");
    assertThat(resolved).containsEntry("GALILEO_SERVICE_NAME", "from-the-environment");
    // The SDK's spelling as a system property over application.properties.
    assertThat(resolved).containsEntry("GALILEO_COMPLETION_TIMEOUT_MS", "1500");
    // application.properties over .env.
    assertThat(resolved).containsEntry("GALILEO_SESSION_NAME", "from-the-file");
    // .env over the default (continue).
    assertThat(resolved).containsEntry("GALILEO_SERVER_TRUST", "link");
    // Nothing set: the default.
    assertThat(resolved).containsEntry("GALILEO_LOGGING_DISABLED", "false");
  }

  /** Starts PrecedenceApp in dir and returns the settings it printed. */
  private static Map<String, String> run(Path dir, Map<String, String> environment, List<String> jvmOptions,
      List<String> args) throws IOException, InterruptedException {
    // An argument file, so that a long class path never meets a command-line limit.
    Path argFile = Files.createTempFile("precedence", ".args");
    Files.writeString(argFile, "-cp\n\"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
    try {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-XX:TieredStopAtLevel=1");
      command.add("@" + argFile);
      command.addAll(jvmOptions);
      command.add(PrecedenceApp.class.getName());
      command.addAll(args);
      Path log = dir.resolve("child.log");
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      // Only the settings given here: none the machine running the test may have.
      builder.environment().keySet().removeIf(name -> name.startsWith("GALILEO_") || name.startsWith("OTEL_"));
      builder.environment().putAll(environment);
      Process process = builder.start();
      boolean exited = process.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(exited && process.exitValue() == 0).as("the child exits cleanly:%n%s", output).isTrue();
      Map<String, String> resolved = new TreeMap<>();
      output.lines().filter(line -> line.startsWith("RESOLVED ")).forEach(line -> {
        String setting = line.substring("RESOLVED ".length());
        int eq = setting.indexOf('=');
        resolved.put(setting.substring(0, eq), setting.substring(eq + 1));
      });
      assertThat(resolved).as("what the child printed:%n%s", output).containsOnlyKeys(PrecedenceApp.SETTINGS);
      return resolved;
    } finally {
      Files.deleteIfExists(argFile);
    }
  }
}
