package ai.galileo.tracing.distributedit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One program in a JVM of its own (the example's retrieval service or orchestrator, or the
 * console), its stdout and stderr kept in files under target/. {@link #stop()} and
 * {@link #close()} always end the process.
 */
final class Jvm implements AutoCloseable {
  static final Path ROOT = root();
  static final Path RAG_JAR = ROOT.resolve("examples/rag-pipeline/target/rag-pipeline.jar");
  static final Path CONSOLE_JAR = ROOT.resolve("galileo-console/target/galileo-console.jar");
  private static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  /** Two cores are shared by every JVM of a scenario: start fast, compile little, collect simply. */
  private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      "-Xss512k", "-XX:-UsePerfData");
  private static final List<String> INHERITED_SETTINGS = List.of("GALILEO_API_URL", "GALILEO_CONSOLE_URL",
      "GALILEO_API_KEY", "GALILEO_PROJECT", "GALILEO_PROJECT_ID", "GALILEO_LOG_STREAM", "GALILEO_LOG_STREAM_ID",
      "GALILEO_MODE", "GALILEO_EXPORTER", "GALILEO_LOGGING_DISABLED", "GALILEO_SERVICE_NAME",
      "GALILEO_COMPLETION_TIMEOUT_MS", "GALILEO_INGEST_PARENTS_FIRST", "GALILEO_SHUTDOWN_TIMEOUT_MS",
      "GALILEO_SERVER_TRUST", "GALILEO_PROPAGATORS", "OPENAI_API_KEY");

  final String name;
  final Path out;
  final Path err;
  private final Process process;

  private Jvm(String name, Path out, Path err, Process process) {
    this.name = name;
    this.out = out;
    this.err = err;
    this.process = process;
  }

  /**
   * Starts {@code java -jar JAR ARGS} with the environment given on top of one cleared of the
   * GALILEO_* settings of whoever runs the build; logs go to {@code logs/NAME.out|err}.
   */
  static Jvm start(String name, Path logs, Path jar, Map<String, String> env, List<String> args) throws IOException {
    Files.createDirectories(logs);
    List<String> command = new ArrayList<>();
    command.add(JAVA);
    command.addAll(JVM_FLAGS);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(logs.toFile());
    INHERITED_SETTINGS.forEach(pb.environment()::remove);
    pb.environment().putAll(env);
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    return new Jvm(name, out, err, pb.start());
  }

  /** Waits for a line of stdout matching the pattern, while the process runs; its first group. */
  String awaitLine(Pattern pattern, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = pattern.matcher(stdout());
      if (m.find()) {
        return m.groupCount() > 0 ? m.group(1) : m.group();
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing " + pattern
            + "; " + describe());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(name + " did not print " + pattern + " in " + timeout + "; " + describe());
      }
      Thread.sleep(50);
    }
  }

  /** Waits for the process to exit by itself; its exit status. */
  int awaitExit(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new AssertionError(name + " did not finish in " + timeout + "; " + describe());
    }
    return process.exitValue();
  }

  /** Stops the process as Ctrl-C or {@code kill} would (SIGTERM: its shutdown hooks run) and waits. */
  void stop() throws Exception {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      close();
      throw new AssertionError(name + " did not stop in 60 s after SIGTERM; " + describe());
    }
  }

  String stdout() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  String stderr() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  String describe() {
    try {
      return "its stdout (" + out + "):\n" + stdout() + "\nits stderr (" + err + "):\n" + stderr();
    } catch (IOException e) {
      return "its logs are in " + out + " and " + err;
    }
  }

  /** Its delivery receipt, the {@code export: ...} line it printed on stderr. */
  Receipt receipt() throws IOException {
    return Receipt.parse(name, stderr());
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Path root() {
    try {
      return Paths.get(System.getProperty("reactor.root", "../..")).toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException("reactor.root", e);
    }
  }
}
