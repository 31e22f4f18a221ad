package ai.galileo.tracing.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientTracingTest {
  private final SpanCollector spans = new SpanCollector();
  private final GalileoTracer tracer = SpanCollector.tracer(spans);

  /** Header lines as a multi-map would hold them, in order, names as written. */
  private static final class Lines {
    final List<Map.Entry<String, String>> lines = new ArrayList<>();

    void add(String name, String value) {
      lines.add(Map.entry(name, value));
    }

    void removeAll(String name) {
      lines.removeIf(e -> e.getKey().equalsIgnoreCase(name));
    }

    List<String> values(String name) {
      List<String> values = new ArrayList<>();
      for (Map.Entry<String, String> e : lines) {
        if (e.getKey().equalsIgnoreCase(name)) {
          values.add(e.getValue());
        }
      }
      return values;
    }
  }

  @AfterEach
  void close() {
    tracer.close();
  }

  @Test
  void injectingAgainReplacesTheHeadersInsteadOfAddingASecondSet() {
    ClientTracing client = ClientTracing.create(tracer, false);
    Lines request = new Lines();
    request.add("X-GALILEO-TRACE-ID", "stale");
    request.add("Accept", "application/json");
    Span trace = tracer.traceBuilder("t").start();
    try (Scope scope = trace.makeCurrent()) {
      client.inject(Context.current(), request, Lines::add, Lines::removeAll);
      client.inject(Context.current(), request, Lines::add, Lines::removeAll); // a retry
    }
    trace.end();
    for (String field : client.fields()) {
      assertThat(request.values(field)).as(field).hasSize(1);
    }
    assertThat(request.values("x-galileo-trace-id")).containsExactly(trace.context().traceIdString());
    assertThat(request.values("accept")).containsExactly("application/json");
  }

  @Test
  void aNestedSpanSendsItsTracesIdAsTheTraceFormattedItOnce() {
    ClientTracing client = ClientTracing.create(tracer, true);
    Lines request = new Lines();
    Span trace = tracer.traceBuilder("t").start();
    Span outer = tracer.spanBuilder("outer", SpanType.WORKFLOW).setParent(Context.root().with(trace))
        .start();
    ClientSpan call = client.startHttp(Context.root().with(outer), "GET",
        URI.create("http://a.example/x"));
    client.inject(call.context(), request, Lines::add, Lines::removeAll);
    call.end(200, null);
    outer.end();
    trace.end();

    assertThat(request.values("x-galileo-trace-id")).singleElement()
        .isEqualTo(trace.context().traceId().toString())
        .isSameAs(trace.context().traceIdString()); // the root's text, not the client span's own
    assertThat(request.values("x-galileo-parent-id"))
        .containsExactly(call.span().context().spanIdString());
  }

  @Test
  void outsideAnyTraceNothingIsRemovedOrWritten() {
    ClientTracing client = ClientTracing.create(tracer, true);
    Lines request = new Lines();
    request.add("X-Galileo-Trace-ID", "set-by-hand");
    ClientSpan call = client.startHttp(Context.current(), "GET", URI.create("http://a.example/x"));
    client.inject(call.context(), request, Lines::add, Lines::removeAll);
    call.end(200, null);
    assertThat(call.hasSpan()).isFalse();
    assertThat(request.values("x-galileo-trace-id")).containsExactly("set-by-hand");
    assertThat(spans.ended()).isEmpty();
  }

  @Test
  void aClientSpanWrapsTheCallAndIsWhatGetsInjected() {
    ClientTracing client = ClientTracing.create(tracer, true);
    Lines request = new Lines();
    Span trace = tracer.traceBuilder("t").start();
    ClientSpan call;
    try (Scope scope = trace.makeCurrent()) {
      call = client.startHttp(Context.current(), "post",
          URI.create("http://user:pw@api.example:8080/retrieve?key=secret"));
      client.inject(call.context(), request, Lines::add, Lines::removeAll);
    }
    call.end(201, null);
    call.end(500, null);
    trace.end();

    SpanData span = spans.one("POST api.example/retrieve");
    assertThat(span.type()).isEqualTo(SpanType.WORKFLOW);
    assertThat(span.parentId()).isEqualTo(trace.context().spanId());
    assertThat(span.statusCode()).isEqualTo(201);
    assertThat(span.metadata()).containsEntry("http.method", "POST")
        .containsEntry("http.url", "http://api.example:8080/retrieve");
    assertThat(request.values("x-galileo-parent-id")).containsExactly(span.spanId().toString());
  }

  @Test
  void callsToManyUrlsEachGetTheirOwnUrlsDescriptionWhileDescriptionsAreKept() {
    ClientTracing client = ClientTracing.create(tracer, true);
    Span trace = tracer.traceBuilder("t").start();
    try (Scope scope = trace.makeCurrent()) {
      for (int i = 0; i < 300; i++) { // more URLs than are kept, each called three times
        for (String method : List.of("GET", "GET", "get")) {
          client.startHttp(Context.current(), method,
              URI.create("http://svc-" + i + ".example/items/" + i)).end(200, null);
        }
      }
    }
    trace.end();

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String described = "GET svc-" + i + ".example/items/" + i + " | http://svc-" + i
          + ".example/items/" + i + " | " + Content.text("GET http://svc-" + i + ".example/items/" + i);
      expected.addAll(List.of(described, described, described));
    }
    assertThat(spans.ended().stream().filter(s -> s.name().startsWith("GET svc-"))
        .map(s -> s.name() + " | " + s.metadata().get("http.url") + " | " + s.input()))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aQueryNeverReachesTheDescriptionWhetherOrNotTheUrlWasCalledBefore() {
    ClientTracing client = ClientTracing.create(tracer, true);
    Span trace = tracer.traceBuilder("t").start();
    try (Scope scope = trace.makeCurrent()) {
      client.startHttp(Context.current(), "GET", URI.create("http://a.example/search")).end(200, null);
      client.startHttp(Context.current(), "GET", URI.create("http://a.example/search?q=first"))
          .end(200, null);
      client.startHttp(Context.current(), "GET", URI.create("http://a.example/search?q=second"))
          .end(200, null);
    }
    trace.end();

    assertThat(spans.ended().stream().filter(s -> s.name().equals("GET a.example/search")))
        .hasSize(3)
        .allSatisfy(s -> assertThat(s.metadata()).containsEntry("http.url", "http://a.example/search"))
        .allSatisfy(s -> assertThat(s.input().toString()).doesNotContain("q="));
  }

  @Test
  void propagationFieldsAreMatchedInAnyCase() {
    ClientTracing client = ClientTracing.create(tracer, false);
    assertThat(client.fields()).contains("x-galileo-trace-id", "x-galileo-parent-id", "traceparent",
        "tracestate");
    assertThat(client.isPropagationField("TraceParent")).isTrue();
    assertThat(client.isPropagationField("X-Galileo-Parent-ID")).isTrue();
    assertThat(client.isPropagationField("Accept")).isFalse();
    assertThat(client.isPropagationField(null)).isFalse();
  }

  @Test
  void aModelProvidersHostGetsNoTracingHeadersByDefaultButAnInternalHostDoes() {
    ClientTracing client = ClientTracing.create(tracer, false);
    Lines toProvider = new Lines();
    Lines toService = new Lines();
    Span trace = tracer.traceBuilder("t").start();
    try (Scope scope = trace.makeCurrent()) {
      client.inject(Context.current(), URI.create("https://api.openai.com/v1/chat/completions"),
          toProvider, Lines::add, Lines::removeAll);
      client.inject(Context.current(), URI.create("http://retrieval.internal:8080/search"),
          toService, Lines::add, Lines::removeAll);
    }
    trace.end();
    assertThat(toProvider.lines).isEmpty();
    assertThat(toService.values("x-galileo-trace-id")).containsExactly(trace.context().traceIdString());
  }

  @Test
  void theConfiguredHostSettingsDecideWhichCallsCarryHeaders() {
    GalileoTracer configured = SpanCollector.tracer(new SpanCollector(),
        PropagationHosts.ALLOW_SETTING, "*.internal, localhost",
        PropagationHosts.DENY_SETTING, "billing.internal");
    try {
      ClientTracing client = ClientTracing.create(configured, false);
      assertThat(client.propagatesTo(URI.create("http://search.internal/x"))).isTrue();
      assertThat(client.propagatesTo(URI.create("http://LOCALHOST:9000/x"))).isTrue();
      assertThat(client.propagatesTo(URI.create("http://billing.internal/x"))).isFalse();
      assertThat(client.propagatesTo(URI.create("http://example.com/x"))).isFalse();
      assertThat(client.propagatesTo(URI.create("https://api.openai.com/v1"))).isFalse();
    } finally {
      configured.close();
    }
  }

  @Test
  void aCallToAHostThatGetsNoHeadersKeepsItsClientSpanAndHandSetHeaders() {
    ClientTracing client = ClientTracing.create(tracer, true,
        PropagationHosts.of(null, List.of("127.0.0.1")));
    Lines request = new Lines();
    request.add("X-Galileo-Trace-ID", "set-by-hand");
    URI uri = URI.create("http://127.0.0.1:8080/x");
    Span trace = tracer.traceBuilder("t").start();
    try (Scope scope = trace.makeCurrent()) {
      ClientSpan call = client.startHttp(Context.current(), "GET", uri);
      client.inject(call.context(), uri, request, Lines::add, Lines::removeAll);
      call.end(200, null);
    }
    trace.end();
    assertThat(request.values("x-galileo-trace-id")).containsExactly("set-by-hand");
    assertThat(request.lines).hasSize(1);
    assertThat(spans.one("GET 127.0.0.1/x").statusCode()).isEqualTo(200);
  }
}
