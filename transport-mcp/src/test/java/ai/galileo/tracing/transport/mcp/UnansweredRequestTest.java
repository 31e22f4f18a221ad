package ai.galileo.tracing.transport.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/**
 * A request whose answer never comes: its TOOL span ends as failed after the request timeout
 * (found by the transport's periodic sweep, not a timer per request), or when the transport
 * closes; and an answer that comes later than that changes nothing.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnansweredRequestTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  /** A transport whose server never answers: it keeps what is sent, and can answer later. */
  static final class SilentTransport implements McpClientTransport {
    final List<McpSchema.JSONRPCMessage> sent = new CopyOnWriteArrayList<>();
    volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> incoming;

    @Override
    public Mono<Void> connect(
        Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
      this.incoming = handler;
      return Mono.empty();
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      sent.add(message);
      return Mono.empty();
    }

    void answer(Object id) {
      incoming.apply(Mono.just(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, id,
          Map.of("content", List.of(Map.of("type", "text", "text", "late"))), null))).block();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return McpJsonDefaults.getMapper().convertValue(data, typeRef);
    }
  }

  private static McpSchema.JSONRPCRequest toolCall(String id) {
    return new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_CALL, id,
        new McpSchema.CallToolRequest("get_weather", Map.of("city", "Pisa")));
  }

  @Test
  void aRequestWithoutAnswerEndsAsFailedAfterTheTimeoutAndALateAnswerChangesNothing() throws Exception {
    SilentTransport silent = new SilentTransport();
    McpClientTransport transport = McpTracing.builder(tracing.tracer())
        .requestTimeout(Duration.ofMillis(200)).build().clientTransport(silent);
    transport.connect(m -> m).block();

    Span agent = tracing.tracer().traceBuilder("agent").start();
    transport.sendMessage(toolCall("1"))
        .contextWrite(c -> c.put(McpTracing.REACTOR_CONTEXT_KEY, Context.root().with(agent)))
        .block();
    assertThat(((McpSchema.JSONRPCRequest) silent.sent.get(0)).params())
        .as("the request went out with the trace").asString().contains("traceparent");

    SpanData tool = tracing.awaitSpan("tools/call get_weather", Duration.ofSeconds(20));
    assertThat(tool.type()).isEqualTo(SpanType.TOOL);
    assertThat(tool.parentId()).isEqualTo(agent.context().spanId());
    assertThat(tool.statusCode()).isEqualTo(500);
    assertThat(tool.metadata()).containsEntry("error.type", "java.util.concurrent.TimeoutException");

    silent.answer("1"); // too late: the call was ended, nothing is recorded twice
    agent.end();
    tracing.awaitSpan("agent", Duration.ofSeconds(20));
    assertThat(tracing.spans("tools/call get_weather")).hasSize(1);
    assertThat(tracing.spans("tools/call get_weather").get(0).output()).isNull();
  }

  @Test
  void closingTheTransportEndsTheRequestsStillWaiting() throws Exception {
    SilentTransport silent = new SilentTransport();
    McpClientTransport transport = McpTracing.create(tracing.tracer()).clientTransport(silent);
    transport.connect(m -> m).block();

    Span agent = tracing.tracer().traceBuilder("agent").start();
    transport.sendMessage(toolCall("7"))
        .contextWrite(c -> c.put(McpTracing.REACTOR_CONTEXT_KEY, Context.root().with(agent)))
        .block();
    transport.closeGracefully().block();
    agent.end();

    SpanData tool = tracing.awaitSpan("tools/call get_weather", Duration.ofSeconds(20));
    assertThat(tool.statusCode()).isEqualTo(500);
    assertThat(tool.metadata()).containsEntry("error.message", "MCP transport closed before the response came");
  }
}
