/**
 * Galileo tracing for the Model Context Protocol: {@link ai.galileo.tracing.transport.mcp.McpTracing}
 * is the one entry point for the official MCP Java SDK; {@link ai.galileo.tracing.transport.mcp.McpMeta}
 * carries a trace in any MCP implementation's {@code _meta}.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.transport.mcp;
