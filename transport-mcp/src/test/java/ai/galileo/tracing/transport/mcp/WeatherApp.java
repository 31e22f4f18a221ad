package ai.galileo.tracing.transport.mcp;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The MCP server the tests call: a weather tool whose handler makes a span of its own and answers
 * with the trace it ran in, a tool that answers {@code isError}, one that throws an MCP error, one
 * that throws any other exception, a prompt and a resource; each in the SDK's sync, async and stateless shapes, traced by
 * {@link McpTracing}. Also what the stdio child JVM serves.
 */
final class WeatherApp {
  static final String WEATHER = "get_weather";
  static final String BROKEN = "broken_forecast";
  static final String REFUSING = "refusing_tool";
  static final String CRASHING = "crashing_tool";
  static final String PROMPT = "greet";
  static final String RESOURCE = "weather://pisa";
  static final String HANDLER_SPAN = "lookup forecast";

  static final McpSchema.Tool WEATHER_TOOL = tool(WEATHER);
  static final McpSchema.Tool BROKEN_TOOL = tool(BROKEN);
  static final McpSchema.Tool REFUSING_TOOL = tool(REFUSING);
  static final McpSchema.Tool CRASHING_TOOL = tool(CRASHING);

  private final Tracer tracer;

  WeatherApp(Tracer tracer) {
    this.tracer = tracer;
  }

  private static McpSchema.Tool tool(String name) {
    return McpSchema.Tool.builder().name(name).description("weather, for tests")
        .inputSchema(Map.of("type", "object",
            "properties", Map.of("city", Map.of("type", "string"))))
        .build();
  }

  static McpSchema.ServerCapabilities capabilities() {
    return McpSchema.ServerCapabilities.builder().tools(false).prompts(false).resources(false, false)
        .build();
  }

  /** What a tool answers: the city, and the trace and span current in the handler. */
  McpSchema.CallToolResult answer(String name, Map<String, Object> arguments) {
    Span lookup = tracer.spanBuilder(HANDLER_SPAN, SpanType.TOOL).setInput(String.valueOf(arguments)).start();
    try {
      String text = "Sunny in " + arguments.get("city") + " trace=" + lookup.context().traceIdString()
          + " thread=" + Thread.currentThread().getName();
      if (REFUSING.equals(name)) {
        throw McpError.builder(-32602).message("no such city").build();
      }
      if (CRASHING.equals(name)) {
        throw new IllegalStateException("forecast service down");
      }
      return McpSchema.CallToolResult.builder().addTextContent(text)
          .isError(BROKEN.equals(name)).build();
    } finally {
      lookup.end();
    }
  }

  McpSchema.GetPromptResult prompt(McpSchema.GetPromptRequest request) {
    tracer.spanBuilder(HANDLER_SPAN, SpanType.TOOL).start().end();
    return new McpSchema.GetPromptResult("greeting", List.of(new McpSchema.PromptMessage(
        McpSchema.Role.USER, new McpSchema.TextContent("Hello " + request.arguments().get("name")))));
  }

  McpSchema.ReadResourceResult resource(McpSchema.ReadResourceRequest request) {
    tracer.spanBuilder(HANDLER_SPAN, SpanType.TOOL).start().end();
    return new McpSchema.ReadResourceResult(List.of(
        new McpSchema.TextResourceContents(request.uri(), "text/plain", "Pisa: sunny")));
  }

  private static final McpSchema.Prompt PROMPT_DEF = new McpSchema.Prompt(PROMPT, "a greeting",
      List.of(new McpSchema.PromptArgument("name", "who", true)));
  private static final McpSchema.Resource RESOURCE_DEF =
      McpSchema.Resource.builder().uri(RESOURCE).name("pisa").mimeType("text/plain").build();

  McpServer.SyncSpecification<?> sync(McpServer.SyncSpecification<?> spec, McpTracing tracing) {
    for (McpSchema.Tool tool : List.of(WEATHER_TOOL, BROKEN_TOOL, REFUSING_TOOL, CRASHING_TOOL)) {
      spec.tools(tracing.tool(new McpServerFeatures.SyncToolSpecification(tool,
          (exchange, request) -> answer(request.name(), request.arguments()))));
    }
    spec.prompts(tracing.prompt(new McpServerFeatures.SyncPromptSpecification(PROMPT_DEF,
        (exchange, request) -> prompt(request))));
    spec.resources(tracing.resource(new McpServerFeatures.SyncResourceSpecification(RESOURCE_DEF,
        (exchange, request) -> resource(request))));
    return spec.capabilities(capabilities());
  }

  /** Asynchronous handlers that answer on another thread, as reactive tools do. */
  McpServer.AsyncSpecification<?> async(McpServer.AsyncSpecification<?> spec, McpTracing tracing) {
    for (McpSchema.Tool tool : List.of(WEATHER_TOOL, BROKEN_TOOL, REFUSING_TOOL, CRASHING_TOOL)) {
      spec.tools(tracing.tool(new McpServerFeatures.AsyncToolSpecification(tool,
          (exchange, request) -> {
            // The context is current where the handler is called; carry it to the other thread.
            ai.galileo.tracing.Context here = ai.galileo.tracing.Context.current();
            return Mono.fromCallable(() -> {
              try (ai.galileo.tracing.Scope s = here.makeCurrent()) {
                return answer(request.name(), request.arguments());
              }
            }).subscribeOn(Schedulers.boundedElastic());
          })));
    }
    spec.prompts(tracing.prompt(new McpServerFeatures.AsyncPromptSpecification(PROMPT_DEF,
        (exchange, request) -> Mono.fromCallable(() -> prompt(request)))));
    spec.resources(tracing.resource(new McpServerFeatures.AsyncResourceSpecification(RESOURCE_DEF,
        (exchange, request) -> Mono.fromCallable(() -> resource(request)))));
    return spec.capabilities(capabilities());
  }

  McpServer.StatelessSyncSpecification stateless(McpServer.StatelessSyncSpecification spec,
      McpTracing tracing) {
    for (McpSchema.Tool tool : List.of(WEATHER_TOOL, BROKEN_TOOL, REFUSING_TOOL, CRASHING_TOOL)) {
      spec.tools(tracing.tool(new McpStatelessServerFeatures.SyncToolSpecification(tool,
          (context, request) -> answer(request.name(), request.arguments()))));
    }
    spec.prompts(tracing.prompt(new McpStatelessServerFeatures.SyncPromptSpecification(PROMPT_DEF,
        (context, request) -> prompt(request))));
    spec.resources(tracing.resource(new McpStatelessServerFeatures.SyncResourceSpecification(
        RESOURCE_DEF, (context, request) -> resource(request))));
    return spec.capabilities(capabilities());
  }
}
