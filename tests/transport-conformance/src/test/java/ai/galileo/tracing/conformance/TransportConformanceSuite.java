package ai.galileo.tracing.conformance;

import ai.galileo.tracing.testing.RecordingBackend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.propagation.W3CTraceContextPropagator;
import ai.galileo.tracing.core.transport.TrustPolicy;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every pair of a traced client and a traced server must do. A subclass names the pair; the
 * tests start a real server on 127.0.0.1 and a free port for each test and close it after.
 *
 * <p>Client and server share one tracer here, so that one in-memory exporter sees both sides; the
 * server still learns its parent only from the headers, which {@link SpanData#remoteParent()} on
 * the server span proves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class TransportConformanceSuite {
  static final String SERVER_SPAN = "GET /work";
  static final List<String> PROPAGATION_FIELDS =
      List.of("x-galileo-trace-id", "x-galileo-parent-id", "traceparent", "tracestate");

  @RegisterExtension
  final GalileoTracingExtension tracing =
      GalileoTracingExtension.builder().mode(Mode.DISTRIBUTED).serviceName("conformance").build();

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private TestApp app;

  /** The client of this pair. */
  abstract TestClient.Kind clientKind();

  /** The server of this pair. */
  abstract TestServer.Kind serverKind();

  @AfterEach
  void closeEverything() throws Exception {
    if (app != null) {
      app.release();
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  TestServer server(TrustPolicy policy, int threads) throws Exception {
    return server(tracing.tracer(), policy, threads);
  }

  TestServer server(Tracer tracer, TrustPolicy policy, int threads) throws Exception {
    app = new TestApp(tracer);
    TestServer server = serverKind().start(tracer, policy, app, threads);
    toClose.add(server);
    return server;
  }

  TestServer server() throws Exception {
    return server(TrustPolicy.CONTINUE, 8);
  }

  TestClient client(boolean clientSpans) throws Exception {
    return client(tracing.tracer(), clientSpans);
  }

  TestClient client(Tracer tracer, boolean clientSpans) throws Exception {
    TestClient client = clientKind().create(tracer, clientSpans);
    toClose.add(client);
    return client;
  }

  /** A distributed-mode tracer exporting to a recording backend; closed after the test. */
  RecordingBackend backend() {
    RecordingBackend backend = new RecordingBackend("conformance");
    toClose.add(backend);
    return backend;
  }

  Span startTrace(String name) {
    return tracing.tracer().traceBuilder(name).start();
  }

  /** Waits until ended spans match: servers end theirs just after the response goes back. */
  List<SpanData> awaitSpans(String name, int count) throws InterruptedException {
    return awaitSpans(s -> s.name().equals(name) && s.type() == SpanType.WORKFLOW, count, name);
  }

  List<SpanData> awaitSpans(Predicate<SpanData> match, int count, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<SpanData> found;
    do {
      found = tracing.spans().stream().filter(match).collect(Collectors.toList());
      if (found.size() >= count) {
        return found;
      }
      Thread.sleep(5);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("expected " + count + " spans (" + what + "), found " + found.size()
        + " among " + tracing.spans().stream().map(SpanData::name).collect(Collectors.toList()));
  }

  SpanData awaitServerSpan() throws InterruptedException {
    return awaitSpans(SERVER_SPAN, 1).get(0);
  }

  SpanData handlerSpanUnder(SpanData server) throws InterruptedException {
    return awaitSpans(s -> s.name().equals(TestApp.HANDLER_SPAN) && server.spanId().equals(s.parentId()),
        1, "handler span under " + server.spanId()).get(0);
  }

  // ---- linking ----

  @Test
  void theServersSpansLandUnderTheClientsSpanInTheSameTrace() throws Exception {
    TestServer server = server();
    TestClient client = client(true);
    Span trace = startTrace("caller");
    Reply reply;
    try (Scope scope = trace.makeCurrent()) {
      reply = client.get(server.uri("/work"));
    }
    trace.end();

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(trace.context().traceIdString());
    SpanData clientSpan = awaitSpans(s -> s.name().equals("GET 127.0.0.1/work"), 1, "client span").get(0);
    assertThat(clientSpan.parentId()).isEqualTo(trace.context().spanId());
    SpanData serverSpan = awaitServerSpan();
    assertThat(serverSpan.traceId()).isEqualTo(trace.context().traceId());
    assertThat(serverSpan.parentId()).isEqualTo(clientSpan.spanId());
    assertThat(serverSpan.remoteParent()).isTrue();
    assertThat(serverSpan.statusCode()).isEqualTo(200);
    assertThat(handlerSpanUnder(serverSpan).traceId()).isEqualTo(trace.context().traceId());
  }

  @Test
  void withoutClientSpansTheServerNestsUnderTheCallersCurrentSpan() throws Exception {
    TestServer server = server();
    TestClient client = client(false);
    Span trace = startTrace("caller");
    Span step;
    try (Scope scope = trace.makeCurrent()) {
      step = tracing.tracer().spanBuilder("call retrieval", SpanType.WORKFLOW).start();
      try (Scope inner = step.makeCurrent()) {
        client.get(server.uri("/work"));
      }
      step.end();
    }
    trace.end();
    SpanData serverSpan = awaitServerSpan();
    assertThat(serverSpan.traceId()).isEqualTo(trace.context().traceId());
    assertThat(serverSpan.parentId()).isEqualTo(step.context().spanId());
    assertThat(serverSpan.remoteParent()).isTrue();
  }

  // ---- isolation ----

  @Test
  void traceHeadersNeverLeakIntoTheNextRequestOnAReusedServerThread() throws Exception {
    TestServer server = server(TrustPolicy.CONTINUE, 1);
    TestClient client = client(false);
    Span trace = startTrace("caller");
    try (Scope scope = trace.makeCurrent()) {
      client.get(server.uri("/work"));
    }
    trace.end();
    Reply untraced = client.get(server.uri("/work")); // outside any trace: no headers at all
    assertThat(untraced.spanIds()).as("a server in a trace of its own names no span").isEmpty();

    List<Seen> seen = app.seen("/work");
    assertThat(seen).hasSize(2);
    boolean sameThread = seen.get(1).thread().equals(seen.get(0).thread());
    if (serverKind() == Servers.HTTPCORE) {
      // HttpCore's classic server runs a thread per connection: a client that opens a second
      // connection (an async client under load may) lands on another thread, and there is
      // nothing to leak into. The pool-based servers must reuse their one thread.
      assumeTrue(sameThread, "the client opened a second connection, so a second server thread");
    } else {
      assertThat(seen.get(1).thread()).as("both requests ran on one pooled server thread")
          .isEqualTo(seen.get(0).thread());
    }
    assertThat(seen.get(1).headers()).doesNotContainKeys(PROPAGATION_FIELDS.toArray(new String[0]));
    UUID second = UUID.fromString(untraced.body());
    assertThat(second).isNotEqualTo(trace.context().traceId());
    List<SpanData> serverSpans = awaitSpans(SERVER_SPAN, 2);
    SpanData fresh = serverSpans.stream().filter(s -> s.traceId().equals(second)).findFirst().orElseThrow();
    assertThat(fresh.remoteParent()).isFalse();
    assertThat(fresh.parentId()).isEqualTo(second); // directly under a trace of its own
  }

  @Test
  void malformedHeadersStartAFreshTraceAndTheRequestStillSucceeds() throws Exception {
    TestServer server = server();
    TestClient client = client(false);
    Map<String, String> garbage = new LinkedHashMap<>();
    garbage.put("X-Galileo-Trace-ID", "not-a-uuid");
    garbage.put("X-Galileo-Parent-ID", "00000000-0000-0000-0000-000000000000");
    garbage.put("traceparent", "00-zzzz-not-hex-01");
    garbage.put("tracestate", "=,,=");
    Reply reply = client.get(server.uri("/work"), garbage);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.spanIds()).isEmpty();
    SpanData serverSpan = awaitServerSpan();
    assertThat(serverSpan.remoteParent()).isFalse();
    assertThat(serverSpan.traceId().toString()).isEqualTo(reply.body());
    assertThat(serverSpan.parentId()).isEqualTo(serverSpan.traceId());
  }

  @Test
  void aHundredConcurrentRequestsNeverCrossTraces() throws Exception {
    int n = 100;
    TestServer server = server(TrustPolicy.CONTINUE, 16);
    TestClient client = client(false);
    List<Span> traces = new ArrayList<>(n);
    List<CompletableFuture<Reply>> replies = new ArrayList<>(n);
    for (int i = 0; i < n; i++) { // all in flight at once, each from its own trace
      Span trace = startTrace("caller " + i);
      traces.add(trace);
      try (Scope scope = trace.makeCurrent()) {
        replies.add(client.getAsync(server.uri("/work"), Map.of()));
      }
    }
    for (int i = 0; i < n; i++) {
      Reply reply = replies.get(i).get(30, TimeUnit.SECONDS);
      traces.get(i).end();
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body()).as("request %d", i).isEqualTo(traces.get(i).context().traceIdString());
    }
    Set<UUID> callerTraces = traces.stream().map(t -> t.context().traceId()).collect(Collectors.toSet());
    List<SpanData> serverSpans = awaitSpans(SERVER_SPAN, n);
    Set<UUID> serverTraces = new HashSet<>();
    for (SpanData s : serverSpans) {
      assertThat(s.parentId()).as("the caller's trace is the parent").isEqualTo(s.traceId());
      assertThat(s.remoteParent()).isTrue();
      serverTraces.add(s.traceId());
    }
    assertThat(serverTraces).isEqualTo(callerTraces).hasSize(n);
  }

  // ---- interoperability ----

  @Test
  void exactlyTheHeadersGalileosPythonSdkSendsAreContinued() throws Exception {
    TestServer server = server();
    TestClient client = client(false);
    UUID trace = UUID.randomUUID();
    UUID parent = UUID.randomUUID();
    Map<String, String> python = new LinkedHashMap<>();
    python.put("X-Galileo-Trace-ID", trace.toString());
    python.put("X-Galileo-Parent-ID", parent.toString());
    assertThat(client.get(server.uri("/work"), python).body()).isEqualTo(trace.toString());

    SpanData serverSpan = awaitServerSpan();
    assertThat(serverSpan.traceId()).isEqualTo(trace);
    assertThat(serverSpan.parentId()).isEqualTo(parent);
    assertThat(serverSpan.remoteParent()).isTrue();
    assertThat(handlerSpanUnder(serverSpan).traceId()).isEqualTo(trace);
  }

  @Test
  void aPythonSdkParentEqualToTheTraceAttachesDirectlyUnderTheTrace() throws Exception {
    TestServer server = server();
    TestClient client = client(false);
    UUID trace = UUID.randomUUID();
    Map<String, String> python = new LinkedHashMap<>();
    python.put("X-Galileo-Trace-ID", trace.toString());
    python.put("X-Galileo-Parent-ID", trace.toString());
    client.get(server.uri("/work"), python);

    SpanData serverSpan = awaitServerSpan();
    assertThat(serverSpan.traceId()).isEqualTo(trace);
    assertThat(serverSpan.parentId()).isEqualTo(trace);
    assertThat(serverSpan.remoteParent()).isTrue();
  }

  @Test
  void aW3cTraceparentFromAnOpenTelemetryCallerLandsInThatTrace() throws Exception {
    TestServer server = server();
    TestClient client = client(false);
    Map<String, String> headers = new HashMap<>();
    String otelTraceId;
    // Since OpenTelemetry 1.68 a provider without any span processor makes only non-recording,
    // invalid spans, which inject nothing: give it one that keeps nothing.
    try (SdkTracerProvider otel = SdkTracerProvider.builder()
        .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(
            io.opentelemetry.sdk.trace.export.SpanExporter.composite()))
        .build()) {
      io.opentelemetry.api.trace.Span caller = otel.get("otel-caller").spanBuilder("call").startSpan();
      io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance()
          .inject(io.opentelemetry.context.Context.root().with(caller), headers, Map::put);
      otelTraceId = caller.getSpanContext().getTraceId();
      caller.end();
    }
    assertThat(headers).containsOnlyKeys("traceparent");
    SpanContext expected = W3CTraceContextPropagator.create()
        .extractHeaders(Context.root(), headers).span().context();
    assertThat(expected.isValid()).isTrue();

    Reply reply = client.get(server.uri("/work"), headers);
    SpanData serverSpan = awaitServerSpan();
    assertThat(reply.body()).isEqualTo(expected.traceIdString());
    assertThat(serverSpan.traceId()).isEqualTo(expected.traceId());
    assertThat(serverSpan.parentId()).isEqualTo(expected.spanId());
    assertThat(serverSpan.remoteParent()).isTrue();
    // The same 128 bits as OpenTelemetry's trace-id, except UUIDv4's version and variant bits.
    String ours = serverSpan.traceId().toString().replace("-", "");
    for (int i = 0; i < 32; i++) {
      if (i != 12 && i != 16) {
        assertThat(ours.charAt(i)).as("hex digit %d", i).isEqualTo(otelTraceId.charAt(i));
      }
    }
    assertThat(handlerSpanUnder(serverSpan).traceId()).isEqualTo(expected.traceId());
  }

  // ---- fire-and-forget ----

  @Test
  void aClientThatDoesNotWaitStillGetsTheServersSpansInItsTrace() throws Exception {
    TestServer server = server();
    TestClient client = client(true);
    Span trace = startTrace("fire and forget");
    CompletableFuture<Reply> ignored;
    try (Scope scope = trace.makeCurrent()) {
      ignored = client.getAsync(server.uri("/slow"), Map.of());
    }
    trace.end(); // the caller is done and does not wait
    awaitSpans(s -> s.isTrace() && s.name().equals("fire and forget"), 1, "the ended trace");
    assertThat(tracing.spans(TestApp.HANDLER_SPAN)).isEmpty(); // the server is still working

    app.release();
    SpanData serverSpan = awaitSpans("GET /slow", 1).get(0);
    assertThat(serverSpan.traceId()).isEqualTo(trace.context().traceId());
    assertThat(serverSpan.remoteParent()).isTrue();
    assertThat(handlerSpanUnder(serverSpan).traceId()).isEqualTo(trace.context().traceId());
    assertThat(ignored.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
  }

  // ---- completion: the server names its span, every call ends ----

  @Test
  void aServerContinuingTheTraceNamesItsSpanInTheResponse() throws Exception {
    TestServer server = server();
    TestClient client = client(true);
    Span trace = startTrace("caller");
    Reply reply;
    try (Scope scope = trace.makeCurrent()) {
      reply = client.get(server.uri("/work"));
    }
    trace.end();
    SpanData serverSpan = awaitServerSpan();
    assertThat(reply.spanIds()).containsExactly(serverSpan.spanId().toString());
  }

  @Test
  void theCallersTraceCompletesOnlyOnceTheSpanTheServerNamedIsDelivered() throws Exception {
    RecordingBackend backend = backend();
    TestServer server = server(backend.tracer(), TrustPolicy.CONTINUE, 4);
    TestClient client = client(backend.tracer(), false);
    Span trace = backend.tracer().traceBuilder("caller").start();
    Reply reply;
    try (Scope scope = trace.makeCurrent()) {
      reply = client.get(server.uri("/work"));
    }
    trace.end();
    backend.awaitCompleted(trace.context().traceId());

    assertThat(reply.spanIds()).hasSize(1);
    UUID serverSpan = UUID.fromString(reply.spanIds().get(0));
    assertThat(backend.lookedUp()).as("the client's call learned the server's span").contains(serverSpan);
    assertThat(backend.finalIndex(serverSpan)).as("the server's span is delivered before the completion")
        .isBetween(0, backend.finalIndex(trace.context().traceId()));
  }

  @Test
  void aRedirectedCallWaitsForTheSpansOfBothServersItReached() throws Exception {
    RecordingBackend backend = backend();
    TestServer server = server(backend.tracer(), TrustPolicy.CONTINUE, 4);
    TestClient client = client(backend.tracer(), true);
    Span trace = backend.tracer().traceBuilder("caller").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThat(client.get(server.uri("/redirect")).status()).isEqualTo(200);
    }
    trace.end();
    backend.awaitCompleted(trace.context().traceId());
    assertThat(backend.lookedUp()).contains(
        backend.finals("GET /redirect").get(0).spanId(), backend.finals("GET /work").get(0).spanId());
  }

  @Test
  void aRetriedCallWaitsForTheSpansOfEveryAttempt() throws Exception {
    assumeTrue(clientKind().retriesOn503(), "this client does not retry by itself");
    RecordingBackend backend = backend();
    TestServer server = server(backend.tracer(), TrustPolicy.CONTINUE, 4);
    TestClient client = client(backend.tracer(), false);
    Span trace = backend.tracer().traceBuilder("caller").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThat(client.get(server.uri("/flaky")).status()).isEqualTo(200);
    }
    trace.end();
    backend.awaitCompleted(trace.context().traceId());
    List<SpanData> attempts = backend.finals("GET /flaky");
    assertThat(attempts).hasSize(2);
    assertThat(backend.lookedUp()).contains(attempts.get(0).spanId(), attempts.get(1).spanId());
  }

  @Test
  void aCallAnsweredWithAServerErrorEndsAndStillWaitsForTheServersSpan() throws Exception {
    RecordingBackend backend = backend();
    TestServer server = server(backend.tracer(), TrustPolicy.CONTINUE, 4);
    TestClient client = client(backend.tracer(), true);
    Span trace = backend.tracer().traceBuilder("caller").start();
    Reply reply;
    try (Scope scope = trace.makeCurrent()) {
      reply = client.get(server.uri("/error"));
    }
    trace.end();
    backend.awaitCompleted(trace.context().traceId());

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.spanIds()).hasSize(1);
    assertThat(backend.lookedUp()).contains(UUID.fromString(reply.spanIds().get(0)));
    assertThat(backend.finals("GET 127.0.0.1/error")).singleElement()
        .satisfies(s -> assertThat(s.statusCode()).isEqualTo(500));
  }

  @Test
  void aRefusedConnectionEndsTheCallWithOrWithoutClientSpans() throws Exception {
    RecordingBackend backend = backend();
    URI refused = refusedUri();
    for (boolean clientSpans : new boolean[] {false, true}) {
      TestClient client = client(backend.tracer(), clientSpans);
      Span trace = backend.tracer().traceBuilder("caller").start();
      try (Scope scope = trace.makeCurrent()) {
        assertThatThrownBy(() -> client.get(refused)).as("clientSpans=%s", clientSpans)
            .isInstanceOf(Exception.class);
      }
      trace.end();
      backend.awaitCompleted(trace.context().traceId());
    }
    assertThat(backend.finals("GET 127.0.0.1/work")).singleElement()
        .satisfies(s -> assertThat(s.metadata()).containsKey("error.type"));
    assertThat(backend.lookedUp()).isEmpty();
  }

  @Test
  void aCancelledAsyncCallEndsTheCall() throws Exception {
    RecordingBackend backend = backend();
    TestServer server = server(backend.tracer(), TrustPolicy.CONTINUE, 4);
    TestClient client = client(backend.tracer(), false);
    Span trace = backend.tracer().traceBuilder("caller").start();
    CompletableFuture<Reply> pending;
    try (Scope scope = trace.makeCurrent()) {
      pending = client.getAsync(server.uri("/slow"), Map.of());
    }
    app.awaitSeen("/slow"); // the request is in the server, which holds it
    assertThat(pending.cancel(true)).isTrue();
    trace.end();
    if (clientKind().cancels()) {
      // The cancel itself ends the call: the trace completes while the server still holds it.
      backend.awaitCompleted(trace.context().traceId());
      assertThat(backend.finals(TestApp.HANDLER_SPAN)).as("the server has not answered yet").isEmpty();
    }
    app.release(); // a blocking client's call ends when its answer comes
    backend.awaitCompleted(trace.context().traceId());
  }

  /** A loopback address where nothing listens: the port of a socket just closed. */
  private static URI refusedUri() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return URI.create("http://127.0.0.1:" + port + "/work");
  }

  // ---- trust policies ----

  @Test
  void trustPolicyLinkStartsANewTraceThatRecordsTheCallersIds() throws Exception {
    TestServer server = server(TrustPolicy.LINK, 4);
    TestClient client = client(false);
    Span trace = startTrace("untrusted caller");
    Reply reply;
    try (Scope scope = trace.makeCurrent()) {
      reply = client.get(server.uri("/work"));
    }
    trace.end();
    assertThat(reply.spanIds()).as("its span is in no trace of the caller's").isEmpty();
    SpanData serverSpan = awaitServerSpan();
    assertThat(serverSpan.traceId()).isNotEqualTo(trace.context().traceId());
    assertThat(serverSpan.remoteParent()).isFalse();
    assertThat(serverSpan.metadata())
        .containsEntry(TrustPolicy.LINK_TRACE_ID, trace.context().traceIdString())
        .containsEntry(TrustPolicy.LINK_PARENT_ID, trace.context().spanIdString());
  }

  @Test
  void trustPolicyIgnoreStartsANewTraceWithoutReadingTheHeaders() throws Exception {
    TestServer server = server(TrustPolicy.IGNORE, 4);
    TestClient client = client(false);
    Span trace = startTrace("ignored caller");
    Reply reply;
    try (Scope scope = trace.makeCurrent()) {
      reply = client.get(server.uri("/work"));
    }
    trace.end();
    assertThat(reply.spanIds()).as("its span is in no trace of the caller's").isEmpty();
    SpanData serverSpan = awaitServerSpan();
    assertThat(serverSpan.traceId()).isNotEqualTo(trace.context().traceId());
    assertThat(serverSpan.remoteParent()).isFalse();
    assertThat(serverSpan.metadata()).doesNotContainKeys(TrustPolicy.LINK_TRACE_ID, TrustPolicy.LINK_PARENT_ID);
  }

  @Test
  void trustPolicyContinueIsTheDefault() throws Exception {
    TestServer server = server(null, 4); // null: what GALILEO_SERVER_TRUST says, unset here
    TestClient client = client(false);
    Span trace = startTrace("trusted caller");
    try (Scope scope = trace.makeCurrent()) {
      client.get(server.uri("/work"));
    }
    trace.end();
    assertThat(awaitServerSpan().traceId()).isEqualTo(trace.context().traceId());
  }

  // ---- redirects and retries ----

  @Test
  void aRedirectedRequestCarriesOneCurrentSetOfHeaders() throws Exception {
    TestServer server = server();
    TestClient client = client(false);
    Span trace = startTrace("caller");
    Reply reply;
    Map<String, String> expected;
    try (Scope scope = trace.makeCurrent()) {
      expected = tracing.tracer().tracingHeaders();
      reply = client.get(server.uri("/redirect"));
    }
    trace.end();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(app.seen("/redirect")).hasSize(1);
    assertThat(app.seen("/work")).hasSize(1);
    assertOneCurrentSet(app.seen("/work").get(0), expected);
    assertThat(awaitServerSpan().parentId()).isEqualTo(trace.context().spanId());
  }

  @Test
  void aRetriedRequestCarriesOneCurrentSetOfHeadersEachTime() throws Exception {
    assumeTrue(clientKind().retriesOn503(), "this client does not retry by itself");
    TestServer server = server();
    TestClient client = client(false);
    Span trace = startTrace("caller");
    Reply reply;
    Map<String, String> expected;
    try (Scope scope = trace.makeCurrent()) {
      expected = tracing.tracer().tracingHeaders();
      reply = client.get(server.uri("/flaky"));
    }
    trace.end();
    assertThat(reply.status()).isEqualTo(200);
    List<Seen> attempts = app.seen("/flaky");
    assertThat(attempts).hasSize(2);
    for (Seen attempt : attempts) {
      assertOneCurrentSet(attempt, expected);
    }
    List<SpanData> serverSpans = awaitSpans("GET /flaky", 2);
    assertThat(serverSpans).extracting(SpanData::statusCode).containsExactlyInAnyOrder(503, 200);
    assertThat(serverSpans).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(trace.context().traceId()));
  }

  private static void assertOneCurrentSet(Seen request, Map<String, String> expected) {
    assertThat(expected).isNotEmpty();
    for (String field : PROPAGATION_FIELDS) {
      String value = expected.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(field))
          .map(Map.Entry::getValue).findFirst().orElse(null);
      if (value == null) {
        assertThat(request.values(field)).as(field).isEmpty();
      } else {
        assertThat(request.values(field)).as(field).containsExactly(value);
      }
    }
  }
}
