package ai.galileo.tracing.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerTracingTest {
  private static final Propagator.Getter<Map<String, String>> GETTER =
      new Propagator.Getter<>() {
        @Override
        public String get(Map<String, String> carrier, String name) {
          for (Map.Entry<String, String> e : carrier.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
              return e.getValue();
            }
          }
          return null;
        }
      };

  private final SpanCollector spans = new SpanCollector();
  private final GalileoTracer tracer = SpanCollector.tracer(spans);

  @AfterEach
  void close() {
    tracer.close();
  }

  private static Map<String, String> galileoHeaders(String trace, String parent) {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-Galileo-Trace-ID", trace);
    headers.put("X-Galileo-Parent-ID", parent);
    return headers;
  }

  private void handle(ServerTracing server, Map<String, String> headers, String path) {
    ServerSpan call = server.startHttp(headers, GETTER, "post", path);
    try (Scope scope = call.makeCurrent()) {
      tracer.spanBuilder("handler", SpanType.TOOL).start().end();
      call.end(200);
    }
  }

  @Test
  void theServerSpanNestsUnderTheCallersSpan() {
    UUID trace = UUID.randomUUID();
    UUID parent = UUID.randomUUID();
    handle(ServerTracing.create(tracer, TrustPolicy.CONTINUE),
        galileoHeaders(trace.toString(), parent.toString()), "/retrieve?q=secret");

    SpanData server = spans.one("POST /retrieve");
    assertThat(server.type()).isEqualTo(SpanType.WORKFLOW);
    assertThat(server.traceId()).isEqualTo(trace);
    assertThat(server.parentId()).isEqualTo(parent);
    assertThat(server.remoteParent()).isTrue();
    assertThat(server.statusCode()).isEqualTo(200);
    assertThat(server.metadata()).containsEntry("http.method", "POST")
        .containsEntry("http.path", "/retrieve");
    assertThat(server.input().asText()).contains("POST /retrieve").doesNotContain("secret");
    SpanData handler = spans.one("handler");
    assertThat(handler.parentId()).isEqualTo(server.spanId());
    assertThat(spans.ended()).noneMatch(SpanData::isTrace); // the caller's trace is not ours to end
  }

  @Test
  void requestsForManyPathsEachGetTheirOwnPathsDescriptionWhileDescriptionsAreKept() {
    ServerTracing server = ServerTracing.create(tracer, TrustPolicy.CONTINUE);
    String trace = UUID.randomUUID().toString();
    for (int i = 0; i < 300; i++) { // more paths than are kept, each served three times
      for (String path : List.of("/items/" + i, "/items/" + i, "/items/" + i + "?token=t" + i)) {
        handle(server, galileoHeaders(trace, UUID.randomUUID().toString()), path);
      }
    }

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String described = "POST /items/" + i + " | /items/" + i + " | POST /items/" + i;
      expected.addAll(List.of(described, described, described));
    }
    assertThat(spans.ended().stream().filter(s -> s.name().startsWith("POST /items/"))
        .map(s -> s.name() + " | " + s.metadata().get("http.path") + " | " + s.input().asText()))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void withoutHeadersTheServerStartsATraceOfItsOwnNamedAfterTheRequest() {
    handle(ServerTracing.create(tracer, TrustPolicy.CONTINUE), Map.of(), "/retrieve");

    SpanData trace = spans.oneOfType("POST /retrieve", SpanType.TRACE);
    SpanData server = spans.oneOfType("POST /retrieve", SpanType.WORKFLOW);
    assertThat(server.traceId()).isEqualTo(trace.traceId());
    assertThat(server.parentId()).isEqualTo(trace.spanId());
    assertThat(server.remoteParent()).isFalse();
  }

  @Test
  void malformedHeadersStartAFreshTrace() {
    handle(ServerTracing.create(tracer, TrustPolicy.CONTINUE),
        galileoHeaders("not-a-uuid", "also-not"), "/retrieve");
    SpanData server = spans.oneOfType("POST /retrieve", SpanType.WORKFLOW);
    assertThat(server.remoteParent()).isFalse();
    assertThat(spans.oneOfType("POST /retrieve", SpanType.TRACE).traceId()).isEqualTo(server.traceId());
  }

  @Test
  void aContextLeftOnThePooledThreadIsNeitherUsedNorDisturbed() {
    Span stale = tracer.traceBuilder("stale").start();
    try (Scope leaked = stale.makeCurrent()) {
      handle(ServerTracing.create(tracer, TrustPolicy.CONTINUE), Map.of(), "/next");
      assertThat(Context.current().span()).isSameAs(stale);
    }
    stale.end();
    assertThat(spans.oneOfType("POST /next", SpanType.WORKFLOW).traceId())
        .isNotEqualTo(stale.context().traceId());
  }

  @Test
  void linkStartsANewTraceThatRecordsTheCallersIds() {
    UUID trace = UUID.randomUUID();
    UUID parent = UUID.randomUUID();
    handle(ServerTracing.create(tracer, TrustPolicy.LINK),
        galileoHeaders(trace.toString(), parent.toString()), "/public");

    SpanData server = spans.oneOfType("POST /public", SpanType.WORKFLOW);
    SpanData ownTrace = spans.oneOfType("POST /public", SpanType.TRACE);
    assertThat(server.traceId()).isNotEqualTo(trace).isEqualTo(ownTrace.traceId());
    assertThat(server.remoteParent()).isFalse();
    for (SpanData s : List.of(server, ownTrace)) {
      assertThat(s.metadata()).containsEntry("link.trace_id", trace.toString())
          .containsEntry("link.parent_id", parent.toString());
    }
  }

  @Test
  void ignoreDoesNotReadTheHeaders() {
    UUID trace = UUID.randomUUID();
    Map<String, String> headers = new HashMap<>(galileoHeaders(trace.toString(), trace.toString())) {
      @Override
      public String get(Object key) {
        throw new AssertionError("headers were read");
      }
    };
    ServerTracing server = ServerTracing.create(tracer, TrustPolicy.IGNORE);
    ServerSpan call = server.startHttp(headers, (c, n) -> { throw new AssertionError("read " + n); },
        "GET", "/public");
    call.end(204);
    SpanData span = spans.oneOfType("GET /public", SpanType.WORKFLOW);
    assertThat(span.traceId()).isNotEqualTo(trace);
    assertThat(span.metadata()).doesNotContainKeys("link.trace_id", "link.parent_id");
  }

  @Test
  void aPropagatorThatThrowsStillLetsTheRequestThrough() {
    try (GalileoTracer throwing = GalileoTracer.builder()
        .config(ai.galileo.tracing.core.GalileoConfig.builder().set("GALILEO_EXPORTER", "none").build())
        .propagator(new Propagator() {
          @Override
          public java.util.Collection<String> fields() {
            return List.of();
          }

          @Override
          public <C> void inject(Context context, C carrier, Setter<C> setter) {}

          @Override
          public <C> Context extract(Context context, C carrier, Getter<C> getter) {
            throw new IllegalStateException("broken plug-in");
          }
        }).addSpanProcessor(spans).shutdownHook(false).build()) {
      ServerSpan call = ServerTracing.create(throwing, TrustPolicy.CONTINUE)
          .startHttp(Map.of(), GETTER, "GET", "/x");
      call.end(200);
      assertThat(spans.oneOfType("GET /x", SpanType.WORKFLOW).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void endRecordsTheStatusAndErrorOnceOnly() {
    ServerSpan call = ServerTracing.create(tracer, TrustPolicy.CONTINUE)
        .startHttp(Map.of(), GETTER, "GET", "/fails");
    call.end(503, new IllegalStateException("boom"));
    call.end(200);
    assertThat(call.isEnded()).isTrue();
    SpanData span = spans.oneOfType("GET /fails", SpanType.WORKFLOW);
    assertThat(span.statusCode()).isEqualTo(503);
    assertThat(span.metadata()).containsEntry("error.type", "java.lang.IllegalStateException");
  }

  @Test
  void theRequestCanContinueOnAnotherThread() throws Exception {
    UUID trace = UUID.randomUUID();
    ServerSpan call = ServerTracing.create(tracer, TrustPolicy.CONTINUE)
        .startHttp(galileoHeaders(trace.toString(), trace.toString()), GETTER, "GET", "/async");
    CompletableFuture.runAsync(() -> {
      try (Scope scope = call.makeCurrent()) {
        tracer.spanBuilder("later", SpanType.TOOL).start().end();
      }
      call.end(200);
    }).get();
    SpanData server = spans.one("GET /async");
    assertThat(server.parentId()).isEqualTo(trace); // parent equal to trace: directly under it
    assertThat(spans.one("later").parentId()).isEqualTo(server.spanId());
  }

  @Test
  void aTraceStartedByTheServerCarriesTheServerSpansStatusCode() {
    handle(ServerTracing.create(tracer, TrustPolicy.CONTINUE), Map.of(), "/retrieve");

    assertThat(spans.oneOfType("POST /retrieve", SpanType.WORKFLOW).statusCode()).isEqualTo(200);
    assertThat(spans.oneOfType("POST /retrieve", SpanType.TRACE).statusCode()).isEqualTo(200);
  }

  @Test
  void aFailedRequestsTraceCarriesTheErrorStatusCode() {
    ServerSpan call = ServerTracing.create(tracer, TrustPolicy.CONTINUE)
        .startHttp(Map.of(), GETTER, "GET", "/boom");
    call.end(503, new IllegalStateException("down"));
    assertThat(spans.oneOfType("GET /boom", SpanType.TRACE).statusCode()).isEqualTo(503);
  }

  @Test
  void probePathsAreExcludedByDefaultWithoutReadingTheirHeaders() {
    ServerTracing server = ServerTracing.create(tracer, TrustPolicy.CONTINUE);
    Map<String, String> headers = new HashMap<>() {
      @Override
      public String get(Object key) {
        throw new AssertionError("headers of an excluded request were read");
      }

      @Override
      public java.util.Set<Map.Entry<String, String>> entrySet() {
        throw new AssertionError("headers of an excluded request were read");
      }
    };
    for (String path : List.of("/health", "/healthz/", "/livez", "/readyz", "/ready?full=1")) {
      assertThat(server.excludes(path)).as(path).isTrue();
      ServerSpan call = server.startHttp(headers, GETTER, "GET", path);
      assertThat(call.isTraced()).isFalse();
      try (Scope scope = call.makeCurrent()) {
        assertThat(Context.current().span().context().isValid()).isFalse();
      }
      call.end(200);
    }
    assertThat(spans.ended()).isEmpty();
    assertThat(server.excludes("/healthcheck")).isFalse();
  }

  @Test
  void theExcludeSettingAddsPathsAndTheDefaultsCanBeTurnedOff() {
    GalileoTracer configured = SpanCollector.tracer(new SpanCollector(),
        ServerExclusions.SETTING, "/internal/**, /ping",
        ServerExclusions.DEFAULTS_SETTING, "false");
    try {
      ServerTracing server = ServerTracing.create(configured);
      assertThat(server.excludes("/ping")).isTrue();
      assertThat(server.excludes("/internal")).isTrue();
      assertThat(server.excludes("/internal/metrics/jvm")).isTrue();
      assertThat(server.excludes("/internals")).isFalse();
      assertThat(server.excludes("/health")).isFalse();
      assertThat(server.startHttp(Map.of(), GETTER, "GET", "/health").isTraced()).isTrue();
    } finally {
      configured.close();
    }
  }
}
