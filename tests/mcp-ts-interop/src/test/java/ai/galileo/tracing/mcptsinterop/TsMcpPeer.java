package ai.galileo.tracing.mcptsinterop;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The official MCP TypeScript SDK, installed with {@code npm ci} from the committed lock file into
 * {@code target/ts-peer}, and the two peers written with it ({@code mcp-server.js},
 * {@code mcp-client.js}), run with {@code node}.
 *
 * <p>The install is the only step that uses the network (npm's registry); it is skipped when the
 * same lock file is already installed there. The peers use loopback only.
 */
final class TsMcpPeer {
  /** The SDK version the lock file pins; checked against what npm installed. */
  static final String SDK_VERSION = "1.32.2";
  private static final List<String> FILES =
      List.of("package.json", "package-lock.json", "mcp-server.js", "mcp-client.js");
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/mcp)");
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
  private static final String SDK_PACKAGE = "node_modules/@modelcontextprotocol/sdk/package.json";
  private static final String MARKER = "node_modules/.ts-peer-lock.sha256";

  private final Path dir;

  private TsMcpPeer(Path dir) {
    this.dir = dir;
  }

  /** Why the tests cannot run here (node or npm is not on the PATH), or null when they can. */
  static String missingTools() throws InterruptedException {
    if (runs("node", "--version") && runs("npm", "--version")) {
      return null;
    }
    return "node and npm must be on the PATH to install and run the official MCP TypeScript SDK"
        + " (Node 18 or newer; see tests/mcp-ts-interop/README.md)";
  }

  /** Installs the pinned SDK and the peers into {@code ts.peer.dir}. */
  static TsMcpPeer install() throws IOException, InterruptedException {
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
        && Files.exists(dir.resolve(SDK_PACKAGE));
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
    Matcher v = VERSION.matcher(Files.readString(dir.resolve(SDK_PACKAGE), StandardCharsets.UTF_8));
    assertThat(v.find() ? v.group(1) : null).as("installed version of @modelcontextprotocol/sdk")
        .isEqualTo(SDK_VERSION);
    return new TsMcpPeer(dir);
  }

  /** The command that runs the TypeScript server on stdio, for the SDK's stdio client transport. */
  List<String> stdioServerCommand() {
    return List.of("node", dir.resolve("mcp-server.js").toString(), "stdio");
  }

  /** Starts the TypeScript server on streamable HTTP and waits until it listens. */
  Process startHttpServer(Path log) throws IOException, InterruptedException {
    Process p = node(log, "mcp-server.js", "http");
    try {
      awaitListening(p, log);
    } catch (InterruptedException | RuntimeException | AssertionError e) {
      stop(p);
      throw e;
    }
    return p;
  }

  /** The URL the started server printed. */
  static URI url(Path log) {
    Matcher m = LISTENING.matcher(read(log));
    assertThat(m.find()).as("the server printed where it listens:\n%s", read(log)).isTrue();
    return URI.create(m.group(1));
  }

  /**
   * Runs the TypeScript client against the URL, calling the tool, and returns the JSON line it
   * printed last.
   */
  String runClient(URI url, String tool, Path log) throws IOException, InterruptedException {
    Process p = node(log, "mcp-client.js", url.toString(), tool);
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      stop(p);
    }
    assertThat(done).as("the TypeScript client finished within 120 s; it printed:\n%s", read(log)).isTrue();
    assertThat(p.exitValue()).as("the TypeScript client's exit status; it printed:\n%s", read(log)).isZero();
    List<String> lines = read(log).lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).as("the TypeScript client printed its result:\n%s", read(log)).isNotEmpty();
    return lines.get(lines.size() - 1);
  }

  static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private Process node(Path log, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>();
    command.add("node");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    // Nothing of this JVM's tracing or proxy settings: the peers are someone else's programs.
    pb.environment().keySet().removeIf(k -> k.startsWith("GALILEO_") || k.startsWith("OTEL_")
        || k.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    return pb.start();
  }

  private static void awaitListening(Process p, Path log) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (LISTENING.matcher(read(log)).find()) {
        return;
      }
      if (!p.isAlive()) {
        throw new AssertionError("the TypeScript MCP server exited with " + p.exitValue()
            + " before listening; it printed:\n" + read(log));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the TypeScript MCP server did not listen within 60 s; it printed:\n" + read(log));
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
