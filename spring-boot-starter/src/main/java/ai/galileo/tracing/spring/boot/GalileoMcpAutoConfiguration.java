package ai.galileo.tracing.spring.boot;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.spring.boot.internal.McpTracingPostProcessor;
import ai.galileo.tracing.transport.mcp.McpTracing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * MCP (Model Context Protocol), when galileo-transport-mcp and the official MCP Java SDK are on the
 * class path, as Spring AI's MCP client and server starters bring it: an {@link McpTracing} bean
 * (declare your own to replace it), and a bean post-processor that applies it to what those
 * starters build from beans. Spring AI's MCP client transports ({@code List<NamedClientMcpTransport>}
 * beans) are decorated, so every request of every client carries the trace in {@code _meta} and
 * each {@code tools/call} is a {@code TOOL} span; the SDK's tool, prompt and resource
 * specifications (beans, or {@code List} beans, Spring AI's tool callbacks converted among them)
 * run their handlers inside the caller's trace, and answer with the server span's id.
 *
 * <p>{@code galileo.mcp.enabled=false} leaves all of it out; {@code galileo.mcp.client.enabled}
 * and {@code galileo.mcp.server.enabled} turn one side off. Specifications you trace yourself with
 * {@code McpTracing} should not be beans as well: they would be traced twice.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = GalileoAutoConfiguration.class)
@ConditionalOnClass(name = {"ai.galileo.tracing.transport.mcp.McpTracing",
    "io.modelcontextprotocol.spec.McpSchema"})
@ConditionalOnBean(GalileoTracer.class)
@ConditionalOnBooleanProperty(name = "galileo.mcp.enabled", matchIfMissing = true)
public class GalileoMcpAutoConfiguration {
  private static final String SPRING_AI_CLIENT =
      "org.springframework.ai.mcp.client.common.autoconfigure.NamedClientMcpTransport";

  /** Called by Spring. */
  public GalileoMcpAutoConfiguration() {}

  /**
   * Traces with the application's tracer, no client spans but for {@code tools/call}, and
   * {@code galileo.server-trust}.
   */
  @Bean
  @ConditionalOnMissingBean
  public McpTracing galileoMcpTracing(GalileoTracer tracer) {
    return McpTracing.create(tracer);
  }

  /**
   * Static, as bean post-processors should be: it asks for the {@link McpTracing} bean only when
   * the first MCP bean is made.
   */
  @Bean
  public static McpTracingPostProcessor galileoMcpTracingPostProcessor(ObjectProvider<McpTracing> tracing,
      Environment environment) {
    boolean server = environment.getProperty("galileo.mcp.server.enabled", Boolean.class, true);
    boolean client = environment.getProperty("galileo.mcp.client.enabled", Boolean.class, true)
        && present(SPRING_AI_CLIENT);
    return new McpTracingPostProcessor(tracing::getObject, server, client);
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, GalileoMcpAutoConfiguration.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
