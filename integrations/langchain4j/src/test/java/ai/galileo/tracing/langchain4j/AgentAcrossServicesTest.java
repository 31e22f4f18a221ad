package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.galileoapifake.GalileoApiFake;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.openai.ToolCall;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
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
 * The scenario end to end, over real HTTP, through the real Galileo exporter into a fake
 * of Galileo's API that validates every body against Galileo's spec: an AI Service agent whose
 * {@code @Tool} calls a second service (its own HTTP server, its own tracer) through
 * {@link JdkHttpTracing}'s client. The tool owns that call, so the second service's spans land
 * under the TOOL span, in one trace, in batch and in distributed mode.
 */
class AgentAcrossServicesTest {
  private final GalileoApiFake galileo = GalileoApiFake.start();
  private final FakeOpenAi openAi = FakeOpenAi.start();
  private final List<SpanData> agentSpans = new CopyOnWriteArrayList<>();
  private final List<SpanData> weatherSpans = new CopyOnWriteArrayList<>();
  private final ExecutorService serverThreads = Executors.newFixedThreadPool(2);
  private HttpServer weatherServer;
  private GalileoTracer agentTracer;
  private GalileoTracer weatherTracer;

  interface Assistant {
    String chat(String question);
  }

  /** The agent's tool: asks the weather service over HTTP, through the traced client. */
  static final class WeatherTools {
    private final HttpClient http;
    private final URI service;

    WeatherTools(HttpClient http, URI service) {
      this.http = http;
      this.service = service;
    }

