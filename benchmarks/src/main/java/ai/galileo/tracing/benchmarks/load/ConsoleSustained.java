package ai.galileo.tracing.benchmarks.load;

import static ai.galileo.tracing.benchmarks.load.SpanShape.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's sustained ingest check (issue #23, item 4): Galileo ingest requests in the shape
 * this SDK's Galileo route sends them in distributed mode, at a fixed rate of records for many
 * minutes, into a real console in its own JVM ({@code -Xmx256m}, a file database, the default
 * limits), and whether it kept up with nothing lost.
 *
 * <p>The sender posts bodies it writes itself rather than running the SDK, so that its own CPU
 * stays small (it reports it) and the console is what is measured: each trace is {@link
 * SpanShape}'s five records with fresh ids. Most traces go whole, a hundred to a request with
 * {@code is_complete: true}, as the SDK sends a trace no other service joined; {@code
 * --streamed-percent} of them go as a trace whose headers left the process: the trace posted open,
 * its spans in a spans ingest, then the completing {@code PATCH}, in that order.
 *
 * <p>It reports records made (accepted with 200), received (the console's {@code /api/stats}),
 * accounted for (stored plus removed by a limit, each counted), the rate reached, and the
 * console's CPU per record and in cores. Written to {@code console-sustained.md} in {@code --out}.
 */
public final class ConsoleSustained {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern READY = Pattern.compile("listening on (http://\\S+)");

  private ConsoleSustained() {}

  /** @param stopAfter wall seconds after which nothing more is sent, however far behind schedule */
  record Options(double rate, int seconds, int threads, int tracesPerPost, int streamedPercent,
      String url, Path consoleJar, String java, String heap, Path db, Path jfr, Path out,
      int stopAfter) {}

  public static void main(String[] args) throws Exception {
    double rate = 10_000;
    int seconds = 600;
    int threads = 4;
    int tracesPerPost = 100;
    int streamed = 10;
    String url = null;
    Path jar = null;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String heap = "256m";
    Path db = null;
    Path jfr = null;
    Path out = Path.of(".");
    Integer stopAfter = null;
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--rate" -> rate = Double.parseDouble(v);
        case "--minutes" -> seconds = (int) Math.round(Double.parseDouble(v) * 60);
        case "--seconds" -> seconds = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        case "--traces-per-post" -> tracesPerPost = Integer.parseInt(v);
        case "--streamed-percent" -> streamed = Integer.parseInt(v);
        case "--url" -> url = v;
        case "--console-jar" -> jar = Path.of(v);
        case "--java" -> java = v;
        case "--heap" -> heap = v;
        case "--db" -> db = Path.of(v);
        case "--jfr" -> jfr = Path.of(v);
        case "--out" -> out = Path.of(v);
        case "--stop-after" -> stopAfter = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    run(new Options(rate, seconds, threads, tracesPerPost, streamed, url, jar, java, heap, db, jfr,
        out, stopAfter != null ? stopAfter : seconds + Math.max(60, seconds / 5)));
  }

  static void run(Options o) throws Exception {
    Process console = null;
    String url = o.url();
    Path dbDir = null;
    if (url == null) {
      dbDir = Files.createTempDirectory("console-sustained");
      Path db = o.db() != null ? o.db() : dbDir.resolve("traces");
      List<String> cmd = new ArrayList<>(List.of(o.java(), "-Xmx" + o.heap(), "-XX:+UseG1GC"));
      if (o.jfr() != null) {
        cmd.add("-XX:StartFlightRecording=filename=" + o.jfr() + ",settings=profile,dumponexit=true");
      }
      cmd.addAll(List.of("-jar", o.consoleJar().toString(), "--port", "0", "--db", db.toString()));
      console = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      url = awaitReady(console);
    }
    try {
      Result r = load(URI.create(url), o, console);
      String md = r.markdown(o);
      System.out.println(md);
      Files.createDirectories(o.out());
      Files.writeString(o.out().resolve("console-sustained.md"), md);
    } finally {
      if (console != null) {
        console.destroy(); // SIGTERM: the console closes its database (and writes the JFR file)
        if (!console.waitFor(60, TimeUnit.SECONDS)) {
          console.destroyForcibly();
        }
      }
      if (dbDir != null) {
        deleteTree(dbDir);
      }
    }
  }

  record Result(long made, long failed, long received, long accounted, double seconds,
      double consoleCpu, double senderCpu, long maxLagMillis, long heapMaxUsed, String stats) {
    boolean nothingLost() {
      return failed == 0 && received == made && accounted == made;
    }

    String markdown(Options o) {
      return String.format(Locale.ROOT, """
          ### The console's sustained ingest (galileo-console, `benchmarks/console-sustained`)

          Target %,.0f records/s for %d s (sending stops after %d s): traces of %d records, %d a request, %d %% of them streamed \
          (open, spans, completion); console `-Xmx%s`, file database, default limits; %d sender threads.

          | records/s reached | made (200) | failed | received | stored or removed by a limit | nothing lost | console CPU per record | console cores | sender cores | worst lag behind schedule | console heap used, max seen |
          |---|---|---|---|---|---|---|---|---|---|---|
          | %,.0f | %,d | %,d | %,d | %,d | %s | %.1f us | %.2f | %.2f | %,d ms | %,d MiB |

          `/api/stats` at the end: `%s`
          """, o.rate(), o.seconds(), o.stopAfter(), SPANS_PER_TRACE, o.tracesPerPost(), o.streamedPercent(),
          o.heap(), o.threads(), made / seconds, made, failed, received, accounted,
          nothingLost() ? "yes" : "**no**", consoleCpu * 1e6 / Math.max(1, received),
          consoleCpu / seconds, senderCpu / seconds, maxLagMillis, heapMaxUsed >> 20, stats);
    }
  }

  private static Result load(URI base, Options o, Process console) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    Console c = new Console(client, base, console);
    UUID project = UUID.fromString(c.post("/v2/projects", "{\"name\":\"sustained\",\"type\":\"gen_ai\"}")
        .path("id").asText());
    UUID stream = UUID.fromString(c.post("/v2/projects/" + project + "/log_streams",
        "{\"name\":\"sustained\"}").path("id").asText());
    Bodies bodies = new Bodies(stream);
    String projectPath = "/v2/projects/" + project;
    JsonNode before = c.stats();
    double cpuBefore = c.cpuSeconds(before);
    double senderCpuBefore = senderCpu();

    int recordsPerPost = o.tracesPerPost() * SPANS_PER_TRACE;
    long posts = (long) Math.ceil(o.rate() * o.seconds() / recordsPerPost);
    long interval = (long) (1e9 * recordsPerPost / o.rate());
    AtomicLong next = new AtomicLong();
    AtomicLong made = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong maxLag = new AtomicLong();
    long start = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < o.threads(); t++) {
      Thread w = new Thread(() -> {
        long k;
        long stopAt = start + o.stopAfter() * 1_000_000_000L;
        while ((k = next.getAndIncrement()) < posts && System.nanoTime() - stopAt < 0) {
          long due = start + k * interval;
          long now = System.nanoTime();
          if (due > now) {
            LockSupport.parkNanos(due - now);
          } else {
            maxLag.accumulateAndGet(now - due, Math::max);
          }
          int streamedTraces = (int) Math.round(o.tracesPerPost() * o.streamedPercent() / 100.0);
          Bodies.Post post = bodies.post(o.tracesPerPost() - streamedTraces, streamedTraces);
          int ok = c.send("POST", projectPath + "/traces", post.traces());
          if (post.openTraces() != null) {
            ok += c.send("POST", projectPath + "/traces", post.openTraces());
          }
          for (Bodies.Streamed s : post.streamed()) {
            ok += c.send("POST", projectPath + "/spans", s.spans());
            ok += c.send("PATCH", projectPath + "/traces/" + s.traceId(), s.completion());
          }
          if (ok == 0) {
            made.addAndGet(recordsPerPost);
          } else {
            failed.addAndGet(recordsPerPost);
          }
        }
      }, "sustained-" + t);
      w.setDaemon(true);
      w.start();
      workers.add(w);
    }
    long heapMax = 0;
    long lastAt = start;
    long lastMade = 0;
    double lastCpu = cpuBefore;
    for (Thread w : workers) {
      while (w.isAlive()) {
        w.join(10_000);
        long now = System.nanoTime();
        if (now - lastAt >= 10e9) {
          JsonNode s = c.stats();
          double cpu = c.cpuSeconds(s);
          heapMax = Math.max(heapMax, s.path("heap").path("used_bytes").asLong());
          long m = made.get();
          System.out.printf(Locale.ROOT, "%4.0f s: %,8.0f records/s, console %.2f cores, %.0f us a record,"
              + " heap %d MiB, failed %d, lag %d ms%n", (now - start) / 1e9, (m - lastMade) / ((now - lastAt) / 1e9),
              (cpu - lastCpu) / ((now - lastAt) / 1e9), (cpu - lastCpu) * 1e6 / Math.max(1, m - lastMade),
              s.path("heap").path("used_bytes").asLong() >> 20, failed.get(), maxLag.get() / 1_000_000);
          lastAt = now;
          lastMade = m;
          lastCpu = cpu;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    JsonNode after = c.stats();
    // Retention counts what it removed just after its transaction commits: read until it agrees.
    for (int i = 0; i < 20 && accounted(after) - accounted(before) != made.get(); i++) {
      Thread.sleep(500);
      after = c.stats();
    }
    double consoleCpu = c.cpuSeconds(after) - cpuBefore;
    double senderCpu = senderCpu() - senderCpuBefore;
    long received = records(after, "received") - records(before, "received");
    long accounted = accounted(after) - accounted(before);
    return new Result(made.get(), failed.get(), received, accounted, seconds, consoleCpu, senderCpu,
        maxLag.get() / 1_000_000, Math.max(heapMax, after.path("heap").path("used_bytes").asLong()),
        after.toString());
  }

  private static long records(JsonNode stats, String what) {
    return stats.path("traces_" + what).asLong() + stats.path("spans_" + what).asLong();
  }

  /** Stored now, plus everything a limit removed (each removal is counted). */
  private static long accounted(JsonNode s) {
    return records(s, "stored") + records(s, "evicted") + records(s, "evicted_for_spans")
        + records(s, "expired");
  }

  private static double senderCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  private static String awaitReady(Process p) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = READY.matcher(line);
      if (m.find()) {
        Thread drainer = new Thread(() -> {
          try {
            String l;
            while ((l = out.readLine()) != null) {
              System.out.println("console: " + l);
            }
          } catch (IOException e) {
            // the console stopped
          }
        }, "console-output");
        drainer.setDaemon(true);
        drainer.start();
        return m.group(1);
      }
      System.out.println("console: " + line);
    }
    throw new IllegalStateException("the console did not start");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The console under test: its API, and its CPU (from the OS when it is our child). */
  private record Console(HttpClient client, URI base, Process process) {
    JsonNode post(String path, String body) throws IOException, InterruptedException {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve(path))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
      }
      return JSON.readTree(r.body());
    }

    /** 0 when answered 200; else 1, with the answer printed. */
    int send(String method, String path, byte[] body) {
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return 0;
        }
        System.err.println(method + " " + path + ": " + r.statusCode() + " " + r.body());
      } catch (IOException | InterruptedException e) {
        System.err.println(method + " " + path + " failed: " + e);
      }
      return 1;
    }

    JsonNode stats() throws IOException, InterruptedException {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/api/stats")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    }

    double cpuSeconds(JsonNode stats) {
      if (process != null) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
      }
      return stats.path("process_cpu_seconds").asDouble(Double.NaN);
    }
  }

  /**
   * Request bodies of {@link SpanShape}'s trace with fresh ids, in the fields and shapes this SDK's
   * Galileo exporter writes: the trace holding a workflow that holds a retriever, an LLM call and
   * a tool.
   */
  static final class Bodies {
    private final String envelope;

    Bodies(UUID logStream) {
      this.envelope = "{\"log_stream_id\":\"" + logStream + "\",\"client_version\":\"sustained\"";
    }

    record Streamed(UUID traceId, byte[] spans, byte[] completion) {}

    /** The whole traces; the streamed traces posted open (null when none), then each one's spans and completion. */
    record Post(byte[] traces, byte[] openTraces, List<Streamed> streamed) {}

    Post post(int whole, int streamed) {
      StringBuilder b = new StringBuilder(whole * 5_000 + 2_000).append(envelope)
          .append(",\"is_complete\":true,\"traces\":[");
      String now = Instant.now().toString();
      for (int i = 0; i < whole; i++) {
        if (i > 0) {
          b.append(',');
        }
        UUID trace = id();
        trace(b, trace, now, true);
        b.setLength(b.length() - 1);
        b.append(",\"spans\":[");
        workflow(b, trace, now);
        b.append("]}");
      }
      b.append("]}");
      List<Streamed> open = new ArrayList<>(streamed);
      if (streamed > 0) {
        // The open traces go in a request of their own: a request has one completeness.
        StringBuilder t = new StringBuilder(streamed * 1_000).append(envelope)
            .append(",\"is_complete\":false,\"traces\":[");
        for (int i = 0; i < streamed; i++) {
          UUID trace = id();
          if (i > 0) {
            t.append(',');
          }
          trace(t, trace, now, false);
          StringBuilder spans = new StringBuilder(4_000).append(envelope).append(",\"trace_id\":\"")
              .append(trace).append("\",\"parent_id\":\"").append(trace).append("\",\"spans\":[");
          workflow(spans, trace, now);
          spans.append("]}");
          String completion = envelope + ",\"trace_id\":\"" + trace + "\",\"output\":" + quote(ANSWER)
              + ",\"status_code\":200,\"duration_ns\":41250000,\"is_complete\":true}";
          open.add(new Streamed(trace, bytes(spans), completion.getBytes(StandardCharsets.UTF_8)));
        }
        t.append("]}");
        return new Post(bytes(b), bytes(t), open);
      }
      return new Post(bytes(b), null, open);
    }

    private static void trace(StringBuilder b, UUID id, String now, boolean ended) {
      b.append("{\"type\":\"trace\",\"name\":\"rag-request\",\"created_at\":\"").append(now)
          .append("\",\"id\":\"").append(id).append("\",\"trace_id\":\"").append(id)
          .append("\",\"input\":").append(quote(QUESTION));
      if (ended) {
        b.append(",\"output\":").append(quote(ANSWER));
      }
      metadata(b);
      if (ended) {
        b.append(",\"status_code\":200,\"metrics\":{\"duration_ns\":41250000}");
      }
      b.append('}');
    }

    private static void workflow(StringBuilder b, UUID trace, String now) {
      UUID wf = id();
      span(b, "workflow", "answer-question", wf, trace, trace, now);
      b.append(",\"input\":").append(quote(QUESTION)).append(",\"output\":").append(quote(ANSWER));
      metadata(b);
      b.append(",\"status_code\":200,\"metrics\":{\"duration_ns\":40125000},\"spans\":[");
      span(b, "retriever", "search", id(), trace, wf, now);
      b.append(",\"input\":").append(quote(QUESTION)).append(",\"output\":[");
      for (int i = 0; i < DOCUMENTS.size(); i++) {
        b.append(i > 0 ? "," : "").append("{\"content\":").append(quote(DOCUMENTS.get(i)))
            .append(",\"metadata\":{}}");
      }
      b.append(']');
      metadata(b);
      b.append(",\"status_code\":200,\"metrics\":{\"duration_ns\":3125000}},");
      span(b, "llm", "chat", id(), trace, wf, now);
      b.append(",\"input\":[{\"role\":\"system\",\"content\":").append(quote(SYSTEM))
          .append("},{\"role\":\"user\",\"content\":").append(quote(USER)).append("}]")
          .append(",\"output\":{\"role\":\"assistant\",\"content\":").append(quote(ANSWER)).append('}');
      metadata(b);
      b.append(",\"status_code\":200,\"model\":\"").append(MODEL).append("\",\"metrics\":{\"duration_ns\":")
          .append(31_500_000).append(",\"num_input_tokens\":").append(INPUT_TOKENS)
          .append(",\"num_output_tokens\":").append(OUTPUT_TOKENS).append(",\"num_total_tokens\":")
          .append(INPUT_TOKENS + OUTPUT_TOKENS).append("}},");
      span(b, "tool", TOOL_NAME, id(), trace, wf, now);
      b.append(",\"input\":").append(quote(TOOL_INPUT)).append(",\"output\":").append(quote(TOOL_OUTPUT));
      metadata(b);
      b.append(",\"status_code\":200,\"metrics\":{\"duration_ns\":2250000}}]}");
    }

    private static void span(StringBuilder b, String type, String name, UUID id, UUID trace,
        UUID parent, String now) {
      b.append("{\"type\":\"").append(type).append("\",\"name\":\"").append(name)
          .append("\",\"created_at\":\"").append(now).append("\",\"id\":\"").append(id)
          .append("\",\"trace_id\":\"").append(trace).append("\",\"parent_id\":\"").append(parent)
          .append('"');
    }

    private static void metadata(StringBuilder b) {
      b.append(",\"user_metadata\":{\"").append(K1).append("\":\"").append(V1).append("\",\"")
          .append(K2).append("\":\"").append(V2).append("\",\"").append(K3).append("\":\"")
          .append(V3).append("\"},\"tags\":[]");
    }

    private static String quote(String s) {
      try {
        return JSON.writeValueAsString(s);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private static UUID id() {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      return new UUID(r.nextLong() & ~0xF000L | 0x4000L, r.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L);
    }

    private static byte[] bytes(StringBuilder b) {
      return b.toString().getBytes(StandardCharsets.UTF_8);
    }
  }
}
