package ai.galileo.tracing.demoit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A Galileo-compatible server that is not our console, for {@code ./demo} with {@code
 * GALILEO_API_URL}: a proxy on loopback in front of a console that passes what the SDK needs of
 * Galileo's API (finding the project and log stream, ingesting, and reading a span back for the
 * completion rule) but not the reads the demo's trees come from: the console's {@code /api} answers
 * 404 and {@code GET /v2/projects/{id}/traces/{id}} 405. With {@link #refusingIngest} it also
 * refuses every trace and span with 422, as a server that rejects the SDK's records would.
 */
final class ForeignServer implements AutoCloseable {
  private static final Set<String> HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
      "keep-alive", "upgrade", "expect", "te", "trailer", "proxy-connection");
  private static final Pattern TRACE_READ = Pattern.compile("/(v2/)?projects/[^/]+/traces/[^/]+");
  private static final Pattern INGEST = Pattern.compile("/(v2/)?projects/[^/]+/(traces|spans)(/[^/]+)?");

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String target;
  private final boolean refuseIngest;

  private ForeignServer(String target, boolean refuseIngest) throws IOException {
    this.target = target.replaceAll("/+$", "");
    this.refuseIngest = refuseIngest;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Takes the SDK's records into the console behind it, and serves no trace reads. */
  static ForeignServer withoutReads(String console) throws IOException {
    return new ForeignServer(console, false);
  }

  /** Finds projects and log streams, but refuses every trace and span. */
  static ForeignServer refusingIngest(String console) throws IOException {
    return new ForeignServer(console, true);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) {
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.startsWith("/api/")) {
        answer(ex, 404, "{\"detail\":\"Not Found\"}");
      } else if (method.equals("GET") && TRACE_READ.matcher(path).matches()) {
        answer(ex, 405, "{\"detail\":\"Method Not Allowed\"}");
      } else if (refuseIngest && !method.equals("GET") && INGEST.matcher(path).matches()) {
        ex.getRequestBody().readAllBytes();
        answer(ex, 422, "{\"detail\":\"refused by the test's server\"}");
      } else {
        forward(ex);
      }
    } catch (IOException | RuntimeException e) {
      try {
        ex.sendResponseHeaders(502, -1);
      } catch (IOException | RuntimeException alreadySent) {
        // the answer had started; closing cuts it short
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ex.close();
    }
  }

  private void forward(HttpExchange ex) throws IOException, InterruptedException {
    byte[] body = ex.getRequestBody().readAllBytes();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
        .timeout(Duration.ofSeconds(30))
        .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
      if (!HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        h.getValue().forEach(v -> b.header(h.getKey(), v));
      }
    }
    HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    r.headers().map().forEach((name, values) -> {
      if (!HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        ex.getResponseHeaders().put(name, values);
      }
    });
    byte[] answer = r.body();
    ex.sendResponseHeaders(r.statusCode(), answer.length == 0 ? -1 : answer.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(answer);
    }
  }

  private static void answer(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
