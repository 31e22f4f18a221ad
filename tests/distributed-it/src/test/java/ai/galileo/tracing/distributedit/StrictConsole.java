package ai.galileo.tracing.distributedit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The real console in a JVM of its own, started with {@code --strict}: like Galileo, it refuses a
 * span (posted or updated) for a trace already marked complete, with 400 {@code {"detail": "Trace
 * is marked as complete"}}. A free port, an in-memory database.
 */
final class StrictConsole implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  final String url;
  private final Jvm jvm;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private StrictConsole(Jvm jvm, String url) {
    this.jvm = jvm;
    this.url = url;
  }

  static StrictConsole start(Path logs) throws Exception {
    Jvm jvm = Jvm.start("console", logs, Jvm.CONSOLE_JAR, Map.of(),
        List.of("--port", "0", "--db", ":memory:", "--strict"));
    try {
      return new StrictConsole(jvm, jvm.awaitLine(LISTENING, Duration.ofSeconds(60)));
    } catch (Exception | AssertionError e) {
      jvm.close();
      throw e;
    }
  }

  /**
   * {@code GET /api/traces/{id}}, once: the trace and all its spans, each with its parent. Read
   * right after the orchestrator exits, with no waiting: the completion rule means that by then
   * every service's spans are in.
   */
  JsonNode trace(String id) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/traces/" + id))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET /api/traces/" + id + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  @Override
  public void close() throws Exception {
    jvm.stop();
  }
}
