package ai.galileo.tracing.transport.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.transport.ServerExclusions;
import ai.galileo.tracing.core.transport.ServerTracing;
import ai.galileo.tracing.core.transport.TransportProvider;
import ai.galileo.tracing.core.transport.Transports;
import ai.galileo.tracing.core.transport.TrustPolicy;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real requests to an embedded Jetty 12 (ee10) on 127.0.0.1, on a free port. */
class ServletTracingTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private static final int POOL_THREADS = 8;

  private Server server;
  private URI base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  /** What an outer filter saw as current on the request thread before and after the traced chain. */
  private final List<Context> beforeChain = new CopyOnWriteArrayList<>();
  private final List<Context> afterChain = new CopyOnWriteArrayList<>();
  private final List<String> requestThreads = new CopyOnWriteArrayList<>();
  /** Spans current inside AsyncContext.start tasks, and whether the server span had ended yet. */
  private final List<Span> inAsyncTask = new CopyOnWriteArrayList<>();
  private final List<Boolean> serverSpanEndedDuringAsyncTask = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    startServer(ServletTracing.create(tracing.tracer()));
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  private void startServer(ServletTracing servletTracing) throws Exception {
    if (server != null) {
      server.stop();
    }
    // Few threads, so that sequential requests must reuse them.
    server = new Server(new QueuedThreadPool(POOL_THREADS, 2));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    Filter outer = (request, response, chain) -> {
      beforeChain.add(Context.current());
      requestThreads.add(Thread.currentThread().getName());
      try {
        chain.doFilter(request, response);
      } finally {
        afterChain.add(Context.current());
      }
    };
    FilterHolder outerHolder = new FilterHolder(outer);
    outerHolder.setAsyncSupported(true);
    context.addFilter(outerHolder, "/*", EnumSet.of(DispatcherType.REQUEST));
    FilterHolder galileo = new FilterHolder(servletTracing.filter());
    galileo.setAsyncSupported(true);
    context.addFilter(galileo, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));

    Tracer tracer = servletTracing.tracer();
    servlet(context, "/sync", (req, resp) -> {
      String current = ids(Span.current());
      Span work = tracer.spanBuilder("work", SpanType.TOOL).start();
      work.end(current);
      resp.getWriter().write(current);
    });
    servlet(context, "/status", (req, resp) -> {
      resp.setStatus(503);
      resp.getWriter().write(ids(Span.current()));
    });
    servlet(context, "/throw", (req, resp) -> {
      throw new IllegalStateException("the model is down");
    });
    servlet(context, "/async", (req, resp) -> {
      String name = req.getMethod() + " " + req.getRequestURI();
      AsyncContext async = req.startAsync();
      async.start(() -> {
        try {
          Thread.sleep(20);
          inAsyncTask.add(Span.current());
          serverSpanEndedDuringAsyncTask.add(!tracing.spans(name).isEmpty());
          String current = ids(Span.current());
          Span work = tracer.spanBuilder("async work", SpanType.TOOL).start();
          work.end(current);
          HttpServletResponse response = (HttpServletResponse) async.getResponse();
          response.setStatus(201);
          response.getWriter().write(current);
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        } finally {
          async.complete();
        }
      });
    });
    servlet(context, "/async-dispatch", (req, resp) -> {
      AsyncContext async = req.startAsync();
      async.start(() -> async.dispatch("/sync"));
    });
    servlet(context, "/healthz", (req, resp) -> resp.getWriter().write(ids(Span.current())));
    servlet(context, "/async-timeout", (req, resp) -> {
      AsyncContext async = req.startAsync();
      async.setTimeout(100); // and never completes: the container times it out
    });

    server.setHandler(context);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @FunctionalInterface
  private interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
  }

  private static void servlet(ServletContextHandler context, String path, Handler handler) {
    ServletHolder holder = new ServletHolder(new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handler.handle(req, resp);
      }
    });
    holder.setAsyncSupported(true);
    context.addServlet(holder, path);
  }

  private static String ids(Span span) {
    return span.context().traceIdString() + "/" + span.context().spanIdString();
  }

  /** GET with the given headers. */
  private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET with the current trace's headers, as a traced client would send them. */
  private HttpResponse<String> getInCurrentTrace(String path) throws Exception {
    return get(path, tracing.tracer().tracingHeaders());
  }

  private List<SpanData> awaitServerSpans(String name, Predicate<SpanData> which) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      List<SpanData> found = new ArrayList<>();
      for (SpanData s : tracing.spans(name)) {
        if (s.type() == SpanType.WORKFLOW && which.test(s)) {
          found.add(s);
        }
      }
      if (!found.isEmpty()) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no span named " + name + " among " + tracing.spans());
      }
      Thread.sleep(5);
    }
  }

  private SpanData awaitServerSpan(String name) throws InterruptedException {
    List<SpanData> spans = awaitServerSpans(name, SpanData::remoteParent);
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private SpanData awaitOwnTraceServerSpan(String name) throws InterruptedException {
    List<SpanData> spans = awaitServerSpans(name, s -> !s.remoteParent());
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  @Test
  void theTransportIsListedAsAServerOnly() {
    TransportProvider servlet = Transports.installed(getClass().getClassLoader()).stream()
        .filter(t -> t.name().equals("servlet")).findFirst().orElseThrow();
    assertThat(servlet.version()).isEqualTo(System.getProperty("project.version", "0.1.0-SNAPSHOT"));
    assertThat(servlet.server()).isTrue();
    assertThat(servlet.client()).isFalse();
    assertThat(servlet.description()).contains("Servlet API 6.");
  }

  @Test
  void aSyncServletsSpansNestUnderTheCallersSpanInTheSameTrace() throws Exception {
    Span trace = tracing.tracer().traceBuilder("answer").start();
    Span call = tracing.tracer().spanBuilder("call generator", SpanType.WORKFLOW)
        .setParent(Context.root().with(trace)).start();
    HttpResponse<String> response;
    try (Scope scope = call.makeCurrent()) {
      response = getInCurrentTrace("/sync?secret=hidden");
    }
    call.end();
    trace.end();

    assertThat(response.statusCode()).isEqualTo(200);
    SpanData server = awaitServerSpan("GET /sync");
    assertThat(server.traceId()).isEqualTo(trace.context().traceId());
    assertThat(server.parentId()).isEqualTo(call.context().spanId());
    assertThat(server.statusCode()).isEqualTo(200);
    assertThat(server.metadata()).containsEntry("http.method", "GET").containsEntry("http.path", "/sync");
    assertThat(response.body()).isEqualTo(server.traceId() + "/" + server.spanId());
    assertThat(tracing.span("work").parentId()).isEqualTo(server.spanId());
    assertThat(tracing.assertSingleTrace()).hasSize(4);
  }

  @Test
  void pooledRequestThreadsAreBackToTheRootContextAfterEveryKindOfRequest() throws Exception {
    List<String> paths = List.of("/sync", "/async", "/throw", "/status", "/async-dispatch");
    for (int round = 0; round < 3; round++) {
      for (String path : paths) {
        Span trace = tracing.tracer().traceBuilder("caller").start();
        try (Scope scope = trace.makeCurrent()) {
          getInCurrentTrace(path);
        }
        trace.end();
      }
      get("/sync", Map.of());
    }
    int requests = 3 * (paths.size() + 1);
    assertThat(requestThreads).hasSize(requests);
    assertThat(new java.util.HashSet<>(requestThreads)).as("threads were reused").hasSizeLessThan(requests);
    assertThat(beforeChain).as("each request starts on a clean thread")
        .allSatisfy(context -> assertThat(context).isSameAs(Context.root()));
    assertThat(afterChain).as("the filter restores the thread's context, whatever the servlet did")
        .hasSize(requests).allSatisfy(context -> assertThat(context).isSameAs(Context.root()));
  }

  @Test
  void aRequestAfterATracedOneOnTheSameConnectionStartsItsOwnTrace() throws Exception {
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      getInCurrentTrace("/sync");
    }
    trace.end();
    String second = get("/sync", Map.of()).body();
    SpanData own = awaitOwnTraceServerSpan("GET /sync");
    assertThat(own.traceId()).isNotEqualTo(trace.context().traceId());
    assertThat(own.parentId()).isEqualTo(own.traceId());
    assertThat(second).isEqualTo(own.traceId() + "/" + own.spanId());
  }

  @Test
  void anAsyncServletsSpanEndsWhenTheAsyncWorkCompletesAndTheWorkRunsInIt() throws Exception {
    Span trace = tracing.tracer().traceBuilder("answer").start();
    HttpResponse<String> response;
    try (Scope scope = trace.makeCurrent()) {
      response = getInCurrentTrace("/async");
    }
    trace.end();
    assertThat(response.statusCode()).isEqualTo(201);
    SpanData server = awaitServerSpan("GET /async");
    assertThat(server.traceId()).isEqualTo(trace.context().traceId());
    assertThat(server.parentId()).isEqualTo(trace.context().spanId());
    assertThat(server.statusCode()).as("the status the async work set").isEqualTo(201);
    assertThat(server.durationNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    assertThat(response.body()).isEqualTo(server.traceId() + "/" + server.spanId());
    assertThat(inAsyncTask).hasSize(1);
    assertThat(ids(inAsyncTask.get(0))).isEqualTo(server.traceId() + "/" + server.spanId());
    assertThat(serverSpanEndedDuringAsyncTask).containsExactly(false);
    assertThat(tracing.span("async work").parentId()).isEqualTo(server.spanId());
    assertThat(tracing.spans("GET /async")).hasSize(1);
  }

  @Test
  void anAsyncDispatchRunsInTheSameServerSpan() throws Exception {
    Span trace = tracing.tracer().traceBuilder("answer").start();
    HttpResponse<String> response;
    try (Scope scope = trace.makeCurrent()) {
      response = getInCurrentTrace("/async-dispatch");
    }
    trace.end();
    assertThat(response.statusCode()).isEqualTo(200);
    SpanData server = awaitServerSpan("GET /async-dispatch");
    assertThat(response.body()).isEqualTo(server.traceId() + "/" + server.spanId());
    assertThat(tracing.span("work").parentId()).isEqualTo(server.spanId());
    assertThat(tracing.spans("GET /sync")).as("the dispatch is not a request of its own").isEmpty();
  }

  @Test
  void anAsyncTimeoutEndsTheSpanWithTheContainersErrorStatus() throws Exception {
    Span trace = tracing.tracer().traceBuilder("answer").start();
    HttpResponse<String> response;
    try (Scope scope = trace.makeCurrent()) {
      response = getInCurrentTrace("/async-timeout");
    }
    trace.end();
    assertThat(response.statusCode()).isEqualTo(500);
    SpanData server = awaitServerSpan("GET /async-timeout");
    assertThat(server.statusCode()).isEqualTo(500);
    assertThat(server.metadata()).containsEntry("error.type", "java.util.concurrent.TimeoutException");
  }

  @Test
  void anErrorStatusIsRecorded() throws Exception {
    Span trace = tracing.tracer().traceBuilder("answer").start();
    HttpResponse<String> response;
    try (Scope scope = trace.makeCurrent()) {
      response = getInCurrentTrace("/status");
    }
    trace.end();
    assertThat(response.statusCode()).isEqualTo(503);
    SpanData server = awaitServerSpan("GET /status");
    assertThat(server.statusCode()).isEqualTo(503);
    assertThat(server.metadata()).doesNotContainKey("error.type");
  }

  @Test
  void anExceptionEndsTheSpanAsAServerError() throws Exception {
    Span trace = tracing.tracer().traceBuilder("answer").start();
    HttpResponse<String> response;
    try (Scope scope = trace.makeCurrent()) {
      response = getInCurrentTrace("/throw");
    }
    trace.end();
    assertThat(response.statusCode()).isEqualTo(500);
    SpanData server = awaitServerSpan("GET /throw");
    assertThat(server.statusCode()).isEqualTo(500);
    assertThat(server.metadata())
        .containsEntry("error.type", "java.lang.IllegalStateException")
        .containsEntry("error.message", "the model is down");
    Thread.sleep(100);
    assertThat(tracing.spans("GET /throw")).hasSize(1);
  }

  @Test
  void galileoPythonSdkHeadersAreContinuedExactly() throws Exception {
    UUID traceId = UUID.randomUUID();
    UUID parentId = UUID.randomUUID();
    get("/sync", Map.of("X-Galileo-Trace-ID", traceId.toString(), "X-Galileo-Parent-ID", parentId.toString()));
    SpanData server = awaitServerSpan("GET /sync");
    assertThat(server.traceId()).isEqualTo(traceId);
    assertThat(server.parentId()).isEqualTo(parentId);
  }

  @Test
  void lowerCaseHeadersWithTheTraceAsParentAttachDirectlyUnderTheTrace() throws Exception {
    UUID traceId = UUID.randomUUID();
    get("/sync", Map.of("x-galileo-trace-id", traceId.toString(), "x-galileo-parent-id", traceId.toString()));
    SpanData server = awaitServerSpan("GET /sync");
    assertThat(server.traceId()).isEqualTo(traceId);
    assertThat(server.parentId()).isEqualTo(traceId);
  }

  @Test
  void malformedHeadersStartAFreshTraceAndTheRequestStillSucceeds() throws Exception {
    HttpResponse<String> response = get("/sync", Map.of(
        "X-Galileo-Trace-ID", "not-a-uuid", "X-Galileo-Parent-ID", "1234", "traceparent", "00-zz-01"));
    assertThat(response.statusCode()).isEqualTo(200);
    SpanData server = awaitOwnTraceServerSpan("GET /sync");
    assertThat(server.parentId()).isEqualTo(server.traceId());
    assertThat(response.body()).isEqualTo(server.traceId() + "/" + server.spanId());
  }

  @Test
  void hundredConcurrentRequestsSyncAndAsyncNeverCrossTraces() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try {
      Map<UUID, String> answers = new ConcurrentHashMap<>();
      Map<UUID, String> paths = new ConcurrentHashMap<>();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String path = i % 2 == 0 ? "/sync" : "/async";
        int n = i;
        calls.add(callers.submit(() -> {
          go.await();
          Span trace = tracing.tracer().traceBuilder("caller " + n).start();
          try (Scope scope = trace.makeCurrent()) {
            answers.put(trace.context().traceId(), getInCurrentTrace(path).body());
            paths.put(trace.context().traceId(), path);
          } finally {
            trace.end();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> call : calls) {
        call.get(30, TimeUnit.SECONDS);
      }
      assertThat(answers).hasSize(100);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (tracing.spans().size() < 300 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Map<UUID, List<SpanData>> traces = tracing.traces();
      assertThat(traces).hasSize(100);
      traces.forEach((traceId, spans) -> {
        assertThat(spans).hasSize(3);
        String serverName = "GET " + paths.get(traceId);
        SpanData server = spans.stream().filter(s -> s.name().equals(serverName)).findFirst().orElseThrow();
        SpanData work = spans.stream().filter(s -> s.type() == SpanType.TOOL).findFirst().orElseThrow();
        assertThat(server.parentId()).isEqualTo(traceId);
        assertThat(work.parentId()).isEqualTo(server.spanId());
        assertThat(answers.get(traceId)).isEqualTo(traceId + "/" + server.spanId());
      });
    } finally {
      callers.shutdownNow();
      callers.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aServerThatDoesNotTrustCallersLinksTheirTraceInstead() throws Exception {
    startServer(ServletTracing.builder(tracing.tracer()).trustPolicy(TrustPolicy.LINK).build());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      getInCurrentTrace("/sync");
    }
    trace.end();
    SpanData server = awaitOwnTraceServerSpan("GET /sync");
    assertThat(server.traceId()).isNotEqualTo(trace.context().traceId());
    assertThat(server.metadata()).containsEntry(TrustPolicy.LINK_TRACE_ID, trace.context().traceIdString());
  }

  // ---- X-Galileo-Span-ID: the server names its span to the caller ----

  @Test
  void aServerContinuingTheCallersTraceNamesItsSpanInEveryKindOfResponse() throws Exception {
    for (String path : List.of("/sync", "/async", "/status", "/throw", "/async-timeout")) {
      UUID traceId = UUID.randomUUID();
      HttpResponse<String> response = get(path, Map.of(
          "X-Galileo-Trace-ID", traceId.toString(), "X-Galileo-Parent-ID", UUID.randomUUID().toString()));
      SpanData server = awaitServerSpans("GET " + path, s -> s.traceId().equals(traceId)).get(0);
      assertThat(response.headers().allValues(ServerTracing.SPAN_ID_HEADER)).as("%s answered %d", path,
          response.statusCode()).containsExactly(server.spanId().toString());
    }
  }

  @Test
  void aServerInATraceOfItsOwnNamesNoSpan() throws Exception {
    HttpResponse<String> response = get("/sync", Map.of());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue(ServerTracing.SPAN_ID_HEADER)).isEmpty();
  }

  @Test
  void aServerThatLinksOrIgnoresTheCallersTraceNamesNoSpan() throws Exception {
    for (TrustPolicy policy : List.of(TrustPolicy.LINK, TrustPolicy.IGNORE)) {
      startServer(ServletTracing.builder(tracing.tracer()).trustPolicy(policy).build());
      HttpResponse<String> response = get("/sync", Map.of(
          "X-Galileo-Trace-ID", UUID.randomUUID().toString(), "X-Galileo-Parent-ID", UUID.randomUUID().toString()));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue(ServerTracing.SPAN_ID_HEADER)).as("%s", policy).isEmpty();
    }
  }

  @Test
  void theTrustPolicyComesFromConfigurationUnlessTheBuilderSetsOne() {
    assertThat(ServletTracing.create().trustPolicy()).isEqualTo(TrustPolicy.CONTINUE);
    assertThat(ServletTracing.builder().trustPolicy(TrustPolicy.IGNORE).build().trustPolicy())
        .isEqualTo(TrustPolicy.IGNORE);
  }

  @Test
  void aProbeRunsOutsideAnyTraceAndAnswersNoSpanIdEvenWhenTheCallerSendsATrace() throws Exception {
    Span trace = tracing.tracer().traceBuilder("answer").start();
    HttpResponse<String> response;
    try (Scope scope = trace.makeCurrent()) {
      response = getInCurrentTrace("/healthz");
    }
    trace.end();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(ids(Span.invalid()));
    assertThat(response.headers().firstValue(ServerTracing.SPAN_ID_HEADER)).isEmpty();
    assertThat(afterChain).allMatch(c -> c == Context.root());
  }

  @Test
  void anExcludedPatternMatchesThePathWithinTheServletContext() throws Exception {
    Server shop = new Server(new QueuedThreadPool(POOL_THREADS, 2));
    ServerConnector connector = new ServerConnector(shop);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    shop.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/shop");
    FilterHolder galileo = new FilterHolder(ServletTracing.builder(tracing.tracer())
        .exclusions(ServerExclusions.of(List.of("/actuator/**"), false)).build().filter());
    context.addFilter(galileo, "/*", EnumSet.of(DispatcherType.REQUEST));
    servlet(context, "/*", (req, resp) -> resp.getWriter().write(ids(Span.current())));
    shop.setHandler(context);
    shop.start();
    try {
      URI shopBase = URI.create("http://127.0.0.1:" + connector.getLocalPort());
      String probe = http.send(HttpRequest.newBuilder(shopBase.resolve("/shop/actuator/health")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      String order = http.send(HttpRequest.newBuilder(shopBase.resolve("/shop/orders")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(probe).isEqualTo(ids(Span.invalid()));
      assertThat(order).isNotEqualTo(ids(Span.invalid()));
      assertThat(awaitOwnTraceServerSpan("GET /shop/orders").statusCode()).isEqualTo(200);
    } finally {
      shop.stop();
    }
  }
}
