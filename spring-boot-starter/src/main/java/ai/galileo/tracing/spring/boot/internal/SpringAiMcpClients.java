package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.transport.mcp.McpTracing;
import org.springframework.ai.mcp.client.common.autoconfigure.NamedClientMcpTransport;

/**
 * Spring AI's MCP client transports, traced. Spring AI's MCP client auto-configuration (1.1 and 2.0
 * alike) builds every {@code McpSyncClient} and {@code McpAsyncClient} from the
 * {@code List<NamedClientMcpTransport>} beans its transport auto-configurations declare (stdio, SSE,
 * streamable HTTP), and offers no hook that can replace a client's transport: decorating the
 * transports in those beans is how every request of every client carries the trace. Kept in a
 * class of its own so that nothing else needs Spring AI on the class path.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class SpringAiMcpClients {
  private SpringAiMcpClients() {}

  static Object traced(Object bean, McpTracing tracing) {
    NamedClientMcpTransport named = (NamedClientMcpTransport) bean;
    return new NamedClientMcpTransport(named.name(), tracing.clientTransport(named.transport()));
  }
}
