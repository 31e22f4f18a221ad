package ai.galileo.tracing.transport.mcp.internal;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.transport.mcp.McpCall;
import ai.galileo.tracing.transport.mcp.McpClientHandler;
import ai.galileo.tracing.transport.mcp.McpMeta;
import ai.galileo.tracing.transport.mcp.McpServerHandler;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Runs the official SDK's tool, prompt and resource handlers inside the caller's trace: the server
 * span starts when the handler is called (for an asynchronous one, when its {@code Mono} is
 * subscribed), is current while the handler runs on the thread that runs it (and in the Reactor
 * context of an asynchronous one, under {@link McpTracingKeys#CONTEXT}), ends with the result, and
 * names itself in the result's {@code _meta}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
@SuppressWarnings("try") // scopes are opened for their effect on the thread
public final class TracedHandlers {
  private final McpServerHandler handler;

  public TracedHandlers(McpServerHandler handler) {
    this.handler = handler;
  }

  /** What the handlers of one kind of request read and write. */
  public interface Kind<Q, R> {
    McpCall.Builder describe(Q request);

    Map<String, Object> meta(Q request);

    String output(R result);

    boolean isError(R result);

    Map<String, Object> resultMeta(R result);

    R withMeta(R result, Map<String, Object> meta);
  }

  public static final Kind<McpSchema.CallToolRequest, McpSchema.CallToolResult> TOOL = new Kind<>() {
    @Override
    public McpCall.Builder describe(McpSchema.CallToolRequest r) {
      McpCall.Builder b = McpCall.builder(McpCall.TOOLS_CALL).target(r.name())
          .input(JsonValues.write(r.arguments()));
      if (r.meta() != null && r.meta().get(McpClientHandler.TOOL_CALL_ID_KEY) instanceof String id) {
        b.toolCallId(id);
      }
      return b;
    }

    @Override
    public Map<String, Object> meta(McpSchema.CallToolRequest r) {
      return r.meta();
    }

    @Override
    public String output(McpSchema.CallToolResult r) {
      return text(r.content());
    }

    @Override
    public boolean isError(McpSchema.CallToolResult r) {
      return Boolean.TRUE.equals(r.isError());
    }

    @Override
    public Map<String, Object> resultMeta(McpSchema.CallToolResult r) {
      return r.meta();
    }

    @Override
    public McpSchema.CallToolResult withMeta(McpSchema.CallToolResult r, Map<String, Object> meta) {
      return new McpSchema.CallToolResult(r.content(), r.isError(), r.structuredContent(), meta);
    }
  };

  public static final Kind<McpSchema.GetPromptRequest, McpSchema.GetPromptResult> PROMPT = new Kind<>() {
    @Override
    public McpCall.Builder describe(McpSchema.GetPromptRequest r) {
      return McpCall.builder("prompts/get").target(r.name()).input(JsonValues.write(r.arguments()));
    }

    @Override
    public Map<String, Object> meta(McpSchema.GetPromptRequest r) {
      return r.meta();
    }

    @Override
    public String output(McpSchema.GetPromptResult r) {
      return null;
    }

    @Override
    public boolean isError(McpSchema.GetPromptResult r) {
      return false;
    }

    @Override
    public Map<String, Object> resultMeta(McpSchema.GetPromptResult r) {
      return r.meta();
    }

    @Override
    public McpSchema.GetPromptResult withMeta(McpSchema.GetPromptResult r, Map<String, Object> meta) {
      return new McpSchema.GetPromptResult(r.description(), r.messages(), meta);
    }
  };

  public static final Kind<McpSchema.ReadResourceRequest, McpSchema.ReadResourceResult> RESOURCE = new Kind<>() {
    @Override
    public McpCall.Builder describe(McpSchema.ReadResourceRequest r) {
      return McpCall.builder("resources/read").resourceUri(r.uri());
    }

    @Override
    public Map<String, Object> meta(McpSchema.ReadResourceRequest r) {
      return r.meta();
    }

    @Override
    public String output(McpSchema.ReadResourceResult r) {
      return null;
    }

    @Override
    public boolean isError(McpSchema.ReadResourceResult r) {
      return false;
    }

    @Override
    public Map<String, Object> resultMeta(McpSchema.ReadResourceResult r) {
      return r.meta();
    }

    @Override
    public McpSchema.ReadResourceResult withMeta(McpSchema.ReadResourceResult r, Map<String, Object> meta) {
      return new McpSchema.ReadResourceResult(r.contents(), meta);
    }
  };

  private <Q, R> McpServerHandler.Call start(Kind<Q, R> kind, McpTransportContext transport,
      String sessionId, Q request) {
    Map<String, ?> headers = McpTracingKeys.headers(transport);
    McpCall.Builder call = request == null ? McpCall.builder("unknown") : kind.describe(request);
    call.sessionId(sessionId);
    if (headers != null) {
      call.networkTransport("tcp");
    }
    return handler.start(call.build(), request == null ? null : kind.meta(request), headers);
  }

  /** Runs a synchronous handler under its server span. */
  public <Q, R> R run(Kind<Q, R> kind, McpTransportContext transport, String sessionId, Q request,
      Supplier<R> handlerCall) {
    McpServerHandler.Call call;
    try {
      call = start(kind, transport, sessionId, request);
    } catch (RuntimeException e) {
      return handlerCall.get(); // tracing must never stop a handler
    }
    R result;
    try (Scope scope = call.makeCurrent()) {
      result = handlerCall.get();
    } catch (RuntimeException e) {
      fail(call, e);
      throw withSpanId(call, kind, request, e);
    } catch (Error e) {
      fail(call, e);
      throw e;
    }
    return finish(kind, call, result);
  }

  /** Runs an asynchronous handler under its server span, from subscription to its end. */
  public <Q, R> Mono<R> runAsync(Kind<Q, R> kind, McpTransportContext transport, String sessionId,
      Q request, Supplier<Mono<R>> handlerCall) {
    return Mono.defer(() -> {
      McpServerHandler.Call call;
      try {
        call = start(kind, transport, sessionId, request);
      } catch (RuntimeException e) {
        return handlerCall.get();
      }
      Mono<R> mono;
      try (Scope scope = call.makeCurrent()) {
        mono = handlerCall.get();
      } catch (RuntimeException e) {
        fail(call, e);
        return Mono.error(withSpanId(call, kind, request, e));
      } catch (Error e) {
        fail(call, e);
        throw e;
      }
      if (mono == null) {
        call.end(null, false);
        return Mono.empty();
      }
      return mono
          .map(result -> finish(kind, call, result))
          .doOnSuccess(result -> {
            if (result == null) {
              call.end(null, false);
            }
          })
          .doOnError(e -> fail(call, e))
          .onErrorMap(RuntimeException.class, e -> withSpanId(call, kind, request, e))
          .doOnCancel(() -> call.endFailure(new CancellationException("MCP request cancelled")))
          .contextWrite(c -> c.put(McpTracingKeys.CONTEXT, call.context()));
    });
  }

  private static <Q, R> R finish(Kind<Q, R> kind, McpServerHandler.Call call, R result) {
    if (result == null) {
      call.end(null, false);
      return null;
    }
    try {
      call.end(kind.output(result), kind.isError(result));
      Map<String, Object> existing = kind.resultMeta(result);
      Map<String, Object> withId = call.resultMeta(existing);
      return withId == existing ? result : kind.withMeta(result, withId);
    } catch (RuntimeException e) {
      return result; // the answer goes out without our id rather than not at all
    }
  }

  /**
   * The handler's exception as the SDK should answer it, with the server span's id in the JSON-RPC
   * error's {@code data._meta} when the span continues its caller's trace, so that the caller's
   * distributed-mode completion waits for this span as it does for a result's (and for an HTTP
   * 500's {@code X-Galileo-Span-ID}). Every SDK server transport answers an {@link McpError} with
   * its {@code JSONRPCError} as it is, and anything else with {@code -32603} and the exception's
   * messages, so:
   *
   * <ul>
   *   <li>an {@code McpError} whose {@code data} is absent or an object keeps its code, message and
   *       data, and its data gains {@code _meta} (other keys of a {@code _meta} it had are kept);
   *   <li>an {@code McpError} whose {@code data} is a string, number or array is left alone: the id
   *       cannot be added without changing what the data is, and the caller then completes without
   *       waiting for this span;
   *   <li>any other exception, when the caller sent Galileo's own {@code _meta} keys (only such a
   *       caller reads the id), becomes the {@code McpError} the SDK would have made of it,
   *       {@code -32603} with the exception's message, whose data is an object: the messages of
   *       the exception and its causes under {@code details} (the SDK's text) and {@code _meta};
   *       for other callers it is left to the SDK, whose data is that text alone.
   * </ul>
   *
   * The original exception is the new one's cause. Never throws: on any trouble the handler's own
   * exception goes on.
   */
  private static <Q> RuntimeException withSpanId(McpServerHandler.Call call, Kind<Q, ?> kind, Q request,
      RuntimeException e) {
    try {
      Map<String, Object> meta = call.resultMeta(null);
      if (meta == null) {
        return e; // the span does not continue a caller's trace: nobody waits for it
      }
      McpSchema.JSONRPCResponse.JSONRPCError error;
      if (e instanceof McpError mcp) {
        McpSchema.JSONRPCResponse.JSONRPCError original = mcp.getJsonRpcError();
        if (original == null) {
          return e;
        }
        Object data = original.data();
        if (data != null && !(data instanceof Map<?, ?>)) {
          return e;
        }
        error = new McpSchema.JSONRPCResponse.JSONRPCError(original.code(), original.message(),
            withMeta((Map<?, ?>) data, meta));
      } else {
        Map<String, Object> requestMeta = request == null ? null : kind.meta(request);
        if (!sentGalileoKeys(requestMeta)) {
          return e;
        }
        Map<String, Object> data = new LinkedHashMap<>(4);
        data.put("details", McpError.aggregateExceptionMessages(e));
        data.put("_meta", meta);
        error = new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR,
            e.getMessage(), data);
      }
      McpError replaced = new McpError(error);
      replaced.initCause(e);
      replaced.setStackTrace(e.getStackTrace());
      return replaced;
    } catch (RuntimeException trouble) {
      return e;
    }
  }

  private static Map<String, Object> withMeta(Map<?, ?> data, Map<String, Object> spanMeta) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (data != null) {
      data.forEach((k, v) -> out.put(String.valueOf(k), v));
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    if (out.get("_meta") instanceof Map<?, ?> existing) {
      existing.forEach((k, v) -> meta.put(String.valueOf(k), v));
    }
    meta.putAll(spanMeta);
    out.put("_meta", meta);
    return out;
  }

  /** True if the request's {@code _meta} has a key under Galileo's prefix: the caller is ours. */
  private static boolean sentGalileoKeys(Map<String, Object> meta) {
    if (meta != null) {
      for (String key : meta.keySet()) {
        if (key != null && key.startsWith(McpMeta.PREFIX)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void fail(McpServerHandler.Call call, Throwable e) {
    if (e instanceof McpError mcp && mcp.getJsonRpcError() != null && mcp.getJsonRpcError().code() != null) {
      call.endError(mcp.getJsonRpcError().code(), mcp.getJsonRpcError().message());
    } else {
      call.endFailure(e);
    }
  }

  private static String text(List<McpSchema.Content> content) {
    if (content == null || content.isEmpty()) {
      return null;
    }
    StringBuilder out = null;
    for (McpSchema.Content item : content) {
      if (item instanceof McpSchema.TextContent t && t.text() != null) {
        out = out == null ? new StringBuilder(t.text().length()) : out.append('\n');
        out.append(t.text());
      }
    }
    return out == null ? null : out.toString();
  }
}
