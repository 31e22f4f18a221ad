package ai.galileo.examples.rag;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.transport.mcp.McpTracing;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo's third service ({@code mcp}): an MCP tool server over streamable HTTP
 * ({@code POST /mcp}), written with the official MCP Java SDK on Jetty, with one tool,
 * {@value #LOOKUP_DATES}, over the {@link Timeline}. Its handler is traced by
 * galileo-transport-mcp's {@link McpTracing}: it runs in the caller's trace, read from the
 * request's {@code params._meta}, under the server span {@code tools/call lookup_dates}, and its
 * own work is a retriever span "search timeline" under that. {@code GET /health} answers probes
 * untraced. Stopped by a signal, it sends its spans and prints its delivery receipt
 * ({@code export: ...}) on stderr, as the retrieval service does.
 */
final class McpToolServer implements AutoCloseable {
  static final String LOOKUP_DATES = "lookup_dates";
  static final String SEARCH_SPAN = "search timeline";
  static final String ENDPOINT = "/mcp";

  private final Tracer tracer;
  private final McpSyncServer mcp;
  private final Server jetty;
  private final String host;

  McpToolServer(Tracer tracer, String host, int port) throws Exception {
    this.tracer = tracer;
    this.host = host;
    McpTracing tracing = McpTracing.create(tracer);
    // The HTTP headers are read only when a request's _meta carries no trace (MCP's rule).
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .mcpEndpoint(ENDPOINT).contextExtractor(tracing.httpContextExtractor()).build();
    mcp = McpServer.sync(transport)
        .serverInfo("galileo-timeline", "1.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(tracing.tool(McpServerFeatures.SyncToolSpecification.builder()
            .tool(tool())
            .callHandler((exchange, request) -> lookupDates(request))
            .build()))
        .build();
    jetty = new Server(new InetSocketAddress(host, port));
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, ENDPOINT);
    context.addServlet(new ServletHolder(new Health()), "/health");
    jetty.setHandler(context);
    jetty.setStopTimeout(10_000);
    jetty.start();
  }

  static void main(String[] args) throws Exception {
    Defaults.apply("mcp-tool-server");
    int port = Integer.parseInt(Defaults.option(args, "--port", "8020"));
    String host = Defaults.option(args, "--host", "127.0.0.1");
    // As the retrieval service: the tracer is shut down after the server, by our own hook.
    GalileoTracer tracer = GalileoTracer.builder().shutdownHook(false).build();
    Galileo.register(tracer);
    McpToolServer server = new McpToolServer(tracer, host, port);
    System.out.println("mcp-tool-server listening on " + server.url() + " (tool " + LOOKUP_DATES + ")");
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      DeliveryReceipt receipt = tracer.shutdown(RetrievalService.shutdownTimeout());
      System.err.println("export: " + receipt);
      if (!Orchestrator.delivered(receipt)) {
        System.err.println(Orchestrator.warning(receipt));
      }
      System.err.flush();
    }, "mcp-tool-server-shutdown"));
    new CountDownLatch(1).await();
  }

  /** The MCP endpoint: {@code http://HOST:PORT/mcp}. */
  String url() {
    // The host as given: Jetty reports a loopback address by its name.
    return "http://" + host + ":" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + ENDPOINT;
  }

  private static McpSchema.Tool tool() {
    return McpSchema.Tool.builder().name(LOOKUP_DATES)
        .description("Looks up dated events in Galileo Galilei's life matching the words given, one per line")
        .inputSchema(new McpSchema.JsonSchema("object",
            Map.of("query", Map.of("type", "string", "description", "the words to look up")),
            List.of("query"), false, null, null))
        .build();
  }

  /** The tool: the matching events, one {@code YEAR: ...} line each. */
  private McpSchema.CallToolResult lookupDates(McpSchema.CallToolRequest request) {
    Object query = request.arguments() == null ? null : request.arguments().get("query");
    if (!(query instanceof String q) || q.isBlank()) {
      return McpSchema.CallToolResult.builder().addTextContent("query must be a non-empty string")
          .isError(true).build();
    }
    Span search = tracer.spanBuilder(SEARCH_SPAN, SpanType.RETRIEVER).setInput(q).start();
    List<Timeline.Event> events = Timeline.lookup(q);
    search.end(Content.documents(events.stream()
        .map(e -> Document.of(e.line(), Map.<String, Object>of("year", e.year(), "topic", e.topic())))
        .toList()));
    String text = events.isEmpty() ? "No dates found for: " + q
        : String.join("\n", events.stream().map(Timeline.Event::line).toList());
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }

  @Override
  public void close() {
    mcp.closeGracefully();
    try {
      jetty.stop();
    } catch (Exception e) {
      System.err.println("mcp-tool-server: stopping Jetty failed: " + e);
    }
  }

  /** {@code GET /health}: for the demo's start-up probe, not traced. */
  private static final class Health extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("application/json");
      response.getOutputStream().write("{\"status\":\"ok\",\"service\":\"mcp-tool-server\"}"
          .getBytes(StandardCharsets.UTF_8));
    }
  }
}
