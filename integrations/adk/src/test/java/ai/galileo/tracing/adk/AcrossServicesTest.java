package ai.galileo.tracing.adk;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.galileoapifake.GalileoApiFake;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.adk.agents.LlmAgent;
import com.google.adk.tools.Annotations.Schema;
import com.google.adk.tools.FunctionTool;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scenario end to end: an ADK agent, on ADK's real Runner, whose tool calls a second
 * service (its own HTTP server on loopback, its own tracer) through {@link JdkHttpTracing}'s
 * client. The TOOL span is current while the tool runs, so the service's spans land under it, in
 * one trace, exported by the real exporter to the fake of Galileo's API (which checks every body
 * against Galileo's spec and the completion rule), in batch and in distributed mode.
 */
class AcrossServicesTest {
  private final GalileoApiFake galileo = GalileoApiFake.start();
  private final List<SpanData> agentSpans = new CopyOnWriteArrayList<>();
  private final List<SpanData> weatherSpans = new CopyOnWriteArrayList<>();
  private final ExecutorService serverThreads = Executors.newFixedThreadPool(2);
  private HttpServer weatherServer;
  private GalileoTracer agentTracer;
  private GalileoTracer weatherTracer;

  /** The agent's tool: asks the weather service over HTTP, through the traced client. */
  public static final class WeatherTools {
    private final HttpClient http;
    private final URI service;

    WeatherTools(HttpClient http, URI service) {
      this.http = http;
      this.service = service;
    }

