package ai.galileo.tracing.conformance;

import ai.galileo.tracing.transport.http.HttpClient5Tracing;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/** The server kinds of the matrix. */
final class Servers {
  private Servers() {}

  /** The JDK's built-in HttpServer with {@code JdkHttpTracing.serverFilter()}; a fixed pool. */
  static final TestServer.Kind JDK = (tracer, policy, app, threads) -> {
    JdkHttpTracing.Builder builder = JdkHttpTracing.builder(tracer);
    JdkHttpTracing tracing = (policy == null ? builder : builder.trustPolicy(policy)).build();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    server.setExecutor(pool);
    server.createContext("/", exchange -> {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
      TestApp.Answer answer = app.handle(exchange.getRequestURI().getPath(), headers);
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      if (answer.location() != null) {
        exchange.getResponseHeaders().add("Location", answer.location());
      }
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }).getFilters().add(tracing.serverFilter());
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    app.base(base);
    return new TestServer() {
      @Override
      public URI uri(String path) {
        return base.resolve(path);
      }

      @Override
      public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
          pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public String toString() {
        return "JDK HttpServer";
      }
    };
  };

  /**
   * An HttpCore 5 classic server with {@code HttpClient5Tracing.serverFilter()}. It runs one
   * worker thread per connection, so a kept-alive connection's requests share a thread.
   */
  static final TestServer.Kind HTTPCORE = (tracer, policy, app, threads) -> {
    HttpClient5Tracing.Builder builder = HttpClient5Tracing.builder(tracer);
    HttpClient5Tracing tracing = (policy == null ? builder : builder.trustPolicy(policy)).build();
    org.apache.hc.core5.http.impl.bootstrap.HttpServer server = ServerBootstrap.bootstrap()
        .setLocalAddress(InetAddress.getLoopbackAddress())
        .setListenerPort(0)
        .setCanonicalHostName("127.0.0.1")
        .setSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofSeconds(30)).setBacklogSize(256).build())
        .addFilterFirst("galileo", tracing.serverFilter())
        .register("*", (request, response, context) -> {
          Map<String, List<String>> headers = new LinkedHashMap<>();
          for (Header h : request.getHeaders()) {
            headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(h.getValue());
          }
          String path = URI.create(request.getRequestUri()).getPath();
          TestApp.Answer answer = app.handle(path, headers);
          response.setCode(answer.status());
          if (answer.location() != null) {
            response.setHeader("Location", answer.location());
          }
          response.setEntity(new StringEntity(answer.body(), ContentType.TEXT_PLAIN));
        })
        .create();
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
    app.base(base);
    return new TestServer() {
      @Override
      public URI uri(String path) {
        return base.resolve(path);
      }

      @Override
      public void close() {
        server.close(CloseMode.IMMEDIATE);
      }

      @Override
      public String toString() {
        return "HttpCore 5 classic server";
      }
    };
  };
}
