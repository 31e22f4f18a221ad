package ai.galileo.tracing.transport.mcp;

import java.util.Objects;

/**
 * What one MCP request or notification is, in the terms of OpenTelemetry's MCP semantic
 * conventions, for {@link McpClientHandler} and {@link McpServerHandler}: its method, its target
 * (the tool or prompt name), and what is known of its request id, session, protocol version and
 * transport. Immutable; uses no MCP SDK class.
 *
 * <pre>{@code
 * McpCall call = McpCall.builder("tools/call").target("get_weather").requestId(id)
 *     .input("{\"city\":\"Pisa\"}").networkTransport("pipe").build();
 * call.spanName();   // "tools/call get_weather"
 * }</pre>
 *
 * @since 0.1.0
 */
public final class McpCall {
  /** The method of a tool call, the one that gets a {@code TOOL} span on the client. */
  public static final String TOOLS_CALL = "tools/call";

  private final String method;
  private final String target;
  private final String requestId;
  private final String resourceUri;
  private final String sessionId;
  private final String protocolVersion;
  private final String networkTransport;
  private final String input;
  private final String toolCallId;

  private McpCall(Builder b) {
    this.method = b.method;
    this.target = b.target;
    this.requestId = b.requestId;
    this.resourceUri = b.resourceUri;
    this.sessionId = b.sessionId;
    this.protocolVersion = b.protocolVersion;
    this.networkTransport = b.networkTransport;
    this.input = b.input;
    this.toolCallId = b.toolCallId;
  }

  /** A builder for a call of the method, such as {@code tools/call} or {@code resources/read}. */
  public static Builder builder(String method) {
    return new Builder(method);
  }

  /** The JSON-RPC method, {@code mcp.method.name}. */
  public String method() {
    return method;
  }

  /** The tool or prompt name, or null. */
  public String target() {
    return target;
  }

  /** The JSON-RPC request id as text, {@code jsonrpc.request.id}; null for a notification. */
  public String requestId() {
    return requestId;
  }

  /** The resource URI of a {@code resources/*} call, {@code mcp.resource.uri}, or null. */
  public String resourceUri() {
    return resourceUri;
  }

  /** {@code mcp.session.id}, or null. */
  public String sessionId() {
    return sessionId;
  }

  /** {@code mcp.protocol.version}, or null. */
  public String protocolVersion() {
    return protocolVersion;
  }

  /** {@code network.transport}: {@code pipe} for stdio, {@code tcp} for HTTP; or null. */
  public String networkTransport() {
    return networkTransport;
  }

  /** The span's input: a tool's arguments or a prompt's, as JSON; or null. */
  public String input() {
    return input;
  }

  /** The id of the model's tool call this {@code tools/call} executes, or null. */
  public String toolCallId() {
    return toolCallId;
  }

  /** True for {@code tools/call}. */
  public boolean isToolCall() {
    return TOOLS_CALL.equals(method);
  }

  /**
   * The span name the conventions give: {@code {mcp.method.name} {target}}, such as
   * {@code tools/call get_weather}, or the method alone when there is no tool or prompt name (a
   * resource URI is left out of the name: too many distinct names).
   */
  public String spanName() {
    return target == null ? method : method + " " + target;
  }

  @Override
  public String toString() {
    return "McpCall{" + spanName() + (requestId == null ? "" : ", id=" + requestId) + "}";
  }

  /**
   * Builds an {@link McpCall}. Blank values count as absent.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String method;
    private String target;
    private String requestId;
    private String resourceUri;
    private String sessionId;
    private String protocolVersion;
    private String networkTransport;
    private String input;
    private String toolCallId;

    private Builder(String method) {
      String m = blankToNull(method);
      this.method = m == null ? "unknown" : m;
    }

    public Builder target(String toolOrPromptName) {
      this.target = blankToNull(toolOrPromptName);
      return this;
    }

    /** The JSON-RPC id: a string or a number, as JSON-RPC allows. */
    public Builder requestId(Object id) {
      this.requestId = id == null ? null : blankToNull(String.valueOf(id));
      return this;
    }

    public Builder resourceUri(String uri) {
      this.resourceUri = blankToNull(uri);
      return this;
    }

    public Builder sessionId(String sessionId) {
      this.sessionId = blankToNull(sessionId);
      return this;
    }

    public Builder protocolVersion(String version) {
      this.protocolVersion = blankToNull(version);
      return this;
    }

    public Builder networkTransport(String transport) {
      this.networkTransport = blankToNull(transport);
      return this;
    }

    public Builder input(String input) {
      this.input = input;
      return this;
    }

    public Builder toolCallId(String toolCallId) {
      this.toolCallId = blankToNull(toolCallId);
      return this;
    }

    public McpCall build() {
      return new McpCall(this);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof McpCall c && method.equals(c.method) && Objects.equals(target, c.target)
        && Objects.equals(requestId, c.requestId) && Objects.equals(resourceUri, c.resourceUri)
        && Objects.equals(sessionId, c.sessionId) && Objects.equals(protocolVersion, c.protocolVersion)
        && Objects.equals(networkTransport, c.networkTransport) && Objects.equals(input, c.input)
        && Objects.equals(toolCallId, c.toolCallId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, target, requestId, resourceUri, sessionId, protocolVersion,
        networkTransport, input, toolCallId);
  }
}
