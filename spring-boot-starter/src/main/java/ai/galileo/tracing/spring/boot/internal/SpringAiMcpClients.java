package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.transport.mcp.McpTracing;
import io.modelcontextprotocol.spec.McpClientTransport;

/**
 * Spring AI's MCP client transports, traced. Spring AI's MCP client auto-configuration (1.1 and 2.0
 * alike) builds every {@code McpSyncClient} and {@code McpAsyncClient} from the
 * {@code List<NamedClientMcpTransport>} beans its transport auto-configurations declare (stdio, SSE,
 * streamable HTTP), and offers no hook that can replace a client's transport: decorating the
 * transports in those beans is how every request of every client carries the trace.
 *
 * <p>The record ({@code name}, {@code transport}) is the same in Spring AI 1.1 and 2.0; it is read
 * and rebuilt reflectively so that the starter does not need Spring AI's auto-configuration jar,
 * whose auto-configurations would otherwise be on the starter's own class path.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class SpringAiMcpClients {
  static final String NAMED_TRANSPORT =
      "org.springframework.ai.mcp.client.common.autoconfigure.NamedClientMcpTransport";

  private SpringAiMcpClients() {}

  static Object traced(Object named, McpTracing tracing) throws ReflectiveOperationException {
    Class<?> type = named.getClass();
    String name = (String) type.getMethod("name").invoke(named);
    McpClientTransport transport = (McpClientTransport) type.getMethod("transport").invoke(named);
    return type.getConstructor(String.class, McpClientTransport.class)
        .newInstance(name, tracing.clientTransport(transport));
  }
}
