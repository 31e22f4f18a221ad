package ai.galileo.tracing.transport.mcp.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.transport.mcp.McpCall;
import ai.galileo.tracing.transport.mcp.McpClientHandler;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/**
 * Decorates any {@link McpClientTransport} (stdio, SSE, streamable HTTP, or one of the user's):
 * every request and notification the client sends carries the caller's trace in
 * {@code params._meta}, and each request under a trace is an {@link McpClientHandler.Call} that
 * ends when its response comes back through {@link #connect}, matched by JSON-RPC id.
 *
 * <p>The caller's context is read when the message is sent, first from the Reactor context (under
 * {@link McpTracingKeys#CONTEXT}, directly or inside the SDK's {@link McpTransportContext}, which
 * follows a call across the SDK's thread hops such as the implicit initialization before a first
 * call), then from the sending thread. A request that never gets its answer is ended as failed
 * after the timeout, or when the transport closes.
 *
 * <p>Overdue requests are found by one periodic sweep per transport, not by a timer per request:
 * scheduling and cancelling a timer for every call wakes a Reactor timer thread whenever the timer
 * becomes the head of its queue, which on a client making one call at a time is nearly every call,
 * a context switch on a machine with few cores (the core's export pipeline avoids per-span
 * wake-ups for the same reason). The sweep runs every twentieth of the timeout (at least 10 ms, at
 * most 1 s), so a span ends at most that much later than its timeout.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class TracingClientTransport implements McpClientTransport {
  private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {};

  private final McpClientTransport delegate;
  private final McpClientHandler handler;
  private final String networkTransport;
  private final long timeoutNanos;
  private final long sweepPeriodNanos;
  private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();
  /** The periodic sweep for overdue requests, started by the first request; null until then. */
  private final AtomicReference<Disposable> sweeper = new AtomicReference<>();

  public TracingClientTransport(McpClientTransport delegate, McpClientHandler handler, Duration timeout) {
    this.delegate = delegate;
    this.handler = handler;
    this.networkTransport = networkTransport(delegate);
    this.timeoutNanos = timeout.toNanos();
    // A twentieth of the timeout, between 10 ms and 1 s: the SDK's 20 s default is swept each second.
    this.sweepPeriodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
        Math.min(TimeUnit.SECONDS.toNanos(1), timeoutNanos / 20));
  }

  public McpClientTransport delegate() {
    return delegate;
  }

  /** {@code pipe} for stdio, {@code tcp} for the SDK's HTTP transports, else unknown (null). */
  private static String networkTransport(McpClientTransport transport) {
    String name = transport.getClass().getName();
    if (name.startsWith("io.modelcontextprotocol.client.transport.")) {
      if (name.endsWith(".StdioClientTransport")) {
        return "pipe";
      }
      if (name.contains(".HttpClient")) {
        return "tcp";
      }
    }
    return null;
  }

  @Override
  public Mono<Void> connect(
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> incoming) {
    return delegate.connect(messages -> incoming.apply(messages.doOnNext(this::received)));
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCRequest || message instanceof McpSchema.JSONRPCNotification) {
      return Mono.deferContextual(reactor -> send(message, reactor));
    }
    return delegate.sendMessage(message); // our answers to the server's requests
  }

  private Mono<Void> send(McpSchema.JSONRPCMessage message, ContextView reactor) {
    Context parent = McpTracingKeys.context(reactor);
    if (!parent.span().context().isValid()) {
      return delegate.sendMessage(message); // outside a trace: nothing to carry, nothing to hold
    }
    McpClientHandler.Call call;
    McpSchema.JSONRPCMessage traced;
    String id = null;
    try {
      call = handler.start(parent, describe(message, reactor));
      traced = withMeta(message, call);
      if (message instanceof McpSchema.JSONRPCRequest request && request.id() != null) {
        id = String.valueOf(request.id());
        Pending p = new Pending(id, call, System.nanoTime() + timeoutNanos);
        Pending previous = pending.put(id, p);
        if (previous != null) {
          previous.call.endFailure(null);
        }
        if (sweeper.get() == null) {
          startSweeper();
        }
      }
    } catch (RuntimeException e) {
      return delegate.sendMessage(message); // tracing must never stop a message
    }
    if (id == null) { // a notification is done once sent, or once it could not be
      McpClientHandler.Call notification = call;
      return delegate.sendMessage(traced)
          .doOnError(notification::endFailure)
          .doFinally(signal -> notification.endFailure(null));
    }
    String key = id;
    return delegate.sendMessage(traced).doOnError(error -> {
      Pending p = pending.remove(key);
      if (p != null) {
        p.call.endFailure(error);
      }
    });
  }

  /** What the message is, per the conventions; the arguments of tools and prompts as input. */
  private McpCall describe(McpSchema.JSONRPCMessage message, ContextView reactor) {
    String method;
    Object params;
    McpCall.Builder b;
    if (message instanceof McpSchema.JSONRPCRequest r) {
      method = r.method();
      params = r.params();
      b = McpCall.builder(method).requestId(r.id());
    } else {
      McpSchema.JSONRPCNotification n = (McpSchema.JSONRPCNotification) message;
      method = n.method();
      params = n.params();
      b = McpCall.builder(method);
    }
    b.networkTransport(networkTransport);
    Object version = reactor.getOrDefault(McpAsyncClient.NEGOTIATED_PROTOCOL_VERSION, null);
    if (version instanceof String v) {
      b.protocolVersion(v);
    }
    if (params instanceof McpSchema.CallToolRequest r) {
      b.target(r.name()).input(JsonValues.write(r.arguments()));
      if (r.meta() != null && r.meta().get(McpClientHandler.TOOL_CALL_ID_KEY) instanceof String id) {
        b.toolCallId(id);
      }
    } else if (params instanceof McpSchema.GetPromptRequest r) {
      b.target(r.name()).input(JsonValues.write(r.arguments()));
    } else if (params instanceof McpSchema.ReadResourceRequest r) {
      b.resourceUri(r.uri());
    } else if (params instanceof Map<?, ?> m) {
      if (m.get("name") instanceof String name
          && (McpCall.TOOLS_CALL.equals(method) || "prompts/get".equals(method))) {
        b.target(name).input(JsonValues.write(m.get("arguments")));
      }
      if (m.get("uri") instanceof String uri) {
        b.resourceUri(uri);
      }
      Map<String, ?> meta = JsonValues.map(m, "_meta");
      if (meta != null && meta.get(McpClientHandler.TOOL_CALL_ID_KEY) instanceof String id) {
        b.toolCallId(id);
      }
    }
    return b.build();
  }

  /** The message with the trace in its params' {@code _meta}; the SDK's own records rebuilt. */
  private McpSchema.JSONRPCMessage withMeta(McpSchema.JSONRPCMessage message, McpClientHandler.Call call) {
    if (message instanceof McpSchema.JSONRPCRequest r) {
      return new McpSchema.JSONRPCRequest(r.jsonrpc(), r.method(), r.id(), withMeta(r.params(), call));
    }
    McpSchema.JSONRPCNotification n = (McpSchema.JSONRPCNotification) message;
    return new McpSchema.JSONRPCNotification(n.jsonrpc(), n.method(), withMeta(n.params(), call));
  }

  private Object withMeta(Object params, McpClientHandler.Call call) {
    if (params instanceof McpSchema.CallToolRequest r) { // the hot path, kept typed
      return new McpSchema.CallToolRequest(r.name(), r.arguments(), call.meta(r.meta()));
    }
    if (params instanceof McpSchema.GetPromptRequest r) {
      return new McpSchema.GetPromptRequest(r.name(), r.arguments(), call.meta(r.meta()));
    }
    if (params instanceof McpSchema.ReadResourceRequest r) {
      return new McpSchema.ReadResourceRequest(r.uri(), call.meta(r.meta()));
    }
    Map<String, Object> map;
    if (params == null) {
      map = new LinkedHashMap<>(2);
    } else if (params instanceof Map<?, ?> m) {
      map = new LinkedHashMap<>(m.size() + 1);
      m.forEach((k, v) -> map.put(String.valueOf(k), v));
    } else {
      // Any other record of the SDK's, in its own JSON shape: its mapper knows its field names.
      map = new LinkedHashMap<>(delegate.unmarshalFrom(params, MAP));
    }
    map.put("_meta", call.meta(JsonValues.map(map, "_meta")));
    return map;
  }

  private void received(McpSchema.JSONRPCMessage message) {
    if (!(message instanceof McpSchema.JSONRPCResponse response) || pending.isEmpty()
        || response.id() == null) {
      return;
    }
    Pending p = pending.remove(String.valueOf(response.id()));
    if (p == null) {
      return;
    }
    try {
      McpSchema.JSONRPCResponse.JSONRPCError error = response.error();
      if (error != null) {
        p.call.endError(JsonValues.map(error.data(), "_meta"),
            error.code() == null ? -32603 : error.code(), error.message());
        return;
      }
      Object result = response.result();
      Map<?, ?> map = result instanceof Map<?, ?> m ? m
          : result == null ? Map.of() : delegate.unmarshalFrom(result, MAP);
      boolean toolCall = p.call.span().type() == ai.galileo.tracing.SpanType.TOOL;
      String text = toolCall ? JsonValues.text(map.get("content")) : null;
      p.call.end(JsonValues.map(map, "_meta"), text, Boolean.TRUE.equals(map.get("isError")));
    } catch (RuntimeException e) {
      p.call.endFailure(null); // an odd result must not reach the client's own handling
    }
  }

  private void startSweeper() {
    Disposable started = Sweep.start(this, sweepPeriodNanos);
    if (!sweeper.compareAndSet(null, started)) {
      started.dispose(); // another request started it first
    }
  }

  private void stopSweeper() {
    Disposable s = sweeper.getAndSet(null);
    if (s != null) {
      s.dispose();
    }
  }

  /** Ends every request still waiting: their answers cannot come any more. */
  private void endPending(String why) {
    for (String key : List.copyOf(pending.keySet())) {
      Pending p = pending.remove(key);
      if (p != null) {
        p.call.endFailure(new IllegalStateException(why));
      }
    }
  }

  @Override
  public void setExceptionHandler(Consumer<Throwable> handler) {
    delegate.setExceptionHandler(handler);
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      stopSweeper();
      endPending("MCP transport closed before the response came");
    }
  }

  @Override
  public Mono<Void> closeGracefully() {
    return delegate.closeGracefully()
        .doFinally(signal -> {
          stopSweeper();
          endPending("MCP transport closed before the response came");
        });
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return delegate.unmarshalFrom(data, typeRef);
  }

  @Override
  public List<String> protocolVersions() {
    return delegate.protocolVersions();
  }

  @Override
  public String toString() {
    return "Galileo MCP client tracing of " + delegate;
  }

  /** One request waiting for its response. */
  private record Pending(String key, McpClientHandler.Call call, long deadline) {}

  /**
   * The periodic sweep of one transport's pending requests: ends, as failed, each one whose answer
   * is overdue. It holds the transport weakly and its pending requests strongly, so a client
   * dropped without being closed is not kept alive by its sweep, and its last requests still end;
   * the sweep then stops itself.
   */
  private static final class Sweep implements Runnable {
    private final WeakReference<TracingClientTransport> transport;
    private final ConcurrentMap<String, Pending> pending;
    private final long timeoutMillis;
    private volatile Disposable self;

    private Sweep(TracingClientTransport transport) {
      this.transport = new WeakReference<>(transport);
      this.pending = transport.pending;
      this.timeoutMillis = TimeUnit.NANOSECONDS.toMillis(transport.timeoutNanos);
    }

    static Disposable start(TracingClientTransport transport, long periodNanos) {
      Sweep sweep = new Sweep(transport);
      Disposable d = Schedulers.parallel().schedulePeriodically(sweep, periodNanos, periodNanos,
          TimeUnit.NANOSECONDS);
      sweep.self = d;
      return d;
    }

    @Override
    public void run() {
      if (!pending.isEmpty()) {
        long now = System.nanoTime();
        for (Pending p : pending.values()) {
          if (now - p.deadline() >= 0 && pending.remove(p.key(), p)) {
            try {
              p.call().endFailure(new java.util.concurrent.TimeoutException(
                  "No MCP response within " + timeoutMillis + " ms"));
            } catch (RuntimeException e) {
              // one failing span end must not stop the sweep
            }
          }
        }
      }
      if (transport.get() == null && pending.isEmpty()) {
        Disposable d = self;
        if (d != null) {
          d.dispose();
        }
      }
    }
  }
}
