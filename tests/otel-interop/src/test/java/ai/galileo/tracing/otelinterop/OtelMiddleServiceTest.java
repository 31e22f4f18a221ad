package ai.galileo.tracing.otelinterop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.console.GalileoConsole;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our orchestrator calls a middle service that runs the real OpenTelemetry Java SDK alone (W3C
 * Trace Context, OTLP/HTTP export to the console's {@code /v1/traces}), which calls our retrieval
 * service. All three send to one console on loopback, and it shows ONE trace:
 *
 * <pre>
 * answer question                         orchestrator (Galileo API)
 *   call middle                           orchestrator
 *     POST 127.0.0.1/middle (client span) orchestrator
 *       POST /middle (SERVER)             middle (OTLP)
 *         POST /retrieve (CLIENT)         middle (OTLP)
 *           POST /retrieve                retrieval-service (Galileo API)
 *             search knowledge base       retrieval-service
 * </pre>
 *
 * <p>Our orchestrator's client span travels as a traceparent alone (its UUID follows from the
 * W3C ids), and the middle service sends a parent-id of its own: our retrieval service must parent
 * under the OpenTelemetry client span, whose UUID the console and our propagator derive alike from
 * its span id, not under the orchestrator's span. (A stale {@code galileo} member passed on by such
 * a service is covered by galileo-core's W3C propagator tests.)
 */
class OtelMiddleServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TextMapGetter<HttpExchange> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(HttpExchange carrier) {
      return carrier.getRequestHeaders().keySet();
    }

    @Override
    public String get(HttpExchange carrier, String key) {
      return carrier == null ? null : carrier.getRequestHeaders().getFirst(key);
    }
  };

  private GalileoConsole console;
  private GalileoTracer orchestrator;
  private GalileoTracer retrieval;
  private SdkTracerProvider otel;
  private HttpServer middleServer;
  private HttpServer retrievalServer;
  private final Map<String, String> retrievalSaw = new HashMap<>();
  /**
   * Whether the middle service's span ids have the top bits {@code 10} of a UUID's low half
   * (mapped to a derived UUID) or {@code 00} (mapped to the readable layout): the two branches of
   * the shared parent-id mapping, each exercised on every run rather than by chance.
   */
  private volatile boolean uuidLowHalfShaped;

  @BeforeEach
  void start() throws IOException {
    console = GalileoConsole.builder().host("127.0.0.1").port(0).database(":memory:").start();
    orchestrator = galileoService("orchestrator");
    retrieval = galileoService("retrieval-service");

    // Our retrieval service: the JDK HttpServer filter continues the caller's trace.
    retrievalServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    retrievalServer.createContext("/retrieve", exchange -> {
      retrievalSaw.put("traceparent", exchange.getRequestHeaders().getFirst("traceparent"));
      retrievalSaw.put("tracestate", exchange.getRequestHeaders().getFirst("tracestate"));
      retrieval.spanBuilder("search knowledge base", SpanType.RETRIEVER)
          .setInput(Content.text("Galileo")).start().setOutput(Content.text("He studied motion.")).end();
      respond(exchange, "He studied motion.");
    }).getFilters().add(JdkHttpTracing.create(retrieval).serverFilter());
    retrievalServer.start();
    URI retrieveUri = URI.create("http://127.0.0.1:" + retrievalServer.getAddress().getPort() + "/retrieve");

    // The middle service: OpenTelemetry SDK only, instrumented by hand with the OTel API.
    IdGenerator ids = new IdGenerator() {
      @Override
      public String generateSpanId() {
        long bits = ThreadLocalRandom.current().nextLong() & 0x3fff_ffff_ffff_ffffL;
        return String.format("%016x", uuidLowHalfShaped ? bits | 0x8000_0000_0000_0000L : bits | 1);
      }

      @Override
      public String generateTraceId() {
        return IdGenerator.random().generateTraceId();
      }
    };
    otel = SdkTracerProvider.builder()
        .setIdGenerator(ids)
        .setResource(Resource.getDefault().merge(Resource.create(
            io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("service.name"), "middle"))))
        .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
            .setEndpoint(console.url().resolve("/v1/traces").toString())
            .setTimeout(Duration.ofSeconds(10))
            .build()))
        .build();
    Tracer tracer = otel.get("middle-service");
    W3CTraceContextPropagator w3c = W3CTraceContextPropagator.getInstance();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    middleServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    middleServer.createContext("/middle", exchange -> {
      Context extracted = w3c.extract(Context.root(), exchange, HEADERS);
      io.opentelemetry.api.trace.Span server = tracer.spanBuilder("POST /middle")
          .setParent(extracted).setSpanKind(SpanKind.SERVER)
          .setAttribute("http.request.method", "POST").startSpan();
      String answer;
      try (io.opentelemetry.context.Scope s = server.makeCurrent()) {
        io.opentelemetry.api.trace.Span call = tracer.spanBuilder("POST /retrieve")
            .setSpanKind(SpanKind.CLIENT).startSpan();
        try (io.opentelemetry.context.Scope c = call.makeCurrent()) {
          HttpRequest.Builder request = HttpRequest.newBuilder(retrieveUri)
              .POST(HttpRequest.BodyPublishers.ofString("Galileo"));
          w3c.inject(Context.current(), request, HttpRequest.Builder::header);
          answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
          call.setAttribute("http.response.status_code", 200L);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          call.setStatus(StatusCode.ERROR, e.toString());
          answer = "";
        } finally {
          call.end();
        }
      } finally {
        server.end();
      }
      // Its spans are exported before it answers: then the orchestrator cannot complete the
      // trace before they arrive (they would be late, as Galileo counts them).
      otel.forceFlush().join(10, TimeUnit.SECONDS);
      respond(exchange, answer);
    });
    middleServer.start();
  }

  private GalileoTracer galileoService(String name) {
    return GalileoTracer.builder()
        .config(GalileoConfig.builder()
            .mode(Mode.DISTRIBUTED)
            .apiUrl(console.url())
            .project("otel-interop")
            .logStream("default")
            .serviceName(name)
            .set("GALILEO_EXPORT_DELAY_MS", "20")
            .build())
        .shutdownHook(false)
        .build();
  }

  private static void respond(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @AfterEach
  void stop() {
    for (HttpServer s : new HttpServer[] {middleServer, retrievalServer}) {
      if (s != null) {
        s.stop(0);
      }
    }
    if (otel != null) {
      otel.shutdown().join(10, TimeUnit.SECONDS);
    }
    if (orchestrator != null) {
      orchestrator.shutdown(Duration.ofSeconds(5));
    }
    if (retrieval != null) {
      retrieval.shutdown(Duration.ofSeconds(5));
    }
    if (console != null) {
      console.close();
    }
  }

  @ParameterizedTest(name = "middle span ids shaped like a UUID''s low half: {0}")
  @ValueSource(booleans = {true, false})
  void oneTraceInTheConsoleWithTheOpenTelemetryServiceBetweenOurs(boolean uuidLowHalfShaped)
      throws Exception {
    this.uuidLowHalfShaped = uuidLowHalfShaped;
    HttpClient client = JdkHttpTracing.builder(orchestrator).clientSpans(true).build()
        .client(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    URI middle = URI.create("http://127.0.0.1:" + middleServer.getAddress().getPort() + "/middle");

    Span trace = orchestrator.traceBuilder("answer question").setInput(Content.text("What?")).start();
    UUID traceId = trace.context().traceId();
    UUID callId;
    String answer;
    try (Scope t = trace.makeCurrent()) {
      Span call = orchestrator.spanBuilder("call middle", SpanType.WORKFLOW).start();
      callId = call.context().spanId();
      try (Scope c = call.makeCurrent()) {
        answer = client.send(HttpRequest.newBuilder(middle).POST(HttpRequest.BodyPublishers.ofString("What?"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
      }
      call.end();
    }
    trace.setOutput(Content.text(answer)).end();
    assertThat(answer).isEqualTo("He studied motion.");
    DeliveryReceipt r = retrieval.shutdown(Duration.ofSeconds(10));
    DeliveryReceipt o = orchestrator.shutdown(Duration.ofSeconds(10));
    assertThat(r.failed() + r.dropped()).as(r.toString()).isZero();
    assertThat(o.failed() + o.dropped()).as(o.toString()).isZero();

    // Our client span is named by its traceparent alone: no tracestate came to the middle
    // service, and none went on; the middle service wrote its own parent-id.
    assertThat(retrievalSaw.get("tracestate")).isNull();
    String otelClientSpanId = retrievalSaw.get("traceparent").split("-")[2];
    assertThat(Character.digit(otelClientSpanId.charAt(0), 16) >= 8).isEqualTo(uuidLowHalfShaped);

    JsonNode detail = JSON.readTree(HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(console.url().resolve("/api/traces/" + traceId)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    assertThat(detail.path("trace").path("name").asText()).isEqualTo("answer question");
    assertThat(detail.path("trace").path("late_span_count").asInt()).isZero();
    assertThat(detail.path("trace").path("services")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("middle", "orchestrator", "retrieval-service");
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode s : detail.path("spans")) {
      String key = s.path("name").asText() + " [" + s.path("service_name").asText() + "]";
      assertThat(byName.put(key, s)).as("one span named " + key).isNull();
    }
    assertThat(byName).containsOnlyKeys("call middle [orchestrator]", "POST 127.0.0.1/middle [orchestrator]",
        "POST /middle [middle]", "POST /retrieve [middle]", "POST /retrieve [retrieval-service]",
        "search knowledge base [retrieval-service]");

    JsonNode clientCall = byName.get("POST 127.0.0.1/middle [orchestrator]");
    assertThat(parent(byName.get("call middle [orchestrator]"))).isEqualTo(traceId.toString());
    assertThat(parent(clientCall)).isEqualTo(callId.toString());
    JsonNode otelServer = byName.get("POST /middle [middle]");
    assertThat(parent(otelServer)).isEqualTo(id(clientCall));
    assertThat(otelServer.path("record").path("user_metadata").path("otel.span.kind").asText()).isEqualTo("server");
    JsonNode otelClient = byName.get("POST /retrieve [middle]");
    assertThat(parent(otelClient)).isEqualTo(id(otelServer));
    assertThat(otelClient.path("record").path("user_metadata").path("otel.span_id").asText())
        .isEqualTo(otelClientSpanId);
    JsonNode ourServer = byName.get("POST /retrieve [retrieval-service]");
    assertThat(parent(ourServer)).as("our server span parents under the OpenTelemetry client span")
        .isEqualTo(id(otelClient));
    assertThat(parent(byName.get("search knowledge base [retrieval-service]"))).isEqualTo(id(ourServer));
    for (String name : List.of("POST /middle [middle]", "POST /retrieve [middle]")) {
      assertThat(byName.get(name).path("trace_id").asText()).isEqualTo(traceId.toString());
    }
  }

  private static String parent(JsonNode span) {
    return span.path("parent_id").asText();
  }

  private static String id(JsonNode span) {
    return span.path("id").asText();
  }
}
