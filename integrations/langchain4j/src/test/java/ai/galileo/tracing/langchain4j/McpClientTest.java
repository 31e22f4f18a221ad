package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.openai.ToolCall;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import ai.galileo.tracing.testing.RecordingBackend;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpCallContext;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.protocol.McpCallToolRequest;
import dev.langchain4j.mcp.protocol.McpInitializationNotification;
import dev.langchain4j.mcp.protocol.McpListToolsRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LangChain4j's own MCP client (langchain4j-mcp, which implements MCP itself) calling a tool server
 * written with the official MCP Java SDK and traced by galileo-transport-mcp, over streamable HTTP
 * on loopback, from an AI Service whose model (the OpenAI fake) asks for the tool. Client and
 * server share one tracer, so one exporter sees both sides; the server learns its parent only from
 * {@code _meta} ({@link SpanData#remoteParent()}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class McpClientTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private FakeOpenAi openAi;

  interface Assistant {
    String chat(String question);
  }

  @BeforeEach
  void start() {
    openAi = FakeOpenAi.start();
    toClose.add(openAi);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private WeatherMcpServer server(Tracer tracer) throws Exception {
    WeatherMcpServer server = new WeatherMcpServer(tracer);
    toClose.add(server);
    return server;
  }

  private McpClient client(GalileoLangChain4jMcp mcp, WeatherMcpServer server) {
    McpClient client = mcp.configure(DefaultMcpClient.builder())
        .transport(StreamableHttpMcpTransport.builder().url(server.url()).build())
        .autoHealthCheck(false)
        .build();
    toClose.add(client);
    return client;
  }

  private Assistant assistant(McpToolProvider tools) {
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey())
        .modelName("gpt-4o-mini").maxRetries(0).build();
    return AiServices.builder(Assistant.class).chatModel(model).toolProvider(tools).build();
  }

  private String ask(Tracer tracer, Assistant assistant, Span[] root) {
    Span trace = tracer.traceBuilder("ask").start();
    root[0] = trace;
    try (Scope scope = trace.makeCurrent()) {
      return assistant.chat("What is the weather in Pisa?");
    } finally {
      trace.end();
    }
  }

  @Test
  void anAiServicesMcpToolIsOneToolSpanWithTheToolServersSpanAndItsWorkUnderIt() throws Exception {
    WeatherMcpServer server = server(tracing.tracer());
    McpClient client = client(GalileoLangChain4jMcp.create(), server);
    openAi.enqueue(
        Reply.toolCalls(ToolCall.of("call_1", "get_weather", "{\"city\":\"Pisa\"}")),
        Reply.text("It is sunny in Pisa."));
    Assistant assistant = assistant(McpToolProvider.builder().mcpClients(client).build());

    Span[] root = new Span[1];
    assertThat(ask(tracing.tracer(), assistant, root)).isEqualTo("It is sunny in Pisa.");

    SpanData invocation = only(s -> s.name().equals("Assistant.chat"));
    assertThat(invocation.type()).isEqualTo(SpanType.AGENT);
    assertThat(invocation.parentId()).isEqualTo(root[0].context().spanId());
    assertThat(tracing.spans(SpanType.LLM)).hasSize(2)
        .allSatisfy(llm -> assertThat(llm.parentId()).isEqualTo(invocation.spanId()));

    // One TOOL span for the one execution: the tool hook's, with the model's tool call id and the
    // MCP attributes; the MCP client opens none of its own inside it.
    List<SpanData> tools = tracing.spans(SpanType.TOOL);
    assertThat(tools).extracting(SpanData::name).containsExactly("get_weather");
    SpanData tool = tools.get(0);
    assertThat(tool.parentId()).isEqualTo(invocation.spanId());
    assertThat(tool.toolCallId()).isEqualTo("call_1");
    assertThat(tracing.toolSpan("call_1").spanId()).isEqualTo(tool.spanId());
    assertThat(tool.input()).isEqualTo(Content.text("{\"city\":\"Pisa\"}"));
    assertThat(tool.output()).isEqualTo(Content.text("Sunny in Pisa"));
    assertThat(tool.metadata())
        .containsEntry("mcp.method.name", "tools/call")
        .containsEntry("gen_ai.tool.name", "get_weather")
        .containsEntry("gen_ai.operation.name", "execute_tool")
        .containsKey("jsonrpc.request.id");

    SpanData serverSpan = await(s -> s.type() == SpanType.WORKFLOW && s.name().equals("tools/call get_weather"));
    assertThat(serverSpan.traceId()).isEqualTo(root[0].context().traceId());
    assertThat(serverSpan.parentId()).isEqualTo(tool.spanId());
    assertThat(serverSpan.remoteParent()).as("linked by _meta alone").isTrue();
    SpanData work = await(s -> s.name().equals(WeatherMcpServer.HANDLER_SPAN));
    assertThat(work.parentId()).isEqualTo(serverSpan.spanId());
    assertThat(tracing.traces()).hasSize(1);

    // On the wire: W3C under SEP-414's reserved keys, ours under ai.galileo/.
    Map<String, Object> meta = server.receivedMeta.get(0);
    assertThat((String) meta.get("traceparent"))
        .matches("00-" + root[0].context().traceId().toString().replace("-", "") + "-[0-9a-f]{16}-0[01]");
    assertThat(meta).containsEntry("ai.galileo/x-galileo-trace-id", root[0].context().traceId().toString())
        .containsEntry("ai.galileo/x-galileo-parent-id", tool.spanId().toString());
  }

  @Test
  void aRenamedMcpToolIsOneToolSpanUnderTheModelsNameWithTheServersNameInItsMetadata() throws Exception {
    WeatherMcpServer server = server(tracing.tracer());
    McpClient client = client(GalileoLangChain4jMcp.create(), server);
    openAi.enqueue(
        Reply.toolCalls(ToolCall.of("call_7", "weather_get_weather", "{\"city\":\"Lucca\"}")),
        Reply.text("Sunny."));
    Assistant assistant = assistant(McpToolProvider.builder().mcpClients(client)
        .toolNameMapper((c, spec) -> "weather_" + spec.name()).build());

    assertThat(ask(tracing.tracer(), assistant, new Span[1])).isEqualTo("Sunny.");

    List<SpanData> tools = tracing.spans(SpanType.TOOL);
    assertThat(tools).extracting(SpanData::name).containsExactly("weather_get_weather");
    assertThat(tools.get(0).toolCallId()).isEqualTo("call_7");
    assertThat(tools.get(0).metadata()).containsEntry("gen_ai.tool.name", "get_weather");
    SpanData serverSpan = await(s -> s.type() == SpanType.WORKFLOW && s.name().equals("tools/call get_weather"));
    assertThat(serverSpan.parentId()).isEqualTo(tools.get(0).spanId());
  }

  @Test
  void aToolAnsweringIsErrorIsAToolErrorOnBothSidesAndTheModelStillGetsTheText() throws Exception {
    WeatherMcpServer server = server(tracing.tracer());
    McpClient client = client(GalileoLangChain4jMcp.create(), server);
    openAi.enqueue(
        Reply.toolCalls(ToolCall.of("call_2", WeatherMcpServer.BROKEN, "{\"city\":\"Atlantis\"}")),
        Reply.text("No forecast."));
    Assistant assistant = assistant(McpToolProvider.builder().mcpClients(client).build());

    assertThat(ask(tracing.tracer(), assistant, new Span[1])).isEqualTo("No forecast.");

    List<SpanData> tools = tracing.spans(SpanType.TOOL);
    assertThat(tools).hasSize(1);
    assertThat(tools.get(0).name()).isEqualTo(WeatherMcpServer.BROKEN);
    // langchain4j-mcp throws for isError; the tool hook records that failure on its span.
    assertThat(tools.get(0).metadata()).containsKey("error.type")
        .containsEntry("gen_ai.tool.name", WeatherMcpServer.BROKEN);
    assertThat(tools.get(0).statusCode()).isEqualTo(500);
    SpanData serverSpan = await(s -> s.type() == SpanType.WORKFLOW && s.name().equals("tools/call broken_forecast"));
    assertThat(serverSpan.parentId()).isEqualTo(tools.get(0).spanId());
    assertThat(serverSpan.metadata()).containsEntry("error.type", "tool_error");
    assertThat(openAi.requests().get(1).body()).contains("No forecast for Atlantis");
  }

  @Test
  void theClientAloneMakesAToolSpanUnderTheCurrentSpanAndOutsideATraceCarriesNothing() throws Exception {
    WeatherMcpServer server = server(tracing.tracer());
    McpClient client = client(GalileoLangChain4jMcp.create(), server);
    ToolExecutionRequest request = ToolExecutionRequest.builder().id("x").name("get_weather")
        .arguments("{\"city\":\"Siena\"}").build();

    assertThat(client.executeTool(request).resultText()).isEqualTo("Sunny in Siena");
    assertThat(server.receivedMeta.get(0)).isEmpty();
    SpanData untraced = await(s -> s.name().equals("tools/call get_weather"));
    assertThat(untraced.type()).isEqualTo(SpanType.WORKFLOW);
    assertThat(untraced.remoteParent()).isFalse();

    Span mine = tracing.tracer().traceBuilder("mine").start();
    try (Scope scope = mine.makeCurrent()) {
      client.executeTool(request.toBuilder().arguments("{\"city\":\"Pisa\"}").build());
    }
    mine.end();
    SpanData tool = only(s -> s.type() == SpanType.TOOL);
    assertThat(tool.parentId()).isEqualTo(mine.context().spanId());
    assertThat(tool.toolCallId()).isNull();
    assertThat(server.receivedMeta.get(1)).containsKey("traceparent");
  }

  @Test
  void everyRequestAndNotificationGetsTheTraceInMetaKeepingItsOwnEntries() {
    GalileoLangChain4jMcp mcp = GalileoLangChain4jMcp.create();
    McpCallToolRequest call = new McpCallToolRequest(3L, "get_weather",
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(), "progress-3");
    Span mine = tracing.tracer().traceBuilder("mine").start();
    try (Scope scope = mine.makeCurrent()) {
      for (var message : List.of(new McpListToolsRequest(1L, null), new McpInitializationNotification(), call)) {
        Map<String, Object> meta = mcp.metaSupplier().apply(new McpCallContext(null, message));
        assertThat(meta).containsKeys("traceparent", "ai.galileo/x-galileo-trace-id");
      }
      Map<String, Object> withOwn = mcp.metaSupplier(ctx -> Map.of("tenant", "acme"))
          .apply(new McpCallContext(null, call));
      assertThat(withOwn).containsEntry("tenant", "acme").containsEntry("progressToken", "progress-3")
          .containsKey("traceparent");
      assertThat(mcp.metaSupplier().apply(null)).containsKey("traceparent");
    }
    mine.end();
    assertThat(mcp.metaSupplier().apply(new McpCallContext(null, new McpListToolsRequest(2L, null))))
        .as("outside a trace nothing is written").isNull();
  }

  @Test
  void distributedModeCompletesTheAgentsTraceOnlyOnceTheToolServersSpanIsIn() throws Exception {
    RecordingBackend backend = new RecordingBackend("agent");
    toClose.add(backend);
    Tracer tracer = backend.tracer();
    Tracer previous = Galileo.register(tracer); // the AI Service's listeners log with it
    toClose.add(() -> {
      if (previous == null) {
        Galileo.reset();
      } else {
        Galileo.register(previous);
      }
    });
    WeatherMcpServer server = server(tracer);
    McpClient client = client(GalileoLangChain4jMcp.create(), server);
    openAi.enqueue(
        Reply.toolCalls(ToolCall.of("call_3", "get_weather", "{\"city\":\"Pisa\"}")),
        Reply.text("It is sunny in Pisa."));
    Assistant assistant = assistant(McpToolProvider.builder().mcpClients(client).build());

    Span[] root = new Span[1];
    ask(tracer, assistant, root);
    backend.awaitCompleted(root[0].context().traceId());

    SpanData serverSpan = backend.finals("tools/call get_weather").stream()
        .filter(s -> s.type() == SpanType.WORKFLOW).findFirst().orElseThrow();
    assertThat(backend.finals("tools/call get_weather")).as("the server's span alone").hasSize(1);
    SpanData tool = backend.finals("get_weather").stream()
        .filter(s -> s.type() == SpanType.TOOL).findFirst().orElseThrow();
    assertThat(serverSpan.parentId()).isEqualTo(tool.spanId());
    assertThat(tool.toolCallId()).isEqualTo("call_3");
    assertThat(backend.lookedUp()).as("the span id came back in the result's _meta")
        .contains(serverSpan.spanId());
    assertThat(backend.finalIndex(serverSpan.spanId()))
        .isLessThan(backend.finalIndex(root[0].context().spanId()));
  }

  // ------------------------------------------------------------------ helpers

  private SpanData only(Predicate<SpanData> match) {
    List<SpanData> found = tracing.spans().stream().filter(match).collect(Collectors.toList());
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  /** The server ends its span as the answer goes back: wait a little for it. */
  private SpanData await(Predicate<SpanData> match) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    do {
      List<SpanData> found = tracing.spans().stream().filter(match).collect(Collectors.toList());
      if (!found.isEmpty()) {
        return found.get(0);
      }
      Thread.sleep(5);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no matching span among " + tracing.spans().stream()
        .map(s -> s.type() + " " + s.name()).collect(Collectors.toList()));
  }
}
