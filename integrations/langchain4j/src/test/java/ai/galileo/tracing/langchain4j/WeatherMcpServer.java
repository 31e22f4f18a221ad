package ai.galileo.tracing.langchain4j;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.transport.mcp.McpTracing;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The tool server the MCP tests call, written with nobody's code but the official MCP Java SDK's
 * and traced by galileo-transport-mcp's {@link McpTracing}: a streamable HTTP server on Jetty
 * (127.0.0.1, a free port) with a weather tool whose handler does work of its own (a span), and
 * a tool that answers {@code isError}. It keeps the {@code _meta} of each tool call it received.
 */
final class WeatherMcpServer implements AutoCloseable {
  static final String WEATHER = "get_weather";
  static final String BROKEN = "broken_forecast";
  static final String HANDLER_SPAN = "lookup forecast";

  final List<Map<String, Object>> receivedMeta = new CopyOnWriteArrayList<>();
  private final Tracer tracer;
  private final Server jetty;
  private final McpSyncServer server;

  WeatherMcpServer(Tracer tracer) throws Exception {
    this.tracer = tracer;
    McpTracing mcp = McpTracing.create(tracer);
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
    McpServer.SyncSpecification<?> spec = McpServer.sync(transport)
        .serverInfo("weather", "1.0")
        // Its own validator: the SDK's default needs json-schema-validator 3, the fake Galileo
        // API on the same test class path 1.5; these tools declare no output schema anyway.
        .jsonSchemaValidator((schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(null))
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build());
    for (String name : List.of(WEATHER, BROKEN)) {
      spec.tools(mcp.tool(new McpServerFeatures.SyncToolSpecification(tool(name),
          (exchange, request) -> answer(request))));
    }
    server = spec.build();
    jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    jetty.setHandler(context);
    jetty.start();
  }

  String url() {
    return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/mcp";
  }

  private static McpSchema.Tool tool(String name) {
    return McpSchema.Tool.builder().name(name).description("Tells the weather in a city")
        .inputSchema(Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")),
            "required", List.of("city")))
        .build();
  }

  private McpSchema.CallToolResult answer(McpSchema.CallToolRequest request) {
    receivedMeta.add(request.meta() == null ? Map.of() : Map.copyOf(request.meta()));
    Span work = tracer.spanBuilder(HANDLER_SPAN, SpanType.WORKFLOW)
        .setInput(String.valueOf(request.arguments())).start();
    try {
      boolean broken = BROKEN.equals(request.name());
      String text = broken ? "No forecast for " + request.arguments().get("city")
          : "Sunny in " + request.arguments().get("city");
      return McpSchema.CallToolResult.builder().addTextContent(text).isError(broken).build();
    } finally {
      work.end();
    }
  }

  @Override
  public void close() throws Exception {
    server.closeGracefully();
    jetty.stop();
  }
}
