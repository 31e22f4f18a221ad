package ai.galileo.tracing.tsinterop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Galileo's TypeScript SDK, installed with {@code npm ci} from the committed lock file into
 * {@code target/ts-peer}, and the retrieval service written with it, run with {@code node}.
 *
 * <p>The install is the only step that uses the network (npm's registry); it is skipped when the
 * same lock file is already installed there. The service itself talks to loopback only.
 */
final class TsPeer {
  /** The SDK version the lock file pins; checked against what npm installed. */
  static final String SDK_VERSION = "1.33.1";
  private static final List<String> FILES = List.of("package.json", "package-lock.json", "retrieval-service.js");
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
  private static final String MARKER = "node_modules/.ts-peer-lock.sha256";

  private final Path dir;

  private TsPeer(Path dir) {
    this.dir = dir;
  }

  /** Why the tests cannot run here (node or npm is not on the PATH), or null when they can. */
  static String missingTools() throws InterruptedException {
    if (runs("node", "--version") && runs("npm", "--version")) {
      return null;
    }
    return "node and npm must be on the PATH to install and run Galileo's TypeScript SDK"
        + " (Node 20 and npm are expected on every build machine; see tests/ts-interop/README.md)";
  }

  /** Installs the pinned SDK and the service into {@code ts.peer.dir}. */
  static TsPeer install() throws IOException, InterruptedException {
    Path source = Paths.get(System.getProperty("ts.peer.source"));
    Path dir = Paths.get(System.getProperty("ts.peer.dir"));
    Files.createDirectories(dir);
    for (String f : FILES) {
      Files.copy(source.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    String lockHash = sha256(dir.resolve("package-lock.json"));
    Path marker = dir.resolve(MARKER);
    boolean installed = Files.exists(marker)
        && Files.readString(marker, StandardCharsets.UTF_8).equals(lockHash)
        && Files.exists(dir.resolve("node_modules/galileo/package.json"));
    if (!installed) {
      Path log = dir.resolve("npm-ci.log");
      ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=warn")
          .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("npm_config_update_notifier", "false");
      Process npm = pb.start();
      boolean done = npm.waitFor(600, TimeUnit.SECONDS);
      if (!done) {
        npm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(done).as("npm ci finished within 600 s; it printed:\n%s", out).isTrue();
      assertThat(npm.exitValue()).as("exit status of npm ci in %s; it printed:\n%s", dir, out).isZero();
      Files.writeString(marker, lockHash, StandardCharsets.UTF_8);
    }
    Path sdk = dir.resolve("node_modules/galileo/package.json");
    Matcher v = VERSION.matcher(Files.readString(sdk, StandardCharsets.UTF_8));
    assertThat(v.find() ? v.group(1) : null).as("installed version of npm package galileo").isEqualTo(SDK_VERSION);
    return new TsPeer(dir);
  }

  /**
   * Starts the retrieval service with the SDK's settings in {@code galileo} and no other GALILEO_
   * or proxy variable from this JVM's environment, and waits until it listens.
   */
  Service start(Map<String, String> galileo, Path log) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("node", "retrieval-service.js")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("GALILEO_") || k.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    env.putAll(galileo);
    Process p = pb.start();
    Service service = new Service(p, log);
    try {
      service.awaitListening();
    } catch (InterruptedException | RuntimeException | AssertionError e) {
      service.close();
      throw e;
    }
    return service;
  }

  /** The running service; {@link #close()} stops it. */
  static final class Service implements AutoCloseable {
    private final Process process;
    private final Path log;
    private URI uri;

    private Service(Process process, Path log) {
      this.process = process;
      this.log = log;
    }

    URI uri() {
      return uri;
    }

    /** Everything the service printed so far. */
    String log() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(log unreadable: " + e + ")";
      }
    }

    private void awaitListening() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        Matcher m = LISTENING.matcher(log());
        if (m.find()) {
          uri = URI.create(m.group(1));
          return;
        }
        if (!process.isAlive()) {
          throw new AssertionError("the retrieval service exited with " + process.exitValue()
              + " before listening; it printed:\n" + log());
        }
        Thread.sleep(50);
      }
      throw new AssertionError("the retrieval service did not listen within 60 s; it printed:\n" + log());
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean runs(String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
