package ai.galileo.examples.rag;

import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.langchain4j.GalileoLangChain4jMcp;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.service.tool.ToolProvider;
import java.time.Duration;

/**
 * The agent's tools from the MCP tool server ({@code --mcp-url}): LangChain4j's MCP client over
 * streamable HTTP, configured by {@link GalileoLangChain4jMcp}, so each request carries the trace
 * in {@code params._meta} and the tool server's spans nest under the tool's span; its tools are
 * offered to the AI Service through LangChain4j's {@link McpToolProvider}, after the agent's own.
 */
final class AgentMcpTools implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final String url;
  private final McpClient client;
  private final ToolProvider provider;

  private AgentMcpTools(String url, McpClient client) {
    this.url = url;
    this.client = client;
    // A tool server that cannot list its tools fails the question rather than silently offering
    // the model fewer tools.
    this.provider = McpToolProvider.builder().mcpClients(client).failIfOneServerFails(true).build();
  }

  /** Connects (MCP's initialize) to the server at the URL; fails when it cannot be reached. */
  static AgentMcpTools connect(String url, Tracer tracer) {
    GalileoLangChain4jMcp tracing = GalileoLangChain4jMcp.builder().tracer(tracer).requestTimeout(TIMEOUT).build();
    McpClient client = tracing.configure(DefaultMcpClient.builder())
        .key("timeline")
        .transport(StreamableHttpMcpTransport.builder().url(url).timeout(TIMEOUT).build())
        .initializationTimeout(TIMEOUT)
        .toolExecutionTimeout(TIMEOUT)
        .autoHealthCheck(false)
        .build();
    return new AgentMcpTools(url, client);
  }

  ToolProvider toolProvider() {
    return provider;
  }

  String url() {
    return url;
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      // closing at exit: nothing left to do with it
    }
  }
}
