package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.transport.http.HttpClient5Tracing;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import ai.galileo.tracing.transport.servlet.ServletTracing;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.instrumentation.apachehttpclient.v5_2.ApacheHttpClient5Telemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 6: one HTTP GET on loopback, Apache HttpClient 5 (classic, pooled keep-alive
 * connection) to the JDK's HttpServer, made inside a span that is current on the calling thread.
 *
 * <ul>
 *   <li>{@code untraced}: neither side knows about tracing;
 *   <li>{@code untracedWithHeaders}: untraced, but the client sends three constant headers with
 *       the names and lengths of ours, to separate what the bytes cost on the wire (the JDK server
 *       reads headers a byte at a time) from what our code costs;
 *   <li>{@code galileo}: our transports, as a user sets them up: {@code galileo-transport-http}
 *       on the client, with client spans on (OpenTelemetry makes one per call too), and
 *       {@code galileo-transport-jdkhttp}'s filter on the server, both with their default
 *       propagators (Galileo's two headers and W3C's {@code traceparent}: a span's UUID follows from
 *       its W3C ids, so no {@code tracestate} is sent);
 *   <li>{@code otel}: OpenTelemetry's library instrumentation of HttpClient 5
 *       ({@code opentelemetry-apache-httpclient-5.2}) on the client; on the server, a filter of the
 *       same shape as ours ({@link OtelServerFilter}), since OpenTelemetry publishes no library
 *       instrumentation of the JDK's HttpServer at the pinned version.
 * </ul>
 *
 * <p>Each {@code call_*} row runs in forks of its own, minutes apart, and a loopback call on two
 * shared cores swings by more than tracing adds to it. {@link #interleaved} measures the
 * difference instead: all rows in one fork, called in turn in a random order, each call timed, so
 * report.py can subtract them iteration by iteration. {@link HttpInstrumentationBenchmarks} takes
 * the network out and times the instrumentation alone. benchmarks/README.md says how to read each.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpBenchmarks {
  static final byte[] BODY = "ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  static {
    // The JDK server writes the status line and the body separately: without TCP_NODELAY, Nagle's
    // algorithm and the client's delayed ACK hold every response for 40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** A server answering every request with a two-byte body, behind an optional filter. */
  static HttpServer server(Filter filter) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    var context = server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, BODY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BODY);
      }
    });
    if (filter != null) {
      context.getFilters().add(filter);
    }
    server.start();
    return server;
  }

  static URI uri(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/work");
  }

  static int get(CloseableHttpClient client, URI uri) throws IOException {
    return client.execute(new HttpGet(uri), response -> {
      EntityUtils.consume(response.getEntity());
      return response.getCode();
    });
  }

  static final TextMapGetter<Headers> OTEL_HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Headers carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Headers carrier, String key) {
      return carrier == null ? null : carrier.getFirst(key);
    }
  };

  /** The same filter written against OpenTelemetry's api. */
  static final class OtelServerFilter extends Filter {
    private final OpenTelemetrySdk sdk;
    private final io.opentelemetry.api.trace.Tracer tracer;

    OtelServerFilter(OpenTelemetrySdk sdk) {
      this.sdk = sdk;
      this.tracer = sdk.getTracer("bench-server");
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      io.opentelemetry.context.Context parent = sdk.getPropagators().getTextMapPropagator()
          .extract(io.opentelemetry.context.Context.root(), exchange.getRequestHeaders(), OTEL_HEADERS);
      io.opentelemetry.api.trace.Span span = tracer
          .spanBuilder(exchange.getRequestMethod() + " " + exchange.getHttpContext().getPath())
          .setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
      try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
        chain.doFilter(exchange);
        span.setAttribute("http.response.status_code", exchange.getResponseCode());
      } finally {
        span.end();
      }
    }

    @Override
    public String description() {
      return "opentelemetry server spans (benchmark)";
    }
  }

  // ------------------------------------------------------------------ states

  @State(Scope.Thread)
  public static class Untraced {
    HttpServer server;
    /** Set by {@link InterleavedJetty}: the server is Jetty, not the JDK's. */
    boolean onJetty;
    JettyServers.Running jetty;
    CloseableHttpClient client;
    URI uri;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      if (onJetty) {
        jetty = JettyServers.start(null);
        uri = jetty.uri();
      } else {
        server = server(null);
        uri = uri(server);
      }
      client = client();
    }

    CloseableHttpClient client() {
      return HttpClients.custom().build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      client.close();
      stop(server, jetty);
    }
  }

  static void stop(HttpServer server, JettyServers.Running jetty) {
    if (jetty != null) {
      jetty.stop();
    } else {
      server.stop(0);
    }
  }

  /** The three headers our default propagators write, as constants of the same lengths. */
  @State(Scope.Thread)
  public static class UntracedWithHeaders extends Untraced {
    @Override
    CloseableHttpClient client() {
      return HttpClients.custom().addRequestInterceptorLast((request, entity, context) -> {
        request.setHeader("X-Galileo-Trace-ID", "0a9b3c6e-2f41-4d5e-9a7b-1c2d3e4f5a6b");
        request.setHeader("X-Galileo-Parent-ID", "1b9b3c6e-2f41-4d5e-9a7b-1c2d3e4f5a6b");
        request.setHeader("traceparent", "00-0a9b3c6e2f414d5e9a7b1c2d3e4f5a6b-9a7b1c2d3e4f5a6b-01");
      }).build();
    }
  }

  @State(Scope.Thread)
  public static class Galileo {
    GalileoTracer tracer;
    HttpServer server;
    boolean onJetty;
    JettyServers.Running jetty;
    CloseableHttpClient client;
    URI uri;
    Span request;
    ai.galileo.tracing.Scope requestScope;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      tracer = Fixtures.galileo(mode(), propagators());
      if (onJetty) {
        jetty = JettyServers.start(ServletTracing.create(tracer).filter());
        uri = jetty.uri();
      } else {
        server = server(JdkHttpTracing.create(tracer).serverFilter());
        uri = uri(server);
      }
      client = HttpClient5Tracing.builder(tracer).clientSpans(true).build()
          .addTo(HttpClients.custom()).build();
      request = tracer.traceBuilder("caller").start();
      requestScope = request.makeCurrent();
    }

    /** The default: Galileo's headers and W3C's. */
    List<String> propagators() {
      return List.of("galileo", "tracecontext");
    }

    Mode mode() {
      return Mode.BATCH;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      requestScope.close();
      request.end();
      client.close();
      stop(server, jetty);
      tracer.shutdown(Fixtures.shutdownWait());
    }
  }

  /** Ours with Galileo's two headers only, to show what W3C's {@code traceparent} adds. */
  @State(Scope.Thread)
  public static class GalileoHeadersOnly extends Galileo {
    @Override
    List<String> propagators() {
      return List.of("galileo");
    }
  }

  /**
   * Ours in distributed mode: each call also holds the caller's trace's completion until it ends,
   * the server answers with X-Galileo-Span-ID, and its span wakes the export worker as it ends.
   */
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
    HttpServer server;
    boolean onJetty;
    JettyServers.Running jetty;
    CloseableHttpClient client;
    URI uri;
    io.opentelemetry.api.trace.Span request;
    io.opentelemetry.context.Scope requestScope;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      sdk = Fixtures.otel();
      if (onJetty) {
        jetty = JettyServers.start(new JettyServers.OtelServletFilter(sdk));
        uri = jetty.uri();
      } else {
        server = server(new OtelServerFilter(sdk));
        uri = uri(server);
      }
      client = ApacheHttpClient5Telemetry.create(sdk).newHttpClient();
      request = sdk.getTracer("bench").spanBuilder("caller").startSpan();
      requestScope = request.makeCurrent();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      requestScope.close();
      request.end();
      client.close();
      stop(server, jetty);
      Fixtures.close(sdk);
    }
  }

  /**
   * The untraced call, the untraced call with our headers' bytes ({@link UntracedWithHeaders}),
   * ours (batch and distributed mode) and OpenTelemetry's, all set up in one
   * fork and called in turn, in a fresh random order each round, each call timed on its own. JMH
   * adds up each row's nanoseconds and rounds per iteration; report.py divides them and takes
   * each iteration's differences between rows, so what a slow stretch of the machine adds to one
   * row's calls it adds to the others' within the same round, and cancels.
   *
   * <p>Each traced row makes its caller span current around its own call only (ours and
   * OpenTelemetry's scope, about 10 ns each), since the four clients share the benchmark thread.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Interleaved {
    static final int UNTRACED = 0;
    static final int GALILEO = 1;
    static final int GALILEO_DISTRIBUTED = 2;
    static final int OTEL = 3;
    static final int UNTRACED_WITH_HEADERS = 4;

    final Untraced untraced = new Untraced();
    final Galileo galileo = new Galileo();
    final GalileoDistributed distributed = new GalileoDistributed();
    final Otel otel = new Otel();
    final UntracedWithHeaders withHeaders = new UntracedWithHeaders();
    final int[] order = {UNTRACED, GALILEO, GALILEO_DISTRIBUTED, OTEL, UNTRACED_WITH_HEADERS};
    final long[] nanos = new long[5];
    long rounds;
    long random = 0x9E3779B97F4A7C15L;

    /** The server every row calls: the JDK's, or Jetty in {@link InterleavedJetty}. */
    boolean onJetty() {
      return false;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      untraced.onJetty = withHeaders.onJetty = galileo.onJetty = distributed.onJetty = otel.onJetty = onJetty();
      untraced.setUp();
      withHeaders.setUp();
      galileo.setUp();
      distributed.setUp();
      otel.setUp();
      // Each row makes its caller current around its own call; none stays current in between.
      otel.requestScope.close();
      otel.requestScope = io.opentelemetry.context.Scope.noop();
      distributed.requestScope.close();
      distributed.requestScope = () -> { };
      galileo.requestScope.close();
      galileo.requestScope = () -> { };
    }

    @Setup(Level.Iteration)
    public void reset() {
      java.util.Arrays.fill(nanos, 0);
      rounds = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      otel.tearDown();
      distributed.tearDown();
      galileo.tearDown();
      withHeaders.tearDown();
      untraced.tearDown();
    }

    /** Shuffles the order of the next round (xorshift; Fisher-Yates). */
    void shuffle() {
      for (int i = order.length - 1; i > 0; i--) {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        int j = (int) Long.remainderUnsigned(random, i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }

    int call(int row) throws IOException {
      switch (row) {
        case GALILEO:
          try (ai.galileo.tracing.Scope ignored = galileo.request.makeCurrent()) {
            return get(galileo.client, galileo.uri);
          }
        case GALILEO_DISTRIBUTED:
          try (ai.galileo.tracing.Scope ignored = distributed.request.makeCurrent()) {
            return get(distributed.client, distributed.uri);
          }
        case OTEL:
          try (io.opentelemetry.context.Scope ignored = otel.request.makeCurrent()) {
            return get(otel.client, otel.uri);
          }
        case UNTRACED_WITH_HEADERS:
          return get(withHeaders.client, withHeaders.uri);
        default:
          return get(untraced.client, untraced.uri);
      }
    }

    // JMH reports each public getter as a secondary result, summed over the iteration.
    public long untracedNanos() {
      return nanos[UNTRACED];
    }

    public long galileoNanos() {
      return nanos[GALILEO];
    }

    public long galileoDistributedNanos() {
      return nanos[GALILEO_DISTRIBUTED];
    }

    public long otelNanos() {
      return nanos[OTEL];
    }

    public long untracedWithHeadersNanos() {
      return nanos[UNTRACED_WITH_HEADERS];
    }

    public long rounds() {
      return rounds;
    }
  }

  /**
   * {@link Interleaved} with Jetty 12 as every row's server: ours behind {@code
   * galileo-transport-servlet}'s filter, OpenTelemetry's behind the same filter as its JDK row,
   * written for servlets. A production server reads a request's head from a buffer, where the
   * JDK's reads it a byte at a time, so header bytes cost it next to nothing.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class InterleavedJetty extends Interleaved {
    @Override
    boolean onJetty() {
      return true;
    }

    // JMH reads the counters of the state's own class only: the same getters, declared here.
    @Override
    public long untracedNanos() {
      return super.untracedNanos();
    }

    @Override
    public long galileoNanos() {
      return super.galileoNanos();
    }

    @Override
    public long galileoDistributedNanos() {
      return super.galileoDistributedNanos();
    }

    @Override
    public long otelNanos() {
      return super.otelNanos();
    }

    @Override
    public long untracedWithHeadersNanos() {
      return super.untracedWithHeadersNanos();
    }

    @Override
    public long rounds() {
      return super.rounds();
    }
  }

  // ------------------------------------------------------------------ the call

  @Benchmark
  public int call_untraced(Untraced u) throws IOException {
    return get(u.client, u.uri);
  }

  @Benchmark
  public int call_untracedWithHeaders(UntracedWithHeaders u) throws IOException {
    return get(u.client, u.uri);
  }

  @Benchmark
  public int call_galileo(Galileo g) throws IOException {
    return get(g.client, g.uri);
  }

  @Benchmark
  public int call_galileoHeadersOnly(GalileoHeadersOnly g) throws IOException {
    return get(g.client, g.uri);
  }

  @Benchmark
  public int call_galileoDistributed(GalileoDistributed g) throws IOException {
    return get(g.client, g.uri);
  }

  @Benchmark
  public int call_otel(Otel o) throws IOException {
    return get(o.client, o.uri);
  }

  /** One round of {@link Interleaved}: each row's call once, in a random order; the score is per round. */
  @Benchmark
  public int interleaved(Interleaved s) throws IOException {
    return round(s);
  }

  /** {@link #interleaved} with Jetty as the server. */
  @Benchmark
  public int interleavedJetty(InterleavedJetty s) throws IOException {
    return round(s);
  }

  private static int round(Interleaved s) throws IOException {
    s.shuffle();
    int codes = 0;
    for (int row : s.order) {
      long start = System.nanoTime();
      codes += s.call(row);
      s.nanos[row] += System.nanoTime() - start;
    }
    s.rounds++;
    return codes;
  }
}
