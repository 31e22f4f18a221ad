package ai.galileo.tracing.transport.mcp.internal;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.transport.mcp.McpCall;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The span metadata OpenTelemetry's MCP semantic conventions name, and how an outcome is recorded:
 * a result whose {@code isError} is true as {@code error.type = tool_error}, a JSON-RPC error as
 * its code, both also as the span's status code in its HTTP equivalent, as the gRPC transport does.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class McpAttributes {
  public static final String METHOD = "mcp.method.name";
  public static final String SESSION_ID = "mcp.session.id";
  public static final String PROTOCOL_VERSION = "mcp.protocol.version";
  public static final String RESOURCE_URI = "mcp.resource.uri";
  public static final String REQUEST_ID = "jsonrpc.request.id";
  public static final String TOOL_NAME = "gen_ai.tool.name";
  public static final String TOOL_CALL_ID = "gen_ai.tool.call.id";
  public static final String PROMPT_NAME = "gen_ai.prompt.name";
  public static final String OPERATION = "gen_ai.operation.name";
  public static final String NETWORK_TRANSPORT = "network.transport";
  public static final String NETWORK_PROTOCOL = "network.protocol.name";
  public static final String ERROR_TYPE = "error.type";
  public static final String ERROR_MESSAGE = "error.message";
  public static final String RESPONSE_STATUS = "rpc.response.status_code";
  /** {@code error.type} of a tool result with {@code isError: true}. */
  public static final String TOOL_ERROR = "tool_error";
  /** Error messages in metadata are cut here; the span's output keeps the whole text. */
  private static final int MAX_MESSAGE = 1000;

  private McpAttributes() {}

  /** The call's attributes, in a stable order. */
  public static Map<String, String> of(McpCall call) {
    Map<String, String> m = new LinkedHashMap<>(12);
    m.put(METHOD, call.method());
    put(m, REQUEST_ID, call.requestId());
    put(m, SESSION_ID, call.sessionId());
    put(m, PROTOCOL_VERSION, call.protocolVersion());
    if (call.target() != null) {
      if (call.isToolCall()) {
        m.put(TOOL_NAME, call.target());
        m.put(OPERATION, "execute_tool");
      } else if (call.method().startsWith("prompts/")) {
        m.put(PROMPT_NAME, call.target());
      }
    }
    put(m, TOOL_CALL_ID, call.toolCallId());
    put(m, RESOURCE_URI, call.resourceUri());
    put(m, NETWORK_TRANSPORT, call.networkTransport());
    if ("tcp".equals(call.networkTransport())) {
      m.put(NETWORK_PROTOCOL, "http");
    }
    return m;
  }

  public static SpanBuilder apply(SpanBuilder builder, McpCall call) {
    of(call).forEach(builder::setMetadata);
    return builder;
  }

  /** A result came back: the tool's own failure when {@code isError}, else success. */
  public static void result(Span span, String output, boolean isError) {
    if (output != null) {
      span.setOutput(output);
    }
    if (isError) {
      toolError(span, output);
      span.setStatusCode(500);
    } else {
      span.setStatusCode(200);
    }
  }

  /** A result with {@code isError}: the error's metadata alone, no output and no status. */
  public static void toolError(Span span, String output) {
    span.setMetadata(ERROR_TYPE, TOOL_ERROR);
    if (output != null && !output.isEmpty()) {
      span.setMetadata(ERROR_MESSAGE, cut(output));
    }
  }

  /** A JSON-RPC error came back instead of a result. */
  public static void jsonRpcError(Span span, int code, String message) {
    jsonRpcErrorMetadata(span, code, message);
    span.setStatusCode(httpStatus(code));
  }

  /** A JSON-RPC error's metadata alone, no status. */
  public static void jsonRpcErrorMetadata(Span span, int code, String message) {
    String c = Integer.toString(code);
    span.setMetadata(ERROR_TYPE, c);
    span.setMetadata(RESPONSE_STATUS, c);
    if (message != null) {
      span.setMetadata(ERROR_MESSAGE, cut(message));
    }
  }

  /** JSON-RPC's and MCP's error codes in their HTTP equivalents. */
  public static int httpStatus(int code) {
    switch (code) {
      case -32700: // parse error
      case -32600: // invalid request
      case -32602: // invalid params
        return 400;
      case -32601: // method not found
      case -32002: // MCP: resource not found
        return 404;
      default:
        return 500;
    }
  }

  private static String cut(String s) {
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
  }

  private static void put(Map<String, String> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
