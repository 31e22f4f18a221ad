package ai.galileo.tracing.transport.mcp;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.transport.ServerSpan;
import ai.galileo.tracing.core.transport.ServerTracing;
import ai.galileo.tracing.core.transport.TrustPolicy;
import ai.galileo.tracing.transport.mcp.internal.McpAttributes;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server half of MCP tracing, for any MCP implementation: it uses no MCP SDK class. Built on
 * the core's {@link ServerTracing}: the caller's trace is read as the {@link TrustPolicy} allows,
 * and the handler runs under a server span named per OpenTelemetry's MCP conventions
 * ({@code tools/call get_weather}), whose id goes back in the result's {@code _meta}.
 *
 * <pre>{@code
 * McpServerHandler.Call call = handler.start(McpCall.builder("tools/call").target(name)
 *     .input(argumentsJson).build(), request.meta(), null);
 * try (Scope scope = call.makeCurrent()) {
 *   Result result = tool.apply(request);
 *   call.end(resultText, result.isError());
 *   return result.withMeta(call.resultMeta(result.meta()));
 * } catch (RuntimeException e) {
 *   call.endFailure(e);
 *   throw e;
 * }
 * }</pre>
 *
 * <p>Where the request came: its {@code _meta} wins, as the conventions say; only a request whose
 * {@code _meta} holds no tracing key at all is read from the HTTP request's headers, when the
 * transport has them. A {@code _meta} whose values are malformed is not mixed with headers: the
 * call gets a trace of its own, and still runs.
 *
 * @since 0.1.0
 */
public final class McpServerHandler {
  private final ServerTracing tracing;

  private McpServerHandler(ServerTracing tracing) {
    this.tracing = tracing;
  }

  /**
   * A server handler.
   *
   * @param tracer the tracer; null means {@link Galileo#tracer()}
   * @param policy what to do with a caller's trace; null means the configured one
   * @throws IllegalArgumentException if the policy is null and {@code GALILEO_SERVER_TRUST} is
   *     invalid
   */
  public static McpServerHandler create(Tracer tracer, TrustPolicy policy) {
    return new McpServerHandler(ServerTracing.create(tracer, policy));
  }

  public Tracer tracer() {
    return tracing.tracer();
  }

  public TrustPolicy trustPolicy() {
    return tracing.trustPolicy();
  }

  /**
   * Starts the server span of one request. Never throws because of what the request carries.
   *
   * @param call what the request is
   * @param meta the request's {@code params._meta}, or null
   * @param httpHeaders the HTTP request's headers (names in any case) when the transport is HTTP
   *     and they are known, else null; read only when {@code _meta} has no tracing key
   */
  public Call start(McpCall call, Map<String, ?> meta, Map<String, ?> httpHeaders) {
    Objects.requireNonNull(call, "call");
    Map<String, String> attributes = McpAttributes.of(call);
    ServerSpan span;
    if (httpHeaders != null && !hasTracingKey(meta)) {
      span = tracing.start(lowerCase(httpHeaders), HEADERS, call.spanName(), call.input(), attributes);
    } else {
      span = tracing.start(meta, McpMeta.GETTER, call.spanName(), call.input(), attributes);
    }
    return new Call(span);
  }

  private static boolean hasTracingKey(Map<String, ?> meta) {
    return meta != null && McpMeta.hasTracingKey(meta);
  }

  private static Map<String, Object> lowerCase(Map<String, ?> headers) {
    Map<String, Object> lower = new LinkedHashMap<>(headers.size() * 2);
    headers.forEach((name, value) -> {
      if (name != null) {
        lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
      }
    });
    return lower;
  }

  /** Headers by lower-case name; a list of values (as servlets give them) reads as its first. */
  private static final Propagator.Getter<Map<String, Object>> HEADERS = new Propagator.Getter<>() {
    @Override
    public String get(Map<String, Object> carrier, String name) {
      Object value = carrier.get(name.toLowerCase(Locale.ROOT));
      if (value instanceof java.util.List<?> list) {
        value = list.isEmpty() ? null : list.get(0);
      }
      return value instanceof String s && s.length() <= McpMeta.MAX_VALUE_LENGTH ? s : null;
    }
  };

  @Override
  public String toString() {
    return "McpServerHandler{policy=" + tracing.trustPolicy().configValue() + "}";
  }

  /**
   * The server side of one MCP request: its span and the context its handler runs in. Safe to use
   * from any thread; only the first end counts.
   *
   * @since 0.1.0
   */
  public static final class Call {
    private final ServerSpan span;
    private final AtomicBoolean ended = new AtomicBoolean();

    Call(ServerSpan span) {
      this.span = span;
    }

    /** The server span. */
    public Span span() {
      return span.span();
    }

    /** The context the handler runs in. */
    public Context context() {
      return span.context();
    }

    /** Makes {@link #context()} current on this thread until the scope closes. */
    public Scope makeCurrent() {
      return span.makeCurrent();
    }

    /**
     * The result's {@code _meta}: a copy of the given one (which may be null and is never changed)
     * with the server span's id under {@value McpMeta#SPAN_ID_KEY} when the span continues its
     * caller's trace, so the caller's completion waits for it; else the given one itself.
     */
    public Map<String, Object> resultMeta(Map<String, ?> existing) {
      Map<String, Object> meta = existing == null ? new LinkedHashMap<>(2) : new LinkedHashMap<>(existing);
      span.injectResponse(meta, McpMeta.SETTER);
      if (meta.get(McpMeta.SPAN_ID_KEY) == null
          || existing != null && meta.get(McpMeta.SPAN_ID_KEY).equals(existing.get(McpMeta.SPAN_ID_KEY))) {
        @SuppressWarnings("unchecked")
        Map<String, Object> same = (Map<String, Object>) existing;
        return same;
      }
      return meta;
    }

    /** The handler returned a result: its text as output, {@code isError} as a tool error. */
    public void end(String output, boolean isError) {
      if (ended.compareAndSet(false, true)) {
        McpAttributes.result(span.span(), output, isError);
        span.end(isError ? 500 : 200);
      }
    }

    /** The handler answered with a JSON-RPC error (an MCP error of the SDK, say). */
    public void endError(int code, String message) {
      if (ended.compareAndSet(false, true)) {
        McpAttributes.jsonRpcError(span.span(), code, message);
        span.end(McpAttributes.httpStatus(code));
      }
    }

    /** The handler threw, or its work was cancelled (null): recorded as an error. */
    public void endFailure(Throwable failure) {
      if (ended.compareAndSet(false, true)) {
        span.end(500, failure);
      }
    }

    public boolean isEnded() {
      return ended.get();
    }

    @Override
    public String toString() {
      return "McpServerHandler.Call{" + span + "}";
    }
  }
}
