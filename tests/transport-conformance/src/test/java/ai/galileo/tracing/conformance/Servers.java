package ai.galileo.tracing.conformance;

import ai.galileo.tracing.transport.http.HttpClient5Tracing;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import ai.galileo.tracing.transport.servlet.ServletTracing;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
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
    return TestServer.of("JDK HttpServer", base, () -> {
      server.stop(0);
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    });
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
    return TestServer.of("HttpCore 5 classic server", base, () -> server.close(CloseMode.IMMEDIATE));
  };

  /**
   * Jetty 12 with {@code ServletTracing.filter()} in front of a plain servlet. Jetty's pool also
   * runs the connector's acceptor and selector, so it gets two threads more than asked; no threads
   * are held in reserve, so that a one-worker server really reuses its one worker.
   */
  static final TestServer.Kind SERVLET = (tracer, policy, app, threads) -> {
    ServletTracing.Builder builder = ServletTracing.builder(tracer);
    ServletTracing tracing = (policy == null ? builder : builder.trustPolicy(policy)).build();
    QueuedThreadPool pool = new QueuedThreadPool(threads + 2, threads + 2);
    pool.setReservedThreads(0);
    Server server = new Server(pool);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(tracing.filter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
          headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
              .addAll(Collections.list(request.getHeaders(name)));
        }
        TestApp.Answer answer = app.handle(request.getRequestURI(), headers);
        response.setStatus(answer.status());
        if (answer.location() != null) {
          response.setHeader("Location", answer.location());
        }
        response.setContentType("text/plain");
        response.getOutputStream().write(answer.body().getBytes(StandardCharsets.UTF_8));
      }
    }), "/*");
    server.setHandler(context);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    app.base(base);
    return TestServer.of("Servlet filter on Jetty 12", base, server::stop);
  };
}
