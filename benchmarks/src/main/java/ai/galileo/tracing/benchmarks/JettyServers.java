package ai.galileo.tracing.benchmarks;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Operation 6's server as a production one: Jetty 12 on loopback, one servlet answering every
 * request with the same two-byte body as the JDK server's handler, behind an optional filter.
 */
final class JettyServers {
  private JettyServers() {}

  /** A started server; {@link #stop} it. */
  record Running(Server server, URI uri) {
    void stop() {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static Running start(Filter filter) {
    try {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      if (filter != null) {
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
      }
      context.addServlet(new ServletHolder(new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
          request.getInputStream().readAllBytes();
          response.setStatus(200);
          response.setContentLength(HttpBenchmarks.BODY.length);
          response.getOutputStream().write(HttpBenchmarks.BODY);
        }
      }), "/*");
      server.setHandler(context);
      server.start();
      return new Running(server, URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/work"));
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start", e);
    }
  }

  private static final TextMapGetter<HttpServletRequest> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(HttpServletRequest carrier) {
      return Collections.list(carrier.getHeaderNames());
    }

    @Override
    public String get(HttpServletRequest carrier, String key) {
      return carrier == null ? null : carrier.getHeader(key);
    }
  };

  /** The JDK rows' OpenTelemetry server filter, written as a servlet filter. */
  static final class OtelServletFilter implements Filter {
    private final OpenTelemetrySdk sdk;
    private final io.opentelemetry.api.trace.Tracer tracer;

    OtelServletFilter(OpenTelemetrySdk sdk) {
      this.sdk = sdk;
      this.tracer = sdk.getTracer("bench-server");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest request = (HttpServletRequest) req;
      io.opentelemetry.context.Context parent = sdk.getPropagators().getTextMapPropagator()
          .extract(io.opentelemetry.context.Context.root(), request, HEADERS);
      io.opentelemetry.api.trace.Span span = tracer
          .spanBuilder(request.getMethod() + " " + request.getRequestURI())
          .setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
      try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
        chain.doFilter(req, resp);
        span.setAttribute("http.response.status_code", ((HttpServletResponse) resp).getStatus());
      } finally {
        span.end();
      }
    }
  }
}
