package ai.galileo.tracing.benchmarks.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receiver, in a process of its own: answers the routes of Galileo's API that the Galileo
 * exporter calls, and OTLP/HTTP's {@code /v1/traces} (protobuf; an empty
 * {@code ExportTraceServiceResponse}), each ingest after {@code latency-ms}, and counts the finished
 * spans it received. Nothing is validated or stored: the fake in tests/galileo-api-fake checks the
 * bodies; this one must cost little so that the SDKs have the cores.
 *
 * <pre>LoadSink LATENCY_MS</pre> prints {@code LISTENING port} when ready. {@code GET /load/count}
 * answers {@code {"galileo":N,"otlp":N,"requests":N}}; {@code POST /load/reset} sets them to 0.
 */
public final class LoadSink {
  private static final byte[] DURATION = "\"duration_ns\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_BODY = new byte[0];

  private final long latencyMillis;
  private final LongAdder galileoSpans = new LongAdder();
  private final LongAdder otlpSpans = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final String projectId = UUID.randomUUID().toString();
  private final String logStreamId = UUID.randomUUID().toString();

  LoadSink(long latencyMillis) {
    this.latencyMillis = latencyMillis;
  }

  public static void main(String[] args) throws IOException {
    LoadSink sink = new LoadSink(Long.parseLong(args[0]));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    // A thread per request in flight, so a slow answer holds only its own request.
    ExecutorService threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sink");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      try (exchange) {
        sink.handle(exchange);
      } catch (IOException | RuntimeException e) {
        // the client went away; nothing to count
      }
    });
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
    System.out.flush();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    byte[] body = readAll(exchange.getRequestBody());
    if (path.startsWith("/load/")) {
      if (method.equals("POST")) {
        galileoSpans.reset();
        otlpSpans.reset();
        requests.reset();
      }
      json(exchange, "{\"galileo\":" + galileoSpans.sum() + ",\"otlp\":" + otlpSpans.sum()
          + ",\"requests\":" + requests.sum() + "}");
      return;
    }
    if (path.equals("/v1/traces") || path.equals("/otel/traces")) {
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      long spans = type != null && type.contains("json") ? occurrences(body, "\"spanId\"".getBytes(StandardCharsets.US_ASCII))
          : OtlpSpanCounter.count(body);
      answerLater(exchange, () -> otlpSpans.add(spans));
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    if (!path.startsWith("/v2/")) {
      exchange.sendResponseHeaders(404, -1);
      return;
    }
    String route = path.substring(3);
    if (method.equals("GET") && (route.equals("/projects") || route.endsWith("/log_streams"))) {
      json(exchange, "[]"); // then the exporter creates them by name
    } else if (method.equals("POST") && route.equals("/projects")) {
      json(exchange, "{\"id\":\"" + projectId + "\",\"name\":\"load\"}");
    } else if (method.equals("POST") && route.endsWith("/log_streams")) {
      json(exchange, "{\"id\":\"" + logStreamId + "\",\"name\":\"load\"}");
    } else if (method.equals("POST") && route.endsWith("/sessions")) {
      json(exchange, "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"load\"}");
    } else if (method.equals("POST") && (route.endsWith("/traces") || route.endsWith("/spans"))
        || method.equals("PATCH")) {
      long finished = occurrences(body, DURATION);
      answerLater(exchange, () -> galileoSpans.add(finished));
      json(exchange, method.equals("PATCH") ? "{}"
          : "{\"project_id\":\"" + projectId + "\",\"log_stream_id\":\"" + logStreamId
              + "\",\"traces_count\":0,\"spans_count\":0,\"records_count\":0}");
    } else if (method.equals("GET")) {
      json(exchange, "{\"id\":\"" + UUID.randomUUID() + "\"}"); // a parent probe: it is there
    } else {
      exchange.sendResponseHeaders(405, -1);
    }
  }

  /** Waits the configured latency, then counts: what the client gave up on before the answer is not counted. */
  private void answerLater(HttpExchange exchange, Runnable count) {
    if (latencyMillis > 0) {
      try {
        Thread.sleep(latencyMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    requests.increment();
    count.run();
  }

  private static void json(HttpExchange exchange, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes.length == 0 ? NO_BODY : bytes);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  static long occurrences(byte[] haystack, byte[] needle) {
    long n = 0;
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      n++;
      i += needle.length - 1;
    }
    return n;
  }
}
