package ai.galileo.tracing.transport.mcp.internal;

import ai.galileo.tracing.Context;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.Map;
import reactor.util.context.ContextView;

/**
 * Where Galileo's context and an HTTP request's tracing headers travel inside the MCP SDK: in a
 * Reactor context, and in the SDK's {@link McpTransportContext}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class McpTracingKeys {
  /**
   * Galileo's {@link Context} in a Reactor context or an {@link McpTransportContext}: the key the
   * Spring Boot starter's WebFlux support uses too, so a reactive request's trace flows on.
   */
  public static final String CONTEXT = "ai.galileo.tracing.context";
  /** The HTTP request's tracing headers (name to value) in an {@link McpTransportContext}. */
  public static final String HEADERS = "ai.galileo.tracing.http-headers";

  private McpTracingKeys() {}

  /** The caller's context: from the Reactor context if it holds one, else the thread's. */
  public static Context context(ContextView reactor) {
    Object value = reactor.getOrDefault(CONTEXT, null);
    if (value instanceof Context c) {
      return c;
    }
    Object transport = reactor.getOrDefault(McpTransportContext.KEY, null);
    if (transport instanceof McpTransportContext t && t.get(CONTEXT) instanceof Context c) {
      return c;
    }
    return Context.current();
  }

  /** The tracing headers an extractor put in the transport context, or null. */
  @SuppressWarnings("unchecked")
  public static Map<String, ?> headers(McpTransportContext transport) {
    if (transport == null) {
      return null;
    }
    try {
      return transport.get(HEADERS) instanceof Map<?, ?> m ? (Map<String, ?>) m : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
