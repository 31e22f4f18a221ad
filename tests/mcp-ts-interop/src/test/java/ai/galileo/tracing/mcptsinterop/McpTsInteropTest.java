package ai.galileo.tracing.mcptsinterop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.W3CIds;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import ai.galileo.tracing.transport.mcp.McpMeta;
import ai.galileo.tracing.transport.mcp.McpTracing;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * galileo-transport-mcp against the official MCP TypeScript SDK, a peer nobody here wrote.
 *
 * <ul>
 *   <li>A TypeScript MCP server, called by our traced client over streamable HTTP and over stdio,
 *       receives our trace in {@code params._meta} as SEP-414 puts it: W3C's {@code traceparent}
 *       and {@code tracestate} under their own names, naming our TOOL span, and Galileo's ids
 *       under {@code ai.galileo/}.
 *   <li>A TypeScript MCP client that sends a W3C trace of its own in {@code _meta.traceparent}
 *       to our traced server (streamable HTTP on Jetty) gets our server span under its parent,
 *       the tool's own span under that, and our span id back in the result's {@code _meta}.
 * </ul>
 *
 * Our spans go to the extension's in-memory exporter. Skipped where node or npm is missing.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class McpTsInteropTest {
  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-01");
  private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {};

  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private static TsMcpPeer peer;
  private static String skipReason;

  @BeforeAll
  static void installTheTypeScriptSdk() throws Exception {
    skipReason = TsMcpPeer.missingTools();
    if (skipReason == null) {
      peer = TsMcpPeer.install();
    }
  }

  @BeforeEach
  void needsNodeAndNpm() {
    Assumptions.assumeTrue(skipReason == null, skipReason); // reported on each test, as skipped
  }

  private static Path log(TestInfo test, String what) {
    return Paths.get(System.getProperty("ts.peer.dir"),
        what + "-" + test.getTestMethod().orElseThrow().getName() + ".log");
  }

  // ------------------------------------------------------------------ our client, their server

  @Test
  void aTypeScriptServerOverStreamableHttpReceivesOurTraceInMetaAsSep414PutsIt(TestInfo test)
      throws Exception {
    Path log = log(test, "server");
    Process server = peer.startHttpServer(log);
    try {
      URI url = TsMcpPeer.url(log);
      McpClientTransport transport = HttpClientStreamableHttpTransport
          .builder("http://" + url.getHost() + ":" + url.getPort()).endpoint(url.getPath()).build();
      callEchoMetaAndCheckWhatArrived(transport);
    } finally {
      TsMcpPeer.stop(server);
    }
  }

  @Test
  void aTypeScriptServerOverStdioReceivesOurTraceInMetaAsSep414PutsIt() throws Exception {
    List<String> command = peer.stdioServerCommand();
    StdioClientTransport transport = new StdioClientTransport(ServerParameters.builder(command.get(0))
        .args(command.subList(1, command.size())).build(), McpJsonDefaults.getMapper());
    StringBuffer stderr = new StringBuffer();
    transport.setStdErrorHandler(line -> stderr.append(line).append('\n'));
    try {
      callEchoMetaAndCheckWhatArrived(transport);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("over stdio; the TypeScript server's stderr:\n" + stderr, e);
    }
  }

  private void callEchoMetaAndCheckWhatArrived(McpClientTransport transport) throws Exception {
    McpTracing mcp = McpTracing.create(tracing.tracer());
    McpSyncClient client = mcp.syncClient(transport).requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(60)).build();
    Map<String, Object> received;
    Span agent = tracing.tracer().traceBuilder("agent").start();
    try {
      client.initialize();
      try (Scope scope = agent.makeCurrent()) {
        McpSchema.CallToolResult result =
            client.callTool(new McpSchema.CallToolRequest("echo_meta", Map.of("city", "Pisa")));
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        received = McpJsonDefaults.getMapper()
            .readValue(((McpSchema.TextContent) result.content().get(0)).text(), MAP);
      }
    } finally {
      agent.end();
      client.closeGracefully();
    }

    SpanData tool = tracing.span("tools/call echo_meta");
    assertThat(tool.type()).isEqualTo(SpanType.TOOL);
    assertThat(tool.parentId()).isEqualTo(agent.context().spanId());
    assertThat(tool.statusCode()).isEqualTo(200);
    assertThat(received.get("arguments")).isEqualTo(Map.of("city", "Pisa"));

    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) received.get("meta");
    // The default propagators, galileo and tracecontext: W3C's fields under SEP-414's reserved
    // names, unprefixed; ours under ai.galileo/, as MCP's _meta naming rules want.
    // No tracestate: the TOOL span's UUID follows from the traceparent (W3CIds.spanUuid).
    assertThat(meta).containsOnlyKeys("traceparent",
        "ai.galileo/x-galileo-trace-id", "ai.galileo/x-galileo-parent-id");
    Matcher traceparent = TRACEPARENT.matcher(String.valueOf(meta.get("traceparent")));
    assertThat(traceparent.matches()).as("a W3C traceparent: %s", meta.get("traceparent")).isTrue();
    assertThat(traceparent.group(1)).as("trace-id: our trace")
        .isEqualTo(tool.traceId().toString().replace("-", ""));
    assertThat(traceparent.group(2)).as("parent-id: our TOOL span")
        .isEqualTo(String.format("%016x", W3CIds.parentIdOf(tool.spanId())));
    assertThat(W3CIds.spanUuid(tool.traceId(), W3CIds.parentIdOf(tool.spanId())))
        .as("the traceparent names the TOOL span whole").isEqualTo(tool.spanId());
    assertThat(meta).containsEntry("ai.galileo/x-galileo-trace-id", tool.traceId().toString())
        .containsEntry("ai.galileo/x-galileo-parent-id", tool.spanId().toString());
  }

  // ------------------------------------------------------------------ their client, our server

  @Test
  void aTypeScriptClientsTraceparentMakesOurServerSpanAndTheToolsWorkChildrenOfItsParent(TestInfo test)
      throws Exception {
    McpTracing mcp = McpTracing.create(tracing.tracer());
    AtomicReference<Map<String, String>> downstream = new AtomicReference<>();
    McpSchema.Tool weather = McpSchema.Tool.builder().name("get_weather").description("weather")
        .inputSchema(Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))))
        .build();
    McpServerFeatures.SyncToolSpecification spec = McpServerFeatures.SyncToolSpecification.builder()
        .tool(weather)
        .callHandler((exchange, request) -> {
          Span lookup = tracing.tracer().spanBuilder("lookup forecast", SpanType.TOOL).start();
          try (Scope scope = lookup.makeCurrent()) {
            // What a call made from here would carry: the TypeScript client's trace goes on.
            downstream.set(tracing.tracer().propagator().injectHeaders(Context.current()));
            return McpSchema.CallToolResult.builder()
                .addTextContent("Sunny in " + request.arguments().get("city")).build();
          } finally {
            lookup.end();
          }
        })
        .build();

    HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider
        .builder().mcpEndpoint("/mcp").contextExtractor(mcp.httpContextExtractor()).build();
    McpSyncServer mcpServer = McpServer.sync(provider)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(mcp.tool(spec)).build();
    Server jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(provider);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    jetty.setHandler(context);
    jetty.start();
    String output;
    try {
      URI url = URI.create("http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/mcp");
      output = peer.runClient(url, "get_weather", log(test, "client"));
    } finally {
      mcpServer.close();
      jetty.stop();
    }

    Map<String, Object> printed = McpJsonDefaults.getMapper().readValue(output, MAP);
    Matcher sent = TRACEPARENT.matcher(String.valueOf(printed.get("traceparent")));
    assertThat(sent.matches()).as("the client's traceparent: %s", printed.get("traceparent")).isTrue();
    String theirTraceId = sent.group(1);
    long theirParentId = Long.parseUnsignedLong(sent.group(2), 16);

    SpanData server = tracing.span("tools/call get_weather");
    assertThat(server.type()).isEqualTo(SpanType.WORKFLOW);
    assertThat(server.remoteParent()).isTrue();
    // Their random 128 bits as the v4 UUID Galileo needs, and their 64-bit parent-id as the UUID
    // every part of the SDK maps it to (W3CIds.spanUuid: either shape of a random parent-id).
    assertThat(server.traceId()).isEqualTo(W3CIds.asV4(
        Long.parseUnsignedLong(theirTraceId.substring(0, 16), 16),
        Long.parseUnsignedLong(theirTraceId.substring(16), 16)));
    assertThat(server.parentId()).isEqualTo(W3CIds.spanUuid(server.traceId(), theirParentId));

    SpanData lookup = tracing.span("lookup forecast");
    assertThat(lookup.traceId()).isEqualTo(server.traceId());
    assertThat(lookup.parentId()).isEqualTo(server.spanId());
    Matcher onward = TRACEPARENT.matcher(downstream.get().get("traceparent"));
    assertThat(onward.matches()).isTrue();
    assertThat(onward.group(1)).as("the trace-id sent on from the tool: theirs, as it came")
        .isEqualTo(theirTraceId);

    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) printed.get("result");
    assertThat(String.valueOf(result.get("content"))).contains("Sunny in Pisa");
    assertThat(result.get("_meta")).as("our span id, for a Galileo caller's completion")
        .isEqualTo(Map.of(McpMeta.SPAN_ID_KEY, server.spanId().toString()));
  }
}
