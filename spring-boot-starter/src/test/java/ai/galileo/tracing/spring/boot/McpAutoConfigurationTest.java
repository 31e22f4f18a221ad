package ai.galileo.tracing.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import ai.galileo.tracing.transport.mcp.McpMeta;
import ai.galileo.tracing.transport.mcp.McpTracing;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * The MCP auto-configuration's wiring, bean by bean: the SDK's tool specification lists run their
 * handlers in the caller's trace, and each switch leaves them as they were. Spring AI's client
 * transports (a Spring AI class, which is not on this module's class path) and the whole path (Spring
 * AI's MCP client and server, a ChatClient) are tested in galileo-spring-ai's McpTest, on Spring AI
 * 1.1 and 2.0.
 */
class McpAutoConfigurationTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(GalileoAutoConfiguration.class, GalileoMcpAutoConfiguration.class))
      .withBean(GalileoTracer.class, tracing::tracer)
      .withUserConfiguration(McpBeans.class);

  /** What Spring AI's MCP server auto-configuration declares: tools converted to specifications. */
  @Configuration(proxyBeanMethods = false)
  static class McpBeans {
    static final List<Context> handlerContexts = new ArrayList<>();

    /** Not a list of MCP beans: left as it is. */
    @Bean
    List<Object> otherList() {
      return List.of(new StubTransport());
    }

    @Bean
    List<McpServerFeatures.SyncToolSpecification> syncTools() {
      McpSchema.Tool tool = McpSchema.Tool.builder().name("get_weather").description("weather")
          .inputSchema(new McpSchema.JsonSchema("object", Map.of(), List.of(), null, null, null)).build();
      return List.of(McpServerFeatures.SyncToolSpecification.builder().tool(tool)
          .callHandler((exchange, request) -> {
            handlerContexts.add(Context.current());
            return McpSchema.CallToolResult.builder().addTextContent("Sunny").build();
          }).build());
    }
  }

  @Test
  void aToolSpecificationBeansHandlerRunsInTheCallersTraceAndAnswersWithItsSpanId() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(McpTracing.class);
      assertThat(transports(context.getBean("otherList")).get(0)).isInstanceOf(StubTransport.class);

      // A request from a traced caller: its _meta as the client side writes it.
      Span caller = tracing.tracer().traceBuilder("agent").start();
      Map<String, Object> meta = new HashMap<>();
      tracing.tracer().propagator().inject(Context.root().with(caller), meta, McpMeta.SETTER);
      caller.end();
      McpServerFeatures.SyncToolSpecification spec = tools(context.getBean("syncTools")).get(0);
      McpSchema.CallToolResult result = spec.callHandler().apply(exchange(),
          new McpSchema.CallToolRequest("get_weather", Map.of(), meta));

      SpanData server = tracing.span("tools/call get_weather");
      assertThat(server.traceId()).isEqualTo(caller.context().traceId());
      assertThat(server.parentId()).isEqualTo(caller.context().spanId());
      assertThat(server.remoteParent()).isTrue();
      assertThat(McpBeans.handlerContexts.get(McpBeans.handlerContexts.size() - 1).span().context().spanId())
          .isEqualTo(server.spanId());
      assertThat(result.meta()).containsEntry(McpMeta.SPAN_ID_KEY, server.spanId().toString());
    });
  }

  @Test
  void eachSwitchLeavesTheBeansAsTheyWere() {
    runner.withPropertyValues("galileo.mcp.enabled=false").run(context -> {
      assertThat(context).doesNotHaveBean(McpTracing.class);
      assertThat(tools(context.getBean("syncTools")).get(0).callHandler().getClass().getName())
          .contains("McpBeans");
    });
    runner.withPropertyValues("galileo.mcp.client.enabled=false").run(context ->
        assertThat(tools(context.getBean("syncTools")).get(0).callHandler().getClass().getName())
            .as("the server side still traced").contains("McpTracing"));
    runner.withPropertyValues("galileo.mcp.server.enabled=false").run(context ->
        assertThat(tools(context.getBean("syncTools")).get(0).callHandler().getClass().getName())
            .contains("McpBeans"));
    runner.withClassLoader(new FilteredClassLoader("ai.galileo.tracing.transport.mcp")).run(context -> {
      assertThat(context.getBeanNamesForType(McpTracing.class)).isEmpty();
      assertThat(tools(context.getBean("syncTools")).get(0).callHandler().getClass().getName())
          .contains("McpBeans");
    });
  }

  @Test
  void anMcpTracingOfTheApplicationsOwnIsUsed() {
    McpTracing mine = McpTracing.builder(tracing.tracer()).clientSpans(true).build();
    runner.withBean("myMcpTracing", McpTracing.class, () -> mine)
        .run(context -> assertThat(context.getBean(McpTracing.class)).isSameAs(mine));
  }

  private static McpSyncServerExchange exchange() {
    return new McpSyncServerExchange(new McpAsyncServerExchange("session-1", null, null, null,
        McpTransportContext.EMPTY));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> transports(Object bean) {
    return (List<Object>) bean;
  }

  @SuppressWarnings("unchecked")
  private static List<McpServerFeatures.SyncToolSpecification> tools(Object bean) {
    return (List<McpServerFeatures.SyncToolSpecification>) bean;
  }

  /** An MCP object the post-processor has no business with. */
  static final class StubTransport implements McpClientTransport {
    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
      return Mono.empty();
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return Mono.empty();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      throw new UnsupportedOperationException("the auto-configuration test never reads through this stand-in transport");
    }

    @Override
    public String toString() {
      return "stub";
    }
  }
}
