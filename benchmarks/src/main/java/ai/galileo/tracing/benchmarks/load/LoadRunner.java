package ai.galileo.tracing.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end export benchmark (issue #23): runs each scenario's subjects one after another, each
 * in a child JVM ({@link LoadClient}) against a receiver in another process ({@link LoadSink}, or the
 * real console), and writes {@code load.md} and {@code load.json} into the output directory.
 * ({@code load-smoke.*} for a smoke run). {@code benchmarks/load} is its command line; see benchmarks/README.md.
 */
public final class LoadRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CONSOLE_READY = Pattern.compile("listening on (http://\\S+)");

  private final LoadOptions options;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  LoadRunner(LoadOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    LoadOptions options = LoadOptions.parse(args);
    ArrayNode rows = new LoadRunner(options).run();
    for (JsonNode row : rows) {
      if (row.has("error")) {
        System.exit(1); // the report is written, with the failed rows marked
      }
    }
  }

  /** Runs every scenario; returns the results as written to load.json. */
  ArrayNode run() throws IOException, InterruptedException {
    Files.createDirectories(options.out().resolve("load-logs"));
    String loadBefore = Machine.loadAverage();
    String busyBefore = Machine.busiestProcesses();
    double coresBusyBefore = Machine.coresBusy();
    long started = System.nanoTime();
    ArrayNode results = JSON.createArrayNode();
    for (Scenario scenario : options.scenarios()) {
      log("Scenario " + scenario.name() + ": " + scenario.rate() + " spans/s for " + scenario.seconds() + " s"
          + (scenario.console() ? " into the console" : ", sink answering after " + scenario.latencyMillis() + " ms"));
      try (Receiver receiver = scenario.console() ? startConsole(scenario) : startSink(scenario)) {
        List<LoadSubject> order = new ArrayList<>();
        if (scenario.baselines()) {
          scenario.subjects().stream().map(LoadSubject::baseline).distinct().forEach(order::add);
        }
        order.addAll(scenario.subjects());
        Map<LoadSubject, ObjectNode> rows = new LinkedHashMap<>();
        for (LoadSubject subject : order) {
          ObjectNode row;
          try {
            row = runOne(scenario, subject, receiver);
          } catch (IllegalStateException | IOException e) {
            // One subject failing must not lose the others' rows: the report shows it failed, and why.
            row = JSON.createObjectNode().put("scenario", scenario.name()).put("subject", subject.id)
                .put("error", e.getMessage());
            log("    failed: " + e.getMessage());
          }
          rows.put(subject, row);
          results.add(row);
        }
        if (scenario.baselines()) {
          addExportCpu(rows);
        }
      }
    }
    ObjectNode machine = JSON.createObjectNode();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    machine.put("loadBefore", loadBefore);
    machine.put("loadAfter", Machine.loadAverage());
    machine.put("busyBefore", busyBefore);
    machine.put("coresBusyBefore", coresBusyBefore);
    machine.put("minutes", (System.nanoTime() - started) / 60e9);
    ObjectNode all = JSON.createObjectNode();
    all.set("machine", machine);
    all.set("rows", results);
    // A smoke run's files have their own names, so that the report never picks them up as figures.
    String name = options.smoke() ? "load-smoke" : "load";
    Files.writeString(options.out().resolve(name + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all));
    Files.writeString(options.out().resolve(name + ".md"), LoadReport.markdown(options, all));
    log("Wrote " + options.out().resolve(name + ".md"));
    return results;
  }

  private ObjectNode runOne(Scenario scenario, LoadSubject subject, Receiver receiver)
      throws IOException, InterruptedException {
    receiver.reset();
    double receiverCpu0 = receiver.cpuSeconds();
    List<String> command = new ArrayList<>(List.of(options.java(), "-Xms64m", "-Xmx1g", "-XX:+UseG1GC"));
    if (options.jfr() != null) {
      command.add(flightRecording(options.jfr().resolve(scenario.name() + "-" + subject.id + ".jfr")));
    }
    command.addAll(options.childJvmArgs());
    command.addAll(List.of("-cp", subject.isOtel() ? options.otelClassPath() : options.classPath(),
        LoadClient.class.getName()));
    command.addAll(Arrays.asList(subject.clientArgs(receiver.url())));
    command.addAll(List.of(String.valueOf(scenario.rate()), String.valueOf(scenario.seconds()),
        String.valueOf(options.drainSeconds()), String.valueOf(scenario.warmupSeconds()),
        receiver.console ? "none" : receiver.url() + "/load/count"));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    // The child takes only what the runner gives it, plus any other GALILEO_ setting (such as
    // GALILEO_EXPORT_MAX_IN_FLIGHT) the caller chose: never a key or a remote endpoint.
    env.keySet().removeIf(k -> k.startsWith("OTEL_") || k.equals("GALILEO_API_KEY") || k.equals("GALILEO_CONSOLE_URL")
        || k.startsWith("GALILEO_PROJECT") || k.startsWith("GALILEO_LOG_STREAM") || k.equals("GALILEO_EXPORTER")
        || k.equals("GALILEO_MODE") || k.equals("GALILEO_API_URL"));
    env.putAll(subject.environment(receiver.url()));
    Path logFile = options.out().resolve("load-logs").resolve(scenario.name() + "-" + subject.id + ".log");
    pb.redirectError(logFile.toFile());
    log("  " + subject.id + "...");
    Path outFile = options.out().resolve("load-logs").resolve(scenario.name() + "-" + subject.id + ".out");
    pb.redirectOutput(outFile.toFile());
    Process child = pb.start();
    long limit = scenario.warmupSeconds() + scenario.seconds() + 2L * options.drainSeconds() + 60L;
    if (!child.waitFor(limit, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new IllegalStateException(subject.id + " in " + scenario.name() + " did not end within " + limit
          + " s; see " + logFile);
    }
    String result = Files.readAllLines(outFile).stream().filter(l -> l.startsWith("RESULT "))
        .map(l -> l.substring("RESULT ".length())).findFirst().orElse(null);
    if (result == null) {
      throw new IllegalStateException(subject.id + " in " + scenario.name() + " printed no result; see " + logFile);
    }
    ObjectNode row = (ObjectNode) JSON.readTree(result);
    row.put("scenario", scenario.name());
    row.put("subject", subject.id);
    row.put("received", receiver.received(subject));
    row.put("requests", receiver.requests());
    row.put("receiverCpuSeconds", receiver.cpuSeconds() - receiverCpu0);
    log("    generated " + row.get("generated").asLong() + ", delivered " + row.get("delivered").asLong()
        + ", dropped " + row.get("dropped").asLong() + ", received " + row.get("received").asLong()
        + ", CPU " + String.format("%.2f", row.get("cpuSeconds").asDouble()) + " s");
    if (!row.path("threadCpu").asText().isEmpty()) {
      log("    CPU by thread (s): " + row.get("threadCpu").asText());
    }
    return row;
  }

  /**
   * JFR's profiling settings with CPU samples every 10 ms and every compilation and GC pause
   * recorded: enough to split a child's CPU by thread (sender, worker, compiler, GC) and by method.
   * The recording itself costs the child some CPU, so its figures are not comparable with a run
   * without one.
   */
  static String flightRecording(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return "-XX:StartFlightRecording=filename=" + file + ",settings=profile,jdk.ExecutionSample#period=10ms,"
        + "jdk.NativeMethodSample#period=10ms,jdk.Compilation#threshold=0ms,jdk.GCPhasePause#threshold=0ms,"
        + "jdk.ThreadCPULoad#period=1s";
  }

  /** Export CPU: the run's process CPU minus its SDK's run exporting nothing, per delivered span. */
  private static void addExportCpu(Map<LoadSubject, ObjectNode> rows) {
    for (Map.Entry<LoadSubject, ObjectNode> e : rows.entrySet()) {
      ObjectNode baseline = rows.get(e.getKey().baseline());
      if (e.getKey().isBaseline() || baseline == null || baseline.has("error") || e.getValue().has("error")) {
        continue;
      }
      ObjectNode row = e.getValue();
      if (row.path("warmupSeconds").asInt() > 0) {
        // The figure before warm-up was measured: the whole process's life, JIT compilation included.
        double withWarmup = row.get("cpuWithWarmupSeconds").asDouble() - baseline.get("cpuWithWarmupSeconds").asDouble();
        long all = row.get("deliveredWithWarmup").asLong();
        row.put("exportMicrosPerSpanWithWarmup", all == 0 ? Double.NaN : withWarmup * 1e6 / all);
      }
      double exportCpu = row.get("cpuSeconds").asDouble() - baseline.get("cpuSeconds").asDouble();
      row.put("baselineCpuSeconds", baseline.get("cpuSeconds").asDouble());
      row.put("exportCpuSeconds", exportCpu);
      long delivered = row.get("delivered").asLong();
      row.put("exportMicrosPerSpan", delivered == 0 ? Double.NaN : exportCpu * 1e6 / delivered);
      String threads = row.path("threadCpu").asText();
      String baseThreads = baseline.path("threadCpu").asText();
      if (!threads.isEmpty() && !baseThreads.isEmpty()) {
        double offApp = ThreadCpu.offApp(threads) - ThreadCpu.offApp(baseThreads);
        row.put("exportOffAppMicrosPerSpan", delivered == 0 ? Double.NaN : offApp * 1e6 / delivered);
      }
    }
  }

  private Receiver startSink(Scenario scenario) throws IOException {
    Process p = new ProcessBuilder(options.java(), "-Xmx512m", "-cp", options.classPath(), LoadSink.class.getName(),
        String.valueOf(scenario.latencyMillis()))
        .redirectError(options.out().resolve("load-logs").resolve(scenario.name() + "-sink.log").toFile())
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("LISTENING ")) {
      p.destroyForcibly();
      throw new IllegalStateException("the sink did not start: " + line);
    }
    return new Receiver(p, "http://127.0.0.1:" + line.substring("LISTENING ".length()).trim(), false);
  }

  private Receiver startConsole(Scenario scenario) throws IOException {
    if (options.consoleJar() == null || !Files.isRegularFile(options.consoleJar())) {
      throw new IllegalStateException("no console jar at " + options.consoleJar());
    }
    Process p = new ProcessBuilder(options.java(), "-jar", options.consoleJar().toString(), "--port", "0",
        "--db", ":memory:", "--max-traces", "0")
        .redirectErrorStream(true)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = CONSOLE_READY.matcher(line);
      if (m.find()) {
        String url = m.group(1);
        Thread drainer = new Thread(() -> drain(out), "console-output");
        drainer.setDaemon(true);
        drainer.start();
        return new Receiver(p, url, true);
      }
    }
    throw new IllegalStateException("the console did not start");
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // the console's log is not needed; reading it keeps its pipe from filling
      }
    } catch (IOException e) {
      // the console stopped
    }
  }

  static void log(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /**
   * A receiver process: the sink, which counts finished spans by route, or the console, which
   * stores them (its count is the records in the {@code load} log stream: traces plus spans).
   */
  final class Receiver implements AutoCloseable {
    private final Process process;
    private final String url;
    private final boolean console;
    private long consoleBefore;

    Receiver(Process process, String url, boolean console) {
      this.process = process;
      this.url = url;
      this.console = console;
    }

    String url() {
      return url;
    }

    /** The receiver process's CPU so far, from the operating system. */
    double cpuSeconds() {
      return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    void reset() throws IOException, InterruptedException {
      if (console) {
        consoleBefore = consoleRecords();
      } else {
        call("POST", "/load/count");
      }
    }

    /** Finished spans the receiver counted for this subject's route; -1 when it has nothing to count. */
    long received(LoadSubject subject) throws IOException, InterruptedException {
      if (subject.isBaseline()) {
        return -1;
      }
      if (console) {
        return settledConsoleRecords() - consoleBefore;
      }
      JsonNode counts = JSON.readTree(call("GET", "/load/count"));
      return counts.get(subject.isOtel() || subject == LoadSubject.OTLP ? "otlp" : "galileo").asLong();
    }

    /** Requests the sink answered since its count was last reset; -1 for the console. */
    long requests() throws IOException, InterruptedException {
      return console ? -1 : JSON.readTree(call("GET", "/load/count")).path("requests").asLong(-1);
    }

    /** The console may still be storing what it accepted: its count once it stops moving (at most 30 s). */
    private long settledConsoleRecords() throws IOException, InterruptedException {
      long last = -1;
      for (int i = 0; i < 60; i++) {
        long now = consoleRecords();
        if (now == last) {
          return now;
        }
        last = now;
        Thread.sleep(500);
      }
      return last;
    }

    private long consoleRecords() throws IOException, InterruptedException {
      JsonNode projects = JSON.readTree(call("GET", "/v2/projects?project_name=load"));
      long n = 0;
      for (JsonNode project : projects) {
        JsonNode streams = JSON.readTree(call("GET", "/v2/projects/" + project.path("id").asText()
            + "/log_streams?include_counts=true"));
        for (JsonNode stream : streams) {
          n += stream.path("num_traces").asLong() + stream.path("num_spans").asLong();
        }
      }
      return n;
    }

    private String call(String method, String path) throws IOException, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
          .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy(); // SIGTERM: the console closes its database
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