    public Map<String, Object> getWeather(@Schema(name = "city", description = "the city, such as Pisa") String city) {
      URI uri = service.resolve("/weather?city=" + URLEncoder.encode(city, StandardCharsets.UTF_8));
      try {
        return Map.of("forecast", http.send(HttpRequest.newBuilder(uri).GET().build(),
            HttpResponse.BodyHandlers.ofString()).body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private GalileoTracer tracer(Mode mode, String service, List<SpanData> capture) {
    return GalileoTracer.builder()
        .config(GalileoConfig.builder()
            .mode(mode)
            .apiUrl(URI.create(galileo.baseUrl()))
            .apiKey(galileo.apiKey())
            .project("agents")
            .logStream("adk-weather")
            .serviceName(service)
            .set("GALILEO_EXPORT_DELAY_MS", "20")
            .set("GALILEO_RETRY_INITIAL_BACKOFF_MS", "50")
            .set("GALILEO_RETRY_MAX_ELAPSED_MS", "15000")
            .build())
        .shutdownHook(false)
        .addSpanProcessor(new Capture(capture))
        .build();
  }

  private URI startWeatherService() throws IOException {
    JdkHttpTracing http = JdkHttpTracing.create(weatherTracer);
    weatherServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    weatherServer.setExecutor(serverThreads);
    weatherServer.createContext("/weather", exchange -> {
      Span lookup = weatherTracer.spanBuilder("forecast lookup", SpanType.RETRIEVER)
          .setInput(exchange.getRequestURI().getQuery()).start();
      lookup.end("Pisa: sunny, 24 C");
      byte[] body = "Sunny, 24 C".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }).getFilters().add(http.serverFilter());
    weatherServer.start();
    return URI.create("http://127.0.0.1:" + weatherServer.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    Galileo.reset();
    if (weatherServer != null) {
      weatherServer.stop(0);
    }
    serverThreads.shutdownNow();
    galileo.close();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theToolOwnsItsCallToAnotherServiceAndTheTreeIsExactInGalileo(Mode mode) throws Exception {
    agentTracer = tracer(mode, "adk-agent", agentSpans);
    weatherTracer = tracer(mode, "weather-service", weatherSpans);
    URI weather = startWeatherService();
    ScriptedLlm model = new ScriptedLlm("gemini-test",
        ScriptedLlm.call("call_w1", "getWeather", Map.of("city", "Pisa"), 40, 9),
        ScriptedLlm.text("It is sunny in Pisa, 24 C.", 60, 8));
    WeatherTools tools = new WeatherTools(JdkHttpTracing.create(agentTracer).client(HttpClient.newHttpClient()), weather);
    LlmAgent agent = LlmAgent.builder().name("assistant").model(model)
        .tools(FunctionTool.create(tools, "getWeather")).build();
    Adk adk = new Adk(agent, GalileoAdk.plugin(agentTracer));

    Span trace = agentTracer.traceBuilder("ask about the weather").start();
    String answer;
    try (Scope scope = trace.makeCurrent()) {
      answer = adk.ask("What is the weather in Pisa?");
    }
    // The server's span ends once its handler returns, which may be after the client has the answer.
    awaitEnded(weatherSpans, "GET /weather");
    DeliveryReceipt weatherReceipt = null;
    if (mode == Mode.BATCH) {
      weatherReceipt = weatherTracer.shutdown(Duration.ofSeconds(15));
    }
    trace.end(answer);
    if (mode == Mode.DISTRIBUTED) {
      weatherReceipt = weatherTracer.shutdown(Duration.ofSeconds(15));
    }
    DeliveryReceipt agentReceipt = agentTracer.shutdown(Duration.ofSeconds(15));

    assertThat(answer).isEqualTo("It is sunny in Pisa, 24 C.");
    assertThat(weatherReceipt.failed()).isZero();
    assertThat(agentReceipt.failed()).isZero();
    assertThat(agentReceipt.completed()).isTrue();
    galileo.assertNoViolations();

    UUID traceId = trace.context().traceId();
    assertThat(galileo.tracesById()).containsOnlyKeys(traceId);
    Map<UUID, ObjectNode> spans = galileo.spansById();
    assertThat(spans.values()).extracting(s -> s.path("type").asText() + " " + s.path("name").asText())
        .containsExactlyInAnyOrder("agent assistant", "llm generate_content gemini-test",
            "llm generate_content gemini-test", "tool getWeather", "workflow GET /weather",
            "retriever forecast lookup");
    ObjectNode agentSpan = named(spans, "assistant").get(0);
    List<ObjectNode> llm = named(spans, "generate_content gemini-test");
    ObjectNode tool = named(spans, "getWeather").get(0);
    ObjectNode server = named(spans, "GET /weather").get(0);
    ObjectNode lookup = named(spans, "forecast lookup").get(0);
    assertThat(parent(agentSpan)).isEqualTo(traceId.toString());
    assertThat(llm).allSatisfy(s -> assertThat(parent(s)).isEqualTo(id(agentSpan)));
    assertThat(parent(tool)).isEqualTo(id(agentSpan));
    assertThat(parent(server)).isEqualTo(id(tool));
    assertThat(parent(lookup)).isEqualTo(id(server));
    assertThat(agentSpan.path("agent_type").asText()).isEqualTo("react");
    assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_w1");
    assertThat(tool.path("input").asText()).isEqualTo("{\"city\":\"Pisa\"}");
    assertThat(tool.path("output").asText()).isEqualTo("{\"forecast\":\"Sunny, 24 C\"}");
    assertThat(llm).allSatisfy(s -> {
      assertThat(s.path("tools")).hasSize(1);
      assertThat(s.path("tools").get(0).path("function").path("name").asText()).isEqualTo("getWeather");
    });
    assertThat(llm.get(0).path("output").path("tool_calls").get(0).path("id").asText()).isEqualTo("call_w1");
    List<ObjectNode> steps = List.of(llm.get(0), tool, llm.get(1));
    assertThat(steps).isSortedAccordingTo(Comparator.comparing(s -> s.path("created_at").asText()));
  }

  private static void awaitEnded(List<SpanData> spans, String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (spans.stream().noneMatch(s -> s.name().equals(name)) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  /** Keeps each span as it ends, beside the real exporter. */
  private record Capture(List<SpanData> ended) implements SpanProcessor {
    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onStart(SpanData span) {}

    @Override
    public void onEnd(SpanData span) {
      ended.add(span);
    }
  }

  private static List<ObjectNode> named(Map<UUID, ObjectNode> spans, String name) {
    return spans.values().stream().filter(s -> s.path("name").asText().equals(name))
        .sorted(Comparator.comparing(s -> s.path("created_at").asText())).toList();
  }

  private static String id(ObjectNode span) {
    return span.path("id").asText();
  }

  private static String parent(ObjectNode span) {
    return span.path("parent_id").asText();
  }
}
