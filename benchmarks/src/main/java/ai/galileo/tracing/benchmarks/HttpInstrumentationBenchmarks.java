package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.transport.http.HttpClient5Tracing;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.instrumentation.apachehttpclient.v5_2.ApacheHttpClient5Telemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 6, in process: what the HTTP instrumentation itself costs per call, with the network
 * taken out. The loopback call ({@link HttpBenchmarks}) times two threads playing ping-pong over
 * TCP, whose wake-ups swing by tens of microseconds on a shared 2-core machine; this times the same
 * instrumented path on one thread, where a microsecond is measurable.
 *
 * <p>Each call is Apache HttpClient 5's real classic client (its protocol, redirect and retry
 * handlers, and whatever the instrumentation adds to its chain) whose connect and transport
 * elements are replaced by {@link InMemoryTransport}: it copies the request's headers into the
 * JDK server's {@link Headers}, runs the JDK server's real {@link Filter.Chain} (with the server
 * filter, if any) and handler against an {@link HttpExchange} in memory, and hands the status,
 * the response's headers and its two-byte body back as the client's response. The copying is the
 * same work for every row, apart from the extra headers tracing adds, which a real server parses
 * too.
 *
 * <ul>
 *   <li>{@code untraced}: no instrumentation on either side;
 *   <li>{@code galileo}: {@code galileo-transport-http} with client spans and {@code
 *       galileo-transport-jdkhttp}'s filter, default propagators, batch mode (as {@link
 *       HttpBenchmarks#call_galileo});
 *   <li>{@code galileoDistributed}: the same in distributed mode (the completion hold, the
 *       server's {@code X-Galileo-Span-ID} read back by the client);
 *   <li>{@code otel}: OpenTelemetry's library instrumentation of HttpClient 5 and the benchmark's
 *       OpenTelemetry server filter ({@link HttpBenchmarks.OtelServerFilter}).
 * </ul>
 *
 * <p>Each call runs inside a span current on the calling thread, as in the loopback benchmark, so
 * every row but {@code untraced} makes a client and a server span and propagates between them.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpInstrumentationBenchmarks {
  static final URI URI_ = URI.create("http://127.0.0.1:8080/work");

  /**
   * The end of the client's chain: serves the request in memory through the JDK server's filter
   * chain instead of a connection.
   */
  static final class InMemoryTransport implements ExecChainHandler {
    private final HttpContext context;
    private final List<Filter> filters;
    private final HttpHandler handler;
    /** The last request's headers as the server saw them, for the set-up's check. */
    Headers lastRequestHeaders;

    InMemoryTransport(HttpContext context, List<Filter> filters, HttpHandler handler) {
      this.context = context;
      this.filters = filters;
      this.handler = handler;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request,
        org.apache.hc.client5.http.classic.ExecChain.Scope scope,
        org.apache.hc.client5.http.classic.ExecChain chain) throws IOException {
      MemoryExchange exchange;
      try {
        exchange = new MemoryExchange(context, request.getMethod(), request.getUri());
      } catch (java.net.URISyntaxException e) {
        throw new IOException(e);
      }
      for (Header h : request.getHeaders()) {
        exchange.requestHeaders.add(h.getName(), h.getValue());
      }
      lastRequestHeaders = exchange.requestHeaders;
      new Filter.Chain(filters, handler).doFilter(exchange);
      BasicClassicHttpResponse response = new BasicClassicHttpResponse(exchange.code);
      for (Map.Entry<String, List<String>> e : exchange.responseHeaders.entrySet()) {
        for (String v : e.getValue()) {
          response.addHeader(e.getKey(), v);
        }
      }
      response.setEntity(new ByteArrayEntity(exchange.body.toByteArray(), ContentType.TEXT_PLAIN));
      return response;
    }
  }

  /** One exchange held in memory: request headers in, status, headers and body out. */
  static final class MemoryExchange extends HttpExchange {
    final HttpContext context;
    final String method;
    final URI uri;
    final Headers requestHeaders = new Headers();
    final Headers responseHeaders = new Headers();
    final ByteArrayOutputStream body = new ByteArrayOutputStream(16);
    final Map<String, Object> attributes = new ConcurrentHashMap<>();
    int code = -1;

    MemoryExchange(HttpContext context, String method, URI uri) {
      this.context = context;
      this.method = method;
      this.uri = uri;
    }

    @Override public Headers getRequestHeaders() { return requestHeaders; }
    @Override public Headers getResponseHeaders() { return responseHeaders; }
    @Override public URI getRequestURI() { return uri; }
    @Override public String getRequestMethod() { return method; }
    @Override public HttpContext getHttpContext() { return context; }
    @Override public void close() {}
    @Override public InputStream getRequestBody() { return new ByteArrayInputStream(new byte[0]); }
    @Override public OutputStream getResponseBody() { return body; }
    @Override public void sendResponseHeaders(int rCode, long responseLength) { code = rCode; }
    @Override public InetSocketAddress getRemoteAddress() { return null; }
    @Override public int getResponseCode() { return code; }
    @Override public InetSocketAddress getLocalAddress() { return null; }
    @Override public String getProtocol() { return "HTTP/1.1"; }
    @Override public Object getAttribute(String name) { return attributes.get(name); }
    @Override public void setAttribute(String name, Object value) { attributes.put(name, value); }
    @Override public void setStreams(InputStream i, OutputStream o) {}
    @Override public HttpPrincipal getPrincipal() { return null; }
  }

  /** The loopback benchmark's handler: reads the body, answers 200 with two bytes. */
  static final HttpHandler HANDLER = exchange -> {
    exchange.getRequestBody().readAllBytes();
    exchange.sendResponseHeaders(200, HttpBenchmarks.BODY.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(HttpBenchmarks.BODY);
    }
  };

  /**
   * A client whose connect element does nothing and whose transport is the in-memory server with
   * the given filter (null for none).
   */
  static CloseableHttpClient client(HttpClientBuilder builder, Filter filter) throws IOException {
    HttpServer unbound = HttpServer.create(); // only for a real HttpContext; never bound or started
    HttpContext context = unbound.createContext("/", HANDLER);
    List<Filter> filters = filter == null ? List.of() : List.of(filter);
    ExecChainHandler noConnect = (request, scope, chain) -> chain.proceed(request, scope);
    InMemoryTransport transport = new InMemoryTransport(context, filters, HANDLER);
    CloseableHttpClient client = builder
        .replaceExecInterceptor(ChainElement.CONNECT.name(), noConnect)
        .replaceExecInterceptor(ChainElement.MAIN_TRANSPORT.name(), transport)
        .build();
    // A row that does not reach the server, or does not propagate, would measure nothing.
    if (HttpBenchmarks.get(client, URI_) != 200) {
      throw new IllegalStateException("the in-memory call did not answer 200");
    }
    boolean propagated = transport.lastRequestHeaders.containsKey("traceparent");
    if (propagated != (filter != null)) {
      throw new IllegalStateException("traceparent sent: " + propagated + ", expected: " + (filter != null));
    }
    return client;
  }

  // ------------------------------------------------------------------ states

  @State(Scope.Thread)
  public static class Untraced {
    CloseableHttpClient client;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      client = client(HttpClients.custom(), null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      client.close();
    }
  }

  @State(Scope.Thread)
  public static class Galileo {
    GalileoTracer tracer;
    CloseableHttpClient client;
    Span request;
    ai.galileo.tracing.Scope requestScope;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      tracer = Fixtures.galileo(mode(), List.of("galileo", "tracecontext"));
      request = tracer.traceBuilder("caller").start();
      requestScope = request.makeCurrent();
      client = client(HttpClient5Tracing.builder(tracer).clientSpans(true).build()
          .addTo(HttpClients.custom()), JdkHttpTracing.create(tracer).serverFilter());
    }

    Mode mode() {
      return Mode.BATCH;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      requestScope.close();
      request.end();
      client.close();
      tracer.shutdown(Fixtures.shutdownWait());
    }
  }

  @State(Scope.Thread)
  public static class GalileoDistributed extends Galileo {
    @Override
    Mode mode() {
      return Mode.DISTRIBUTED;
    }
  }

  @State(Scope.Thread)
  public static class Otel {
    OpenTelemetrySdk sdk;
    CloseableHttpClient client;
    io.opentelemetry.api.trace.Span request;
    io.opentelemetry.context.Scope requestScope;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      sdk = Fixtures.otel();
      request = sdk.getTracer("bench").spanBuilder("caller").startSpan();
      requestScope = request.makeCurrent();
      client = client(ApacheHttpClient5Telemetry.create(sdk).newHttpClientBuilder(),
          new HttpBenchmarks.OtelServerFilter(sdk));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      requestScope.close();
      request.end();
      client.close();
      Fixtures.close(sdk);
    }
  }

  // ------------------------------------------------------------------ the call

  @Benchmark
  public int inProcess_untraced(Untraced u) throws IOException {
    return HttpBenchmarks.get(u.client, URI_);
  }

  @Benchmark
  public int inProcess_galileo(Galileo g) throws IOException {
    return HttpBenchmarks.get(g.client, URI_);
  }

  @Benchmark
  public int inProcess_galileoDistributed(GalileoDistributed g) throws IOException {
    return HttpBenchmarks.get(g.client, URI_);
  }

  @Benchmark
  public int inProcess_otel(Otel o) throws IOException {
    return HttpBenchmarks.get(o.client, URI_);
  }
}