    @Tool("The current weather in a city")
    String getWeather(@P(name = "city", description = "the city, such as Pisa") String city) {
      URI uri = service.resolve("/weather?city=" + URLEncoder.encode(city, StandardCharsets.UTF_8));
      try {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private GalileoTracer tracer(Mode mode, String service, List<SpanData> capture) {
    GalileoTracer.Builder b = GalileoTracer.builder()
        .config(GalileoConfig.builder()
            .mode(mode)
            .apiUrl(URI.create(galileo.baseUrl()))
            .apiKey(galileo.apiKey())
            .project("agents")
            .logStream("weather-agent")
            .serviceName(service)
            .set("GALILEO_EXPORT_DELAY_MS", "20")
            .set("GALILEO_RETRY_INITIAL_BACKOFF_MS", "50")
            .set("GALILEO_RETRY_MAX_ELAPSED_MS", "15000")
            .build())
        .shutdownHook(false);
    if (capture != null) {
      b.addSpanProcessor(new Capture(capture));
    }
    return b.build();
  }

  private URI startWeatherService() throws IOException {
    JdkHttpTracing http = JdkHttpTracing.create(weatherTracer);
    weatherServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    weatherServer.setExecutor(serverThreads);
    weatherServer.createContext("/weather", exchange -> {
      // The second service's own work, under its server span.
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
    openAi.close();
    galileo.close();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theToolOwnsItsCallToAnotherServiceAndTheTreeIsExactInGalileo(Mode mode) throws Exception {
    agentTracer = tracer(mode, "weather-agent", agentSpans);
    weatherTracer = tracer(mode, "weather-service", weatherSpans);
    Galileo.register(agentTracer); // AI Services are traced with the global tracer
    URI weather = startWeatherService();
    openAi.enqueue(
        Reply.toolCalls(ToolCall.of("call_w1", "getWeather", "{\"city\":\"Pisa\"}")).usage(40, 9),
        Reply.text("It is sunny in Pisa, 24 C.").usage(60, 8));
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey())
            .modelName("gpt-4o-mini").maxRetries(0).build())
        .tools(new WeatherTools(JdkHttpTracing.create(agentTracer).client(HttpClient.newHttpClient()), weather))
        .build();

    Span trace = agentTracer.traceBuilder("ask about the weather").start();
    String answer;
    try (Scope scope = trace.makeCurrent()) {
      answer = assistant.chat("What is the weather in Pisa?");
    }
    // The server's span ends once its handler returns, which may be after the client has the answer.
    // In batch mode the second service must deliver before the caller's trace is posted complete;
    // in distributed mode the caller holds the completion until the server's span is in Galileo.
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

    // The tree, as Galileo received it: exactly these spans, each under the right parent.
    UUID traceId = trace.context().traceId();
    assertThat(galileo.tracesById()).containsOnlyKeys(traceId);
    Map<UUID, ObjectNode> spans = galileo.spansById();
    assertThat(spans.values()).extracting(s -> s.path("type").asText() + " " + s.path("name").asText())
        .containsExactlyInAnyOrder("agent Assistant.chat", "llm chat gpt-4o-mini", "llm chat gpt-4o-mini",
            "tool getWeather", "workflow GET /weather", "retriever forecast lookup");
    assertThat(spans.values()).allSatisfy(s -> assertThat(s.path("trace_id").asText()).isEqualTo(traceId.toString()));
    ObjectNode agent = named(spans, "Assistant.chat").get(0);
    List<ObjectNode> llm = named(spans, "chat gpt-4o-mini");
    ObjectNode tool = named(spans, "getWeather").get(0);
    ObjectNode server = named(spans, "GET /weather").get(0);
    ObjectNode lookup = named(spans, "forecast lookup").get(0);
    assertThat(parent(agent)).isEqualTo(traceId.toString());
    assertThat(llm).allSatisfy(s -> assertThat(parent(s)).isEqualTo(id(agent)));
    assertThat(parent(tool)).isEqualTo(id(agent));
    assertThat(parent(server)).isEqualTo(id(tool));
    assertThat(parent(lookup)).isEqualTo(id(server));
    assertThat(tool.path("input").asText()).isEqualTo("{\"city\":\"Pisa\"}");
    assertThat(tool.path("output").asText()).isEqualTo("Sunny, 24 C");
    assertThat(server.path("user_metadata").path("service.name").asText()).isEqualTo("weather-service");
    // In order: the model asked for the tool, the tool ran (and called the service), the model answered.
    List<ObjectNode> steps = List.of(llm.get(0), tool, llm.get(1));
    assertThat(steps).isSortedAccordingTo(Comparator.comparing(s -> s.path("created_at").asText()));
    // The fields Galileo's agent views read, as Galileo received them.
    assertThat(agent.path("agent_type").asText()).isEqualTo("react");
    assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_w1");
    assertThat(llm).extracting(s -> s.path("finish_reason").asText()).containsExactly("tool_calls", "stop");
    assertThat(llm).allSatisfy(s -> {
      assertThat(s.path("tools")).hasSize(1);
      assertThat(s.path("tools").get(0).path("type").asText()).isEqualTo("function");
      assertThat(s.path("tools").get(0).path("function").path("name").asText()).isEqualTo("getWeather");
      assertThat(s.path("tools").get(0).path("function").path("parameters").path("required").get(0).asText())
          .isEqualTo("city");
    });
    assertThat(llm.get(0).path("output").path("tool_calls").get(0).path("id").asText()).isEqualTo("call_w1");

    // What each span carries, as the agent's tracer recorded it.
    SpanData agentData = recorded("Assistant.chat").get(0);
    assertThat(agentData.type()).isEqualTo(SpanType.AGENT);
    assertThat(agentData.agentType()).isEqualTo(AgentType.REACT);
    assertThat(agentData.output()).isEqualTo(Content.text("It is sunny in Pisa, 24 C."));
    List<SpanData> llmData = recorded("chat gpt-4o-mini");
    assertThat(llmData).hasSize(2);
    assertThat(llmData.get(0).llm().finishReason()).isEqualTo("tool_calls");
    assertThat(llmData.get(0).llm().tools()).containsExactly(ToolDefinition.of("getWeather",
        "The current weather in a city",
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"the city, such as Pisa\"}},"
            + "\"required\":[\"city\"]}"));
    assertThat(llmData.get(1).llm().finishReason()).isEqualTo("stop");
    assertThat(llmData.get(1).llm().tools()).hasSize(1);
    SpanData toolData = recorded("getWeather").get(0);
    assertThat(toolData.toolCallId()).isEqualTo("call_w1");
    assertThat(toolData.spanId().toString()).isEqualTo(id(tool));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anAgenticSequenceArrivesAsNestedAgentSpansWithTheirSteps(Mode mode) {
    agentTracer = tracer(mode, "story-agents", agentSpans);
    Galileo.register(agentTracer);
    openAi.enqueue(Reply.text("Galileo saw the moons of Jupiter."),
        Reply.toolCalls(ToolCall.of("call_f", "formal", "{\"word\":\"saw\"}")),
        Reply.text("Galileo observed the moons of Jupiter."));
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey())
        .modelName("gpt-4o-mini").maxRetries(0).build();
    UntypedAgent novel = AgenticServices.sequenceBuilder().name("novel")
        .subAgents(
            AgenticServices.agentBuilder(AgenticTest.Writer.class).chatModel(model).outputKey("story").build(),
            AgenticServices.agentBuilder(AgenticTest.Editor.class).chatModel(model)
                .tools(new AgenticTest.Thesaurus()).outputKey("story").build())
        .outputKey("story").listener(GalileoAgentic.listener()).build();

    Span trace = agentTracer.traceBuilder("write a story").start();
    Object story;
    try (Scope scope = trace.makeCurrent()) {
      story = novel.invoke(Map.of("topic", "the moons of Jupiter"));
    }
    trace.end();
    DeliveryReceipt receipt = agentTracer.shutdown(Duration.ofSeconds(15));

    assertThat(story).isEqualTo("Galileo observed the moons of Jupiter.");
    assertThat(receipt.failed()).isZero();
    galileo.assertNoViolations();
    Map<UUID, ObjectNode> spans = galileo.spansById();
    assertThat(spans.values()).extracting(s -> s.path("type").asText() + " " + s.path("name").asText())
        .containsExactlyInAnyOrder("agent novel", "agent write", "agent edit", "llm chat gpt-4o-mini",
            "llm chat gpt-4o-mini", "tool formal", "llm chat gpt-4o-mini");
    ObjectNode sequence = named(spans, "novel").get(0);
    assertThat(parent(sequence)).isEqualTo(trace.context().traceId().toString());
    assertThat(parent(named(spans, "write").get(0))).isEqualTo(id(sequence));
    ObjectNode edit = named(spans, "edit").get(0);
    assertThat(parent(edit)).isEqualTo(id(sequence));
    assertThat(parent(named(spans, "formal").get(0))).isEqualTo(id(edit));
    assertThat(recorded("novel").get(0).agentType()).isEqualTo(AgentType.PLANNER);
    assertThat(recorded("edit").get(0).agentType()).isEqualTo(AgentType.REACT);
    assertThat(recorded("write").get(0).agentType()).isEqualTo(AgentType.DEFAULT);
  }

  private static void awaitEnded(List<SpanData> spans, String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (spans.stream().noneMatch(s -> s.name().equals(name)) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private List<SpanData> recorded(String name) {
    return agentSpans.stream().filter(s -> s.name().equals(name))
        .sorted(Comparator.comparingLong(SpanData::startEpochNanos)).toList();
  }

  /** Keeps each span as it ends, beside the real exporter, to read what the span carried. */
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
