package ai.galileo.tracing.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A load driver, not a test: posts Galileo traces batches (each trace a workflow with an LLM
 * span, a tool span and a second LLM span, 5 records, the span shape) to a console at a
 * fixed rate for a while, from several connections, and reports the rate it reached, the
 * answers, and what the console says it received. Run the console in its own JVM for a figure
 * worth quoting:
 *
 * <pre>
 * java -Xmx256m -jar galileo-console/target/galileo-console.jar --port 8099 --db :memory:
 * java -cp "$(cat cp.txt):galileo-console/target/test-classes" ai.galileo.tracing.console.IngestLoad \
 *     --url http://127.0.0.1:8099 --rate 10000 --seconds 600
 * </pre>
 *
 * <p>Without {@code --url} it starts a console in this JVM (which then shares its CPU with the
 * driver).
 */
public final class IngestLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECORDS_PER_TRACE = 5;

  private IngestLoad() {}

  public static void main(String[] args) throws Exception {
    String url = null;
    double rate = 10_000;
    int seconds = 30;
    int threads = 4;
    int tracesPerPost = 100;
    int stopAfter = Integer.MAX_VALUE;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--url" -> url = args[i + 1];
        case "--rate" -> rate = Double.parseDouble(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--traces-per-post" -> tracesPerPost = Integer.parseInt(args[i + 1]);
        // On a busy machine the schedule slips: stop sending after this many seconds of wall time.
        case "--stop-after" -> stopAfter = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    GalileoConsole local = null;
    if (url == null) {
      local = GalileoConsole.builder().port(0).database(":memory:").start();
      url = local.url().toString();
    }
    try {
      run(URI.create(url), rate, seconds, threads, tracesPerPost, stopAfter);
    } finally {
      if (local != null) {
        local.close();
      }
    }
  }

  private static void run(URI base, double rate, int seconds, int threads, int tracesPerPost,
      int stopAfter) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    UUID project = UUID.fromString(post(client, base.resolve("/v2/projects"),
        JSON.createObjectNode().put("name", "load")).path("id").asText());
    UUID logStream = UUID.fromString(post(client, base.resolve("/v2/projects/" + project + "/log_streams"),
        JSON.createObjectNode().put("name", "load")).path("id").asText());
    URI traces = base.resolve("/v2/projects/" + project + "/traces");
    JsonNode before = stats(client, base);

    int spansPerPost = tracesPerPost * RECORDS_PER_TRACE;
    long posts = (long) Math.ceil(rate * seconds / spansPerPost);
    long intervalNanos = (long) (1e9 * spansPerPost / rate);
    AtomicLong next = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong maxLagNanos = new AtomicLong();
    long start = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        long k;
        long stopAt = start + stopAfter * 1_000_000_000L;
        while ((k = next.getAndIncrement()) < posts && System.nanoTime() - stopAt < 0) {
          long due = start + k * intervalNanos;
          long now = System.nanoTime();
          if (due > now) {
            LockSupport.parkNanos(due - now);
          } else {
            maxLagNanos.accumulateAndGet(now - due, Math::max);
          }
          byte[] body = batch(logStream, tracesPerPost);
          try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(traces)
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
              ok.addAndGet(spansPerPost);
            } else {
              failed.addAndGet(spansPerPost);
              System.err.println("answer " + r.statusCode() + ": " + r.body());
            }
          } catch (Exception e) {
            failed.addAndGet(spansPerPost);
            System.err.println("post failed: " + e);
          }
        }
      }, "load-" + t);
      w.start();
      workers.add(w);
    }
    long lastReport = System.nanoTime();
    for (Thread w : workers) {
      while (w.isAlive()) {
        w.join(1000);
        if (System.nanoTime() - lastReport > 10e9) {
          lastReport = System.nanoTime();
          System.out.printf("%5.0f s: %,d records accepted, %,d failed, lag %.0f ms%n",
              (lastReport - start) / 1e9, ok.get(), failed.get(), maxLagNanos.get() / 1e6);
        }
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    JsonNode after = stats(client, base);
    long received = after.path("spans_received").asLong() + after.path("traces_received").asLong()
        - before.path("spans_received").asLong() - before.path("traces_received").asLong();
    System.out.printf("target %,.0f records/s for %d s (%d threads, %d records a post)%n", rate, seconds,
        threads, spansPerPost);
    System.out.printf("accepted %,d records (200), failed %,d, in %.1f s: %,.0f records/s; worst lag"
        + " behind schedule %.0f ms%n", ok.get(), failed.get(), elapsed, ok.get() / elapsed,
        maxLagNanos.get() / 1e6);
    double cpu = after.path("process_cpu_seconds").asDouble() - before.path("process_cpu_seconds").asDouble();
    System.out.printf("console CPU %.1f s: %.1f us a record, %.2f cores at the rate reached%n", cpu,
        cpu * 1e6 / Math.max(1, received), cpu / elapsed);
    System.out.printf("console counted %,d records received; stats now %s%n", received, after);
    System.out.println(received == ok.get() && failed.get() == 0 ? "NOTHING LOST" : "MISMATCH");
  }

  /** {@code tracesPerPost} traces of 5 records: workflow trace > llm, tool, llm, workflow. */
  static byte[] batch(UUID logStream, int tracesPerPost) {
    ObjectNode body = JSON.createObjectNode();
    body.put("log_stream_id", logStream.toString());
    body.put("is_complete", true);
    ArrayNode list = body.putArray("traces");
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Instant now = Instant.now();
    for (int i = 0; i < tracesPerPost; i++) {
      UUID traceId = new UUID(random.nextLong() & ~0xF000L | 0x4000L,
          random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L);
      ObjectNode t = record("trace", traceId, traceId, "agent run", now);
      t.put("input", "What is the weather in Paris?");
      t.put("output", "Sunny, 21 degrees.");
      ArrayNode spans = t.putArray("spans");
      for (String type : List.of("llm", "tool", "llm", "workflow")) {
        UUID id = UUID.randomUUID();
        ObjectNode s = record(type, id, traceId, type + " step", now);
        s.put("parent_id", traceId.toString());
        if (type.equals("llm")) {
          s.putArray("input").addObject().put("role", "user").put("content", "What is the weather in Paris?");
          s.putObject("output").put("role", "assistant").put("content", "Let me check.");
          s.put("model", "gpt-4o-mini");
          s.with("metrics").put("num_input_tokens", 12).put("num_output_tokens", 4)
              .put("num_total_tokens", 16);
        } else {
          s.put("input", "{\"city\": \"Paris\"}");
          s.put("output", "sunny");
        }
        spans.add(s);
      }
      list.add(t);
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode record(String type, UUID id, UUID traceId, String name, Instant at) {
    ObjectNode r = JSON.createObjectNode();
    r.put("type", type);
    r.put("id", id.toString());
    r.put("trace_id", traceId.toString());
    r.put("name", name);
    r.put("created_at", at.toString());
    r.putObject("user_metadata").put("service.name", "load");
    r.putArray("tags");
    r.putObject("metrics").put("duration_ns", 1_250_000);
    r.put("status_code", 200);
    return r;
  }

  private static JsonNode post(HttpClient client, URI uri, ObjectNode body) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(uri + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static JsonNode stats(HttpClient client, URI base) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/api/stats")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
  }
}
