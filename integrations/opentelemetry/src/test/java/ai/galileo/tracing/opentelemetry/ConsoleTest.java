package ai.galileo.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.console.GalileoConsole;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end through galileo-core's Galileo exporter into the local console (Galileo's ingest API
 * on loopback): an OpenTelemetry root with a Galileo LLM span in it and an OpenTelemetry retrieval
 * span in that arrives as one trace, every span under its parent, in both modes.
 */
class ConsoleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient PLAIN = HttpClient.newHttpClient();
  private GalileoConsole console;

  @BeforeEach
  void start() throws Exception {
    console = GalileoConsole.builder().host("127.0.0.1").port(0).database(":memory:").start();
  }

  @AfterEach
  void stop() {
    console.close();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anOpenTelemetryRootWithGalileoAndOpenTelemetrySpansInsideIsOneTraceInTheConsole(Mode mode)
      throws Exception {
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().mode(mode).apiUrl(console.url()).project("otel-bridge")
            .logStream("test").serviceName("rag-service").build())
        .shutdownHook(false)
        .build();
    GalileoOpenTelemetry bridge = GalileoOpenTelemetry.create(tracer);
    UUID traceId;
    try (SdkTracerProvider provider = bridge.configure(SdkTracerProvider.builder()).build()) {
      Tracer otel = provider.get("test");
      io.opentelemetry.api.trace.Span request = otel.spanBuilder("GET /answer").startSpan();
      try (io.opentelemetry.context.Scope r = request.makeCurrent()) {
        Span answer = tracer.spanBuilder("answer", SpanType.LLM).setModel("local-model").start();
        try (Scope a = answer.makeCurrent()) {
          otel.spanBuilder("vector search")
              .setAttribute("openinference.span.kind", "RETRIEVER")
              .setAttribute("input.value", "Galileo")
              .setAttribute("retrieval.documents.0.document.content", "Galileo taught at Padua.")
              .startSpan().end();
        } finally {
          answer.end("Padua.");
        }
      } finally {
        request.end();
      }
      traceId = Otel.traceUuid(request.getSpanContext().getTraceId());
    }
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(10));
    assertThat(receipt.completed()).as("%s", receipt).isTrue();
    assertThat(receipt.failed() + receipt.dropped()).as("%s", receipt).isZero();
    assertThat(bridge.spansNotExported()).isZero();

    assertThat(traceIds()).containsExactly(traceId.toString());
    JsonNode detail = get("/api/traces/" + traceId);
    assertThat(detail.path("trace").path("name").asText()).isEqualTo("GET /answer");
    Map<String, JsonNode> spans = new LinkedHashMap<>();
    detail.path("spans").forEach(s -> spans.put(s.path("name").asText(), s));
    assertThat(spans).containsOnlyKeys("GET /answer", "answer", "vector search");
    JsonNode request = spans.get("GET /answer");
    JsonNode answer = spans.get("answer");
    JsonNode search = spans.get("vector search");
    assertThat(request.path("parent_id").asText()).isEqualTo(traceId.toString());
    assertThat(answer.path("parent_id").asText()).isEqualTo(request.path("id").asText());
    assertThat(search.path("parent_id").asText()).isEqualTo(answer.path("id").asText());
    assertThat(answer.path("type").asText()).isEqualTo("llm");
    assertThat(search.path("type").asText()).isEqualTo("retriever");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aGalileoTraceWithOpenTelemetrySpansInsideIsOneTraceInTheConsole(Mode mode) throws Exception {
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().mode(mode).apiUrl(console.url()).project("otel-bridge")
            .logStream("test").serviceName("orchestrator").build())
        .shutdownHook(false)
        .build();
    GalileoOpenTelemetry bridge = GalileoOpenTelemetry.create(tracer);
    Span trace = tracer.traceBuilder("answer question").start();
    try (SdkTracerProvider provider = bridge.configure(SdkTracerProvider.builder()).build();
        Scope t = trace.makeCurrent()) {
      io.opentelemetry.api.trace.Span db = provider.get("test").spanBuilder("SELECT documents").startSpan();
      try (io.opentelemetry.context.Scope d = db.makeCurrent()) {
        tracer.spanBuilder("rank", SpanType.TOOL).start().end();
      } finally {
        db.end();
      }
    } finally {
      trace.end();
    }
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(10));
    assertThat(receipt.completed()).as("%s", receipt).isTrue();
    assertThat(receipt.failed() + receipt.dropped()).as("%s", receipt).isZero();

    UUID traceId = trace.context().traceId();
    assertThat(traceIds()).containsExactly(traceId.toString());
    Map<String, JsonNode> spans = new LinkedHashMap<>();
    get("/api/traces/" + traceId).path("spans").forEach(s -> spans.put(s.path("name").asText(), s));
    assertThat(spans).containsOnlyKeys("SELECT documents", "rank");
    assertThat(spans.get("SELECT documents").path("parent_id").asText()).isEqualTo(traceId.toString());
    assertThat(spans.get("rank").path("parent_id").asText())
        .isEqualTo(spans.get("SELECT documents").path("id").asText());
  }

  private List<String> traceIds() throws Exception {
    List<String> ids = new ArrayList<>();
    get("/api/traces").path("traces").forEach(t -> ids.add(t.path("id").asText()));
    return ids;
  }

  private JsonNode get(String path) throws Exception {
    URI uri = console.url().resolve(path);
    HttpResponse<String> r = PLAIN.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", uri, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
