package ai.galileo.tracing.distributedit;

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
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow backend: an HTTP proxy on loopback that passes every request to the console only after
 * a delay, and its answer back. Requests are handled concurrently, each delayed on its own.
 */
final class DelayingProxy implements AutoCloseable {
  /** Set by the client or the server for this hop, not forwarded. */
  private static final Set<String> HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
      "keep-alive", "upgrade", "expect", "te", "trailer", "proxy-connection");

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String target;
  private final Duration delay;
  final AtomicInteger requests = new AtomicInteger();

  DelayingProxy(String target, Duration delay) throws IOException {
    this.target = target.replaceAll("/+$", "");
    this.delay = delay;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", this::forward);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void forward(HttpExchange ex) {
    try {
      requests.incrementAndGet();
      byte[] body = ex.getRequestBody().readAllBytes();
      Thread.sleep(delay.toMillis());
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(ex, 503);
    } catch (IOException | RuntimeException e) {
      fail(ex, 502);
    } finally {
      ex.close();
    }
  }

  private static void fail(HttpExchange ex, int status) {
    try {
      ex.sendResponseHeaders(status, -1);
    } catch (IOException | RuntimeException alreadySent) {
      // the answer had started: closing the exchange cuts it short, which the client sees
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
