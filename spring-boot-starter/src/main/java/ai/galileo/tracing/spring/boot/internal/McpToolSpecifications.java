package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.transport.mcp.McpTracing;
import ai.galileo.tracing.transport.mcp.internal.TracedHandlers;
import io.modelcontextprotocol.server.McpServerFeatures;

/**
 * The SDK's tool specifications, traced the way {@link McpTracing#tool} traces them, but built
 * with the specification's builder rather than its two-argument constructor: in the MCP Java SDK
 * 0.17 (Spring AI 1.1's) that constructor is the deprecated one whose handler takes the arguments
 * {@code Map}, so a specification made with it against SDK 2.x hands the handler the wrong type and
 * every call of the tool fails. The builder ({@code tool}, {@code callHandler}) is the same in 0.17
 * and 2.x. Prompts and resources keep their constructors across versions and go through
 * {@link McpTracing} itself.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class McpToolSpecifications {
  private McpToolSpecifications() {}

  static McpServerFeatures.SyncToolSpecification traced(McpServerFeatures.SyncToolSpecification spec,
      McpTracing tracing) {
    TracedHandlers handlers = new TracedHandlers(tracing.serverHandler());
    return McpServerFeatures.SyncToolSpecification.builder().tool(spec.tool())
        .callHandler((exchange, request) -> handlers.run(TracedHandlers.TOOL, exchange.transportContext(),
            exchange.sessionId(), request, () -> spec.callHandler().apply(exchange, request)))
        .build();
  }

  static McpServerFeatures.AsyncToolSpecification traced(McpServerFeatures.AsyncToolSpecification spec,
      McpTracing tracing) {
    TracedHandlers handlers = new TracedHandlers(tracing.serverHandler());
    return McpServerFeatures.AsyncToolSpecification.builder().tool(spec.tool())
        .callHandler((exchange, request) -> handlers.runAsync(TracedHandlers.TOOL,
            exchange.transportContext(), exchange.sessionId(), request,
            () -> spec.callHandler().apply(exchange, request)))
        .build();
  }
}
