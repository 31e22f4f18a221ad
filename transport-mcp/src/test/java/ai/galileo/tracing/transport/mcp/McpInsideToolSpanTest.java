package ai.galileo.tracing.transport.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import ai.galileo.tracing.testing.RecordingBackend;
import ai.galileo.tracing.transport.mcp.internal.McpAttributes;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One TOOL span per tool execution: a {@code tools/call} made while a framework's TOOL span is
 * current (LangChain4j's tool hook, Spring AI's tool observation) opens no second one. The
 * framework's span carries the MCP attributes and its ids go on the wire, so the tool server's
 * span nests directly under it; it is left open for its owner. Streamable HTTP on Jetty.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class McpInsideToolSpanTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @ParameterizedTest(name = "async client: {0}")
  @ValueSource(booleans = {false, true})
  void aToolCallInsideAFrameworksToolSpanAnnotatesThatSpanAndTheServerNestsUnderIt(boolean async)
      throws Exception {
    McpTracing mcp = McpTracing.create(tracing.tracer());
    String base = serve(mcp, new WeatherApp(tracing.tracer()));
    Span agent = tracing.tracer().traceBuilder("agent").start();
    Span tool = tracing.tracer().spanBuilder("get_weather", SpanType.TOOL)
        .setParent(Context.root().with(agent)).setToolCallId("call_7").start();
    McpSchema.CallToolResult result;
    try (Scope scope = tool.makeCurrent()) {
      result = call(mcp, base, async, WeatherApp.WEATHER);
    }
    assertThat(tool.isRecording()).as("the framework's span is its owner's to end").isTrue();
    tool.end(ai.galileo.tracing.Content.text("framework's output"));
    agent.end();

    SpanData server = await(s -> s.type() == SpanType.WORKFLOW && s.name().equals("tools/call get_weather"));
    SpanData framework = await(s -> s.spanId().equals(tool.context().spanId()));
    assertThat(server.parentId()).isEqualTo(tool.context().spanId());
    assertThat(server.remoteParent()).isTrue();
    assertThat(result.meta()).containsEntry(McpMeta.SPAN_ID_KEY, server.spanId().toString());
    assertThat(framework.metadata())
        .containsEntry(McpAttributes.METHOD, "tools/call")
        .containsEntry(McpAttributes.TOOL_NAME, "get_weather")
        .containsEntry(McpAttributes.NETWORK_TRANSPORT, "tcp")
        .containsKey(McpAttributes.REQUEST_ID);
    assertThat(framework.toolCallId()).isEqualTo("call_7");
    assertThat(framework.output().toString()).contains("framework's output");
    assertThat(tracing.spans(SpanType.TOOL).stream().filter(s -> s.name().startsWith("tools/call")))
        .as("no second TOOL span on the client").isEmpty();
  }

  @Test
  void anIsErrorResultMarksTheFrameworksSpanAsAToolErrorWithoutEndingIt() throws Exception {
    McpTracing mcp = McpTracing.create(tracing.tracer());
    String base = serve(mcp, new WeatherApp(tracing.tracer()));
    Span agent = tracing.tracer().traceBuilder("agent").start();
    Span tool = tracing.tracer().spanBuilder("broken_forecast", SpanType.TOOL)
        .setParent(Context.root().with(agent)).start();
    try (Scope scope = tool.makeCurrent()) {
      assertThat(call(mcp, base, false, WeatherApp.BROKEN).isError()).isTrue();
    }
    assertThat(tool.isRecording()).isTrue();
    tool.end();
    agent.end();
    SpanData framework = await(s -> s.spanId().equals(tool.context().spanId()));
    assertThat(framework.metadata()).containsEntry(McpAttributes.ERROR_TYPE, McpAttributes.TOOL_ERROR);
  }

  @Test
  void distributedModeHoldsTheTraceForTheServersSpanUnderTheFrameworksToolSpan() throws Exception {
    RecordingBackend backend = new RecordingBackend("agent");
    toClose.add(backend);
    Tracer tracer = backend.tracer();
    McpTracing mcp = McpTracing.create(tracer);
    String base = serve(mcp, new WeatherApp(tracer));
    Span agent = tracer.traceBuilder("agent").start();
    Span tool = tracer.spanBuilder("get_weather", SpanType.TOOL).setParent(Context.root().with(agent)).start();
    try (Scope scope = tool.makeCurrent()) {
      call(mcp, base, true, WeatherApp.WEATHER);
    }
    tool.end();
    agent.end();
    backend.awaitCompleted(agent.context().traceId());

    SpanData server = backend.finals("tools/call get_weather").stream()
        .filter(s -> s.type() == SpanType.WORKFLOW).findFirst().orElseThrow();
    assertThat(server.parentId()).isEqualTo(tool.context().spanId());
    assertThat(backend.lookedUp()).contains(server.spanId());
    assertThat(backend.finalIndex(server.spanId()))
        .isLessThan(backend.finalIndex(agent.context().spanId()));
    assertThat(backend.finals("tools/call get_weather")).hasSize(1);
  }

  // ------------------------------------------------------------------ server and client

  private McpSchema.CallToolResult call(McpTracing mcp, String base, boolean async, String tool) {
    McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(tool, Map.of("city", "Pisa"), null);
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(base).endpoint("/mcp").build();
    if (!async) {
      McpSyncClient sync = mcp.syncClient(transport).requestTimeout(Duration.ofSeconds(20)).build();
      toClose.add(sync::closeGracefully);
      sync.initialize();
      return sync.callTool(request);
    }
    McpAsyncClient client = mcp.asyncClient(transport).requestTimeout(Duration.ofSeconds(20)).build();
    toClose.add(() -> client.closeGracefully().block(Duration.ofSeconds(5)));
    Context here = Context.current();
    return client.initialize().then(client.callTool(request))
        .contextWrite(c -> c.put(McpTracing.REACTOR_CONTEXT_KEY, here))
        .block(Duration.ofSeconds(20));
  }

  private String serve(McpTracing mcp, WeatherApp app) throws Exception {
    HttpServletStreamableServerTransportProvider p = HttpServletStreamableServerTransportProvider
        .builder().mcpEndpoint("/mcp").contextExtractor(mcp.httpContextExtractor()).build();
    AutoCloseable mcpServer = app.sync(McpServer.sync(p), mcp).build()::close;
    Server jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(p);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    jetty.setHandler(context);
    jetty.start();
    toClose.add(jetty::stop);
    toClose.add(mcpServer);
    return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  private SpanData await(Predicate<SpanData> match) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    do {
      List<SpanData> found = tracing.spans().stream().filter(match).collect(Collectors.toList());
      if (!found.isEmpty()) {
        return found.get(0);
      }
      Thread.sleep(5);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no matching span among "
        + tracing.spans().stream().map(s -> s.type() + " " + s.name()).collect(Collectors.toList()));
  }
}
