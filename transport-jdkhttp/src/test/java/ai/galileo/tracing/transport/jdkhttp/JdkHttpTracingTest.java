package ai.galileo.tracing.transport.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.transport.PropagationHosts;
import ai.galileo.tracing.core.transport.ServerExclusions;
import ai.galileo.tracing.core.transport.ServerTracing;
import ai.galileo.tracing.core.transport.TransportProvider;
import ai.galileo.tracing.core.transport.Transports;
import ai.galileo.tracing.core.transport.TrustPolicy;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdkHttpTracingTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private HttpServer server;
  private ExecutorService serverThreads;
  private URI base;
  private final HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    serverThreads = Executors.newFixedThreadPool(2);
    server.setExecutor(serverThreads);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.stop(0);
    serverThreads.shutdownNow();
    serverThreads.awaitTermination(5, TimeUnit.SECONDS);
  }

  private void route(String path, JdkHttpTracing jdk, int status, boolean fail) {
    Tracer tracer = jdk.tracer();
    server.createContext(path, exchange -> {
      Span work = tracer.spanBuilder("work", SpanType.TOOL).start();
      try (Scope scope = work.makeCurrent()) {
        if (fail) {
          throw new IllegalStateException("handler failed");
        }
        byte[] body = Span.current().context().traceIdString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
      } finally {
        work.end();
        exchange.close();
      }
    }).getFilters().add(jdk.serverFilter());
  }

  private SpanData awaitSpan(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      List<SpanData> found = tracing.spans(name);
      if (!found.isEmpty()) {
        return found.get(0);
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no span named " + name + " among " + tracing.spans());
  }

  @Test
  void theTransportIsListedWithItsVersionAndBothSides() {
    TransportProvider jdkhttp = Transports.installed(getClass().getClassLoader()).stream()
        .filter(t -> t.name().equals("jdkhttp")).findFirst().orElseThrow();
    assertThat(jdkhttp.version()).isEqualTo(System.getProperty("project.version", "0.1.0-SNAPSHOT"));
    assertThat(jdkhttp.client()).isTrue();
    assertThat(jdkhttp.server()).isTrue();
    assertThat(jdkhttp.description()).contains("java.net.http.HttpClient");
  }

  @Test
  void theDecoratedClientKeepsTheSettingsOfTheOneItWraps() {
    HttpClient real = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
    HttpClient traced = JdkHttpTracing.create().client(real);
    assertThat(traced.followRedirects()).isEqualTo(HttpClient.Redirect.NORMAL);
    assertThat(traced.connectTimeout()).contains(Duration.ofSeconds(3));
    assertThat(traced.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(JdkHttpTracing.create().client(traced)).isSameAs(traced);
  }

  @Test
  void theHandlersSpansNestUnderTheCallersSpanAndTheCallersRequestIsLeftAsItWas() throws Exception {
    JdkHttpTracing jdk = JdkHttpTracing.create();
    route("/retrieve", jdk, 200, false);
    HttpClient client = jdk.client(plain);
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/retrieve")).build();
    Span trace = tracing.tracer().traceBuilder("answer").start();
    String seen;
    try (Scope scope = trace.makeCurrent()) {
      seen = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
    trace.end();
    assertThat(seen).isEqualTo(trace.context().traceIdString());
    assertThat(request.headers().map()).isEmpty();
    SpanData server = awaitSpan("GET /retrieve");
    assertThat(server.traceId()).isEqualTo(trace.context().traceId());
    assertThat(server.parentId()).isEqualTo(trace.context().spanId());
    assertThat(server.remoteParent()).isTrue();
    assertThat(server.statusCode()).isEqualTo(200);
    assertThat(awaitSpan("work").parentId()).isEqualTo(server.spanId());
  }

  @Test
  void callbacksOnTheAsyncFutureRunInTheCallersContext() throws Exception {
    JdkHttpTracing jdk = JdkHttpTracing.builder(tracing.tracer()).clientSpans(true).build();
    route("/async", jdk, 200, false);
    HttpClient client = jdk.client(plain);
    Span trace = tracing.tracer().traceBuilder("answer").start();
    Span inCallback;
    try (Scope scope = trace.makeCurrent()) {
      inCallback = client.sendAsync(HttpRequest.newBuilder(base.resolve("/async")).build(),
              HttpResponse.BodyHandlers.ofString())
          .thenApply(response -> Span.current())
          .get(10, TimeUnit.SECONDS);
    }
    trace.end();
    assertThat(inCallback).isSameAs(trace);
    SpanData clientSpan = awaitSpan("GET 127.0.0.1/async");
    assertThat(clientSpan.parentId()).isEqualTo(trace.context().spanId());
    assertThat(awaitSpan("GET /async").parentId()).isEqualTo(clientSpan.spanId());
  }

  /**
   * Cancelling the returned future cancels the request's future, whose one completion ends the
   * call: no order of the cancel and the exchange's callbacks leaves it open, as one did with the
   * Apache async client. Java 17 completes that future inside the cancel; later JDKs may complete
   * it on another thread just after, so the test waits for the span while the server still holds
   * the request.
   */
  @Test
  void cancellingTheAsyncFutureEndsTheCallWhileTheServerStillHoldsTheRequest() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    server.createContext("/held", exchange -> {
      arrived.countDown();
      try {
        released.await(10, TimeUnit.SECONDS);
        exchange.sendResponseHeaders(200, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        exchange.close();
      }
    });
    HttpClient client =
        JdkHttpTracing.builder(tracing.tracer()).clientSpans(true).build().client(plain);
    Span trace = tracing.tracer().traceBuilder("answer").start();
    CompletableFuture<HttpResponse<Void>> pending;
    try (Scope scope = trace.makeCurrent()) {
      pending = client.sendAsync(HttpRequest.newBuilder(base.resolve("/held")).build(),
          HttpResponse.BodyHandlers.discarding());
    }
    trace.end();
    try {
      assertThat(arrived.await(10, TimeUnit.SECONDS)).as("the server holds the request").isTrue();

      assertThat(pending.cancel(true)).isTrue();

      assertThat(awaitSpan("GET 127.0.0.1/held").metadata()).containsKey("error.type");
      assertThat(tracing.spans("GET 127.0.0.1/held")).hasSize(1);
    } finally {
      released.countDown();
    }
  }

  @Test
  void aFailingHandlerEndsTheServerSpanAsAnError() throws Exception {
    JdkHttpTracing jdk = JdkHttpTracing.create();
    route("/fails", jdk, 200, true);
    try {
      jdk.client(plain).send(HttpRequest.newBuilder(base.resolve("/fails")).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException expected) {
      // the server closed the exchange without an answer
    }
    SpanData server = awaitSpan("GET /fails");
    assertThat(server.statusCode()).isEqualTo(500);
    assertThat(server.metadata()).containsEntry("error.type", "java.lang.IllegalStateException");
  }

  // ---- X-Galileo-Span-ID: the server names its span to the caller ----

  private static final String SPAN_ID = ServerTracing.SPAN_ID_HEADER;

  /** A call from a plain client with Galileo's two headers, as any Galileo SDK sends them. */
  private HttpResponse<String> callWithCaller(String path, UUID trace, UUID parent) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    if (trace != null) {
      request.header("X-Galileo-Trace-ID", trace.toString()).header("X-Galileo-Parent-ID", parent.toString());
    }
    return plain.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aServerContinuingTheCallersTraceNamesItsSpanInTheResponse() throws Exception {
    route("/retrieve", JdkHttpTracing.create(), 200, false);
    UUID trace = UUID.randomUUID();
    HttpResponse<String> response = callWithCaller("/retrieve", trace, UUID.randomUUID());

    SpanData server = awaitSpan("GET /retrieve");
    assertThat(server.traceId()).isEqualTo(trace);
    assertThat(response.headers().allValues(SPAN_ID)).containsExactly(server.spanId().toString());
  }

  @Test
  void aServerInATraceOfItsOwnNamesNoSpan() throws Exception {
    route("/retrieve", JdkHttpTracing.create(), 200, false);
    HttpResponse<String> response = callWithCaller("/retrieve", null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue(SPAN_ID)).isEmpty();
  }

  @Test
  void aServerThatLinksOrIgnoresTheCallersTraceNamesNoSpan() throws Exception {
    route("/link", JdkHttpTracing.builder(tracing.tracer()).trustPolicy(TrustPolicy.LINK).build(), 200, false);
    route("/ignore", JdkHttpTracing.builder(tracing.tracer()).trustPolicy(TrustPolicy.IGNORE).build(), 200, false);
    for (String path : List.of("/link", "/ignore")) {
      HttpResponse<String> response = callWithCaller(path, UUID.randomUUID(), UUID.randomUUID());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue(SPAN_ID)).as(path).isEmpty();
    }
  }

  @Test
  void malformedSpanIdsInAResponseAreIgnoredAndTheCallSucceeds() throws Exception {
    List<String> malformed = List.of("not-a-uuid", "", "0123456789abcdef0123456789abcdef",
        "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", UUID.randomUUID() + "-and-more");
    server.createContext("/odd", exchange -> { // an untraced server with odd answers
      malformed.forEach(v -> exchange.getResponseHeaders().add(SPAN_ID, v));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    HttpClient client = JdkHttpTracing.builder(tracing.tracer()).clientSpans(true).build().client(plain);
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/odd")).build();
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
      assertThat(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
    }
    trace.end();
    assertThat(tracing.spans("GET 127.0.0.1/odd")).hasSize(2).allSatisfy(call -> {
      assertThat(call.statusCode()).isEqualTo(204);
      assertThat(call.metadata()).doesNotContainKey("error.type");
    });
  }

  @Test
  void theTrustPolicyComesFromConfigurationUnlessTheBuilderSetsOne() {
    assertThat(JdkHttpTracing.create().trustPolicy()).isEqualTo(TrustPolicy.CONTINUE);
    assertThat(JdkHttpTracing.builder().trustPolicy(TrustPolicy.LINK).build().trustPolicy())
        .isEqualTo(TrustPolicy.LINK);
  }

  /** Answers what the request carried and whether a span was current in the handler. */
  private void echo(String path, JdkHttpTracing jdk) {
    server.createContext(path, exchange -> {
      String answer = "traced=" + Span.current().context().isValid()
          + " trace=" + exchange.getRequestHeaders().getFirst("X-Galileo-Trace-ID")
          + " parent=" + exchange.getRequestHeaders().getFirst("X-Galileo-Parent-ID")
          + " traceparent=" + exchange.getRequestHeaders().getFirst("traceparent");
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }).getFilters().add(jdk.serverFilter());
  }

  private String get(HttpClient client, String path) throws Exception {
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      return client.send(HttpRequest.newBuilder(base.resolve(path)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } finally {
      trace.end();
    }
  }

  @Test
  void aProbeRequestRunsOutsideAnyTraceEvenWhenItsCallerSendsOne() throws Exception {
    JdkHttpTracing jdk = JdkHttpTracing.create(tracing.tracer());
    echo("/healthz", jdk);
    echo("/retrieve", jdk);
    HttpClient client = jdk.client(plain);
    assertThat(get(client, "/healthz")).startsWith("traced=false trace=");
    assertThat(get(client, "/retrieve")).startsWith("traced=true trace=");
  }

  @Test
  void configuredExclusionsLeaveTheirPathsUntraced() throws Exception {
    JdkHttpTracing jdk = JdkHttpTracing.builder(tracing.tracer())
        .exclusions(ServerExclusions.of(List.of("/internal/**"), false)).build();
    echo("/internal", jdk);
    echo("/health", jdk);
    HttpClient client = jdk.client(plain);
    assertThat(get(client, "/internal/metrics")).startsWith("traced=false");
    assertThat(get(client, "/health")).startsWith("traced=true"); // the defaults are off
  }

  @Test
  void aHostThatGetsNoTracingHeadersReceivesNone() throws Exception {
    echo("/v1/chat/completions", JdkHttpTracing.create(tracing.tracer()));
    HttpClient denied = JdkHttpTracing.builder(tracing.tracer())
        .propagationHosts(PropagationHosts.of(null, List.of("127.0.0.1"))).build().client(plain);
    assertThat(get(denied, "/v1/chat/completions"))
        .endsWith("trace=null parent=null traceparent=null");
  }

  @Test
  void aHostOnTheAllowListReceivesTheTracingHeaders() throws Exception {
    echo("/search", JdkHttpTracing.create(tracing.tracer()));
    HttpClient allowed = JdkHttpTracing.builder(tracing.tracer())
        .propagationHosts(PropagationHosts.of(List.of("127.0.0.1", "*.internal"), null))
        .build().client(plain);
    assertThat(get(allowed, "/search")).doesNotContain("trace=null").doesNotContain("parent=null");
  }
}
