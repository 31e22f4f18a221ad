package ai.galileo.tracing.springai;

import static ai.galileo.tracing.springai.SpringAiApp.SPRING_AI_2;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.openai.ToolCall;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import ai.galileo.tracing.testing.RecordingBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring AI's MCP client and server, as their Spring Boot starters set them up, traced by
 * galileo-spring-boot-starter's MCP auto-configuration with galileo-transport-mcp: a tool server
 * (Spring AI's MCP server on Spring MVC, streamable HTTP, its tool a {@code @Tool} method) and an
 * agent whose ChatClient is given the MCP client's tool callbacks and whose model (the OpenAI fake)
 * asks for the tool. Both applications run in this JVM with the test's tracer, so one exporter sees
 * both sides; the server learns its parent only from {@code _meta}. The same test runs on Spring AI
 * 1.1 (the MCP Java SDK 0.17) and, in tests/spring-ai-2, on Spring AI 2.0 (the SDK 2.0).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class McpTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  /** The tracer both applications use: a test's, handed to Spring as the GalileoTracer bean. */
  static volatile GalileoTracer appTracer;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private FakeOpenAi openAi;

  @Configuration(proxyBeanMethods = false)
  static class TestTracer {
    @Bean(destroyMethod = "")
    GalileoTracer galileoTracer() {
      return appTracer;
    }
  }

  /** The tool server's tool: Spring AI turns it into an MCP tool. */
  static final class Weather {
    @Tool(name = "get_weather", description = "Tells the weather in a city")
    String getWeather(String city) {
      Span lookup = appTracer.spanBuilder("lookup forecast", SpanType.WORKFLOW).setInput(city).start();
      try {
        return "Sunny in " + city;
      } finally {
        lookup.end();
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ToolServer {
    @Bean
    ToolCallbackProvider weatherTools() {
      return MethodToolCallbackProvider.builder().toolObjects(new Weather()).build();
    }
  }

  @BeforeEach
  void start() {
    openAi = FakeOpenAi.start();
    toClose.add(openAi);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    appTracer = null;
  }

  /** The tool server on a free port, and the agent connected to it. */
  private SpringAiApp agent(GalileoTracer tracer) {
    appTracer = tracer;
    String url = toolServerUrl();
    SpringAiApp agent = SpringAiApp.start(WebApplicationType.NONE, List.of(TestTracer.class), openAi,
        "spring.autoconfigure.exclude=",
        "galileo.reactor.automatic-context-propagation=false",
        "spring.ai.mcp.client.enabled=true",
        "spring.ai.mcp.client.request-timeout=20s",
        "spring.ai.mcp.client.streamable-http.connections.weather.url=" + url);
    toClose.add(agent);
    return agent;
  }

  /** The tool server (Spring AI's MCP server on Spring MVC, streamable HTTP at /mcp) on a free port. */
  private String toolServerUrl() {
    SpringAiApp server = SpringAiApp.start(WebApplicationType.SERVLET, List.of(TestTracer.class, ToolServer.class),
        openAi,
        "spring.autoconfigure.exclude=",
        // The starter's Reactor hook is JVM-wide and cannot be undone: keep it out of this JVM.
        "galileo.reactor.automatic-context-propagation=false",
        "server.port=0",
        "server.address=127.0.0.1",
        "server.shutdown=immediate",
        "spring.ai.mcp.server.enabled=true",
        "spring.ai.mcp.server.name=weather",
        "spring.ai.mcp.server.protocol=STREAMABLE");
    toClose.add(server);
    return "http://127.0.0.1:" + server.property("local.server.port");
  }

  private String ask(Tracer tracer, SpringAiApp agent, Span[] root) {
    ChatClient chat = agent.chatClient();
    ToolCallbackProvider mcpTools = agent.bean(ToolCallbackProvider.class);
    Span trace = tracer.traceBuilder("ask").start();
    root[0] = trace;
    try (Scope scope = trace.makeCurrent()) {
      return chat.prompt().user("What is the weather in Pisa?").toolCallbacks(mcpTools).call().content();
    } finally {
      trace.end();
    }
  }

  @Test
  void aChatClientsMcpToolCallHasTheToolServersSpanAndItsWorkUnderItsToolSpan() throws Exception {
    SpringAiApp agent = agent(tracing.tracer());
    openAi.enqueue(
        Reply.toolCalls(ToolCall.of("call_1", "get_weather", "{\"city\":\"Pisa\"}")),
        Reply.text("It is sunny in Pisa."));

    Span[] root = new Span[1];
    assertThat(ask(tracing.tracer(), agent, root)).isEqualTo("It is sunny in Pisa.");

    SpanData chatClient = only(s -> s.name().equals("ChatClient.call"));
    assertThat(chatClient.parentId()).isEqualTo(root[0].context().spanId());
    assertThat(tracing.spans(SpanType.LLM)).hasSize(2);
    // Spring AI 1.1's model runs the tool loop inside the call advisor; 2.0's tool calling advisor
    // runs it, with a call advisor per model call.
    SpanData loop = only(s -> s.name().equals(SPRING_AI_2 ? "advisor Tool Calling Advisor" : "advisor call"));
    assertThat(loop.parentId()).isEqualTo(chatClient.spanId());

    // One TOOL span for the one execution: Spring AI's (its tool observation), with the model's
    // tool call id; the MCP client's tools/call opens none of its own inside it, and annotates it.
    SpanData tool = only(s -> s.type() == SpanType.TOOL && s.name().equals("get_weather"));
    assertThat(tool.parentId()).isEqualTo(loop.spanId());
    assertThat(tool.toolCallId()).isEqualTo("call_1");
    assertThat(tracing.spans(SpanType.TOOL).stream().filter(s -> s.name().startsWith("tools/call")))
        .as("no second TOOL span").isEmpty();
    assertThat(tool.metadata()).containsEntry("mcp.method.name", "tools/call")
        .containsEntry("gen_ai.tool.name", "get_weather").containsEntry("network.transport", "tcp")
        .containsKeys("jsonrpc.request.id", "mcp.protocol.version");
    assertThat(tool.input().toString()).contains("Pisa");
    assertThat(tool.output().toString()).contains("Sunny in Pisa");

    // The tool server, Spring AI's MCP server: its span continues the agent's trace from _meta.
    SpanData server = await(s -> s.type() == SpanType.WORKFLOW && s.name().equals("tools/call get_weather"));
    assertThat(server.traceId()).isEqualTo(root[0].context().traceId());
    assertThat(server.parentId()).isEqualTo(tool.spanId());
    assertThat(server.remoteParent()).as("linked by _meta alone").isTrue();
    assertThat(server.metadata()).containsEntry("gen_ai.tool.name", "get_weather")
        .containsKey("mcp.session.id");
    SpanData work = await(s -> s.name().equals("lookup forecast"));
    assertThat(work.parentId()).isEqualTo(server.spanId());
    assertThat(tracing.trace(root[0].context().traceId())).hasSize(SPRING_AI_2 ? 10 : 8);
    // The starter's servlet filter left POST /mcp to the MCP server handler: no HTTP server span.
    assertThat(tracing.spans()).extracting(SpanData::name).noneMatch(n -> n.endsWith(" /mcp"));
  }

  @Test
  void theStartersHttpServerTracingLeavesSpringAisMcpEndpointToTheMcpHandler() throws Exception {
    appTracer = tracing.tracer();
    String url = toolServerUrl();
    // A caller's trace in HTTP headers: a server span continuing it would name itself in
    // X-Galileo-Span-ID. On the MCP endpoint (Spring AI's default, /mcp) there is none: the MCP
    // handler continues the trace from _meta; any other path is still traced.
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    HttpResponse<String> initialize = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/mcp"))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .header("traceparent", traceparent)
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
            + "\"params\":{\"protocolVersion\":\"2025-03-26\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(initialize.statusCode()).as(initialize.body()).isEqualTo(200);
    assertThat(initialize.body()).contains("\"serverInfo\"");
    assertThat(initialize.headers().firstValue("X-Galileo-Span-ID")).as("no HTTP server span on /mcp").isEmpty();

    HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/not-mcp"))
        .timeout(Duration.ofSeconds(20)).header("traceparent", traceparent).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(other.headers().firstValue("X-Galileo-Span-ID")).as("other paths still traced").isPresent();
  }

  @Test
  void distributedModeCompletesTheAgentsTraceOnlyOnceTheToolServersSpanIsIn() throws Exception {
    RecordingBackend backend = new RecordingBackend("agent");
    toClose.add(backend);
    SpringAiApp agent = agent(backend.tracer());
    openAi.enqueue(
        Reply.toolCalls(ToolCall.of("call_2", "get_weather", "{\"city\":\"Pisa\"}")),
        Reply.text("It is sunny in Pisa."));

    Span[] root = new Span[1];
    ask(backend.tracer(), agent, root);
    backend.awaitCompleted(root[0].context().traceId());

    SpanData server = backend.finals("tools/call get_weather").stream()
        .filter(s -> s.type() == SpanType.WORKFLOW).findFirst().orElseThrow();
    SpanData tool = backend.finals("get_weather").stream()
        .filter(s -> s.type() == SpanType.TOOL).findFirst().orElseThrow();
    assertThat(server.parentId()).isEqualTo(tool.spanId());
    assertThat(backend.finals("tools/call get_weather")).as("the server's span alone").hasSize(1);
    assertThat(backend.lookedUp()).as("the span id came back in the result's _meta").contains(server.spanId());
    assertThat(backend.finalIndex(server.spanId())).isLessThan(backend.finalIndex(root[0].context().spanId()));
  }

  private SpanData only(Predicate<SpanData> match) {
    List<SpanData> found = tracing.spans().stream().filter(match).collect(Collectors.toList());
    assertThat(found).as(tracing.spans().stream().map(s -> s.type() + " " + s.name())
        .collect(Collectors.joining(", "))).hasSize(1);
    return found.get(0);
  }

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
