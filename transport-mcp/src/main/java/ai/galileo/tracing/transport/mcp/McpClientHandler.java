package ai.galileo.tracing.transport.mcp;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.RecordingSpan;
import ai.galileo.tracing.core.transport.ClientSpan;
import ai.galileo.tracing.core.transport.ClientTracing;
import ai.galileo.tracing.transport.mcp.internal.McpAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client half of MCP tracing, for any MCP implementation: it uses no MCP SDK class, so an
 * integration that builds its own MCP messages (LangChain4j's, say) calls it with its own types.
 * Built on the core's {@link ClientTracing}, so distributed mode's completion rule holds as for
 * HTTP: every call under a trace holds its trace's completion until it ends, and the server's span
 * id, read from the result's {@code _meta}, makes the completion wait for that span too.
 *
 * <pre>{@code
 * McpClientHandler.Call call = handler.start(Context.current(), McpCall.builder("tools/call")
 *     .target(name).requestId(id).input(argumentsJson).build());
 * Map<String, Object> meta = call.meta(request.meta());    // params._meta to send
 * ... send, await the response ...
 * call.end(result.meta(), resultText, result.isError());   // or endError / endFailure
 * }</pre>
 *
 * <p>Spans, per OpenTelemetry's MCP conventions, named {@code {method} {target}}: a
 * {@code tools/call} is a {@link SpanType#TOOL} span ({@code tools/call get_weather}) with the
 * arguments as input, the result's text as output, {@code isError} recorded as
 * {@code error.type = tool_error}, and the model's tool call id when known: the call's own (from
 * the request's {@code _meta} under {@value #TOOL_CALL_ID_KEY}, say), else the current
 * {@code TOOL} span's. One TOOL span per tool execution: a {@code tools/call} made while a
 * recording {@code TOOL} span is current (a framework's, such as LangChain4j's or Spring AI's tool
 * span) opens none of its own; that span gets the MCP attributes (and, for an error, the error's)
 * as metadata, its ids go in {@code _meta} so the server's span nests directly under it, and it is
 * left for its owner to end. Other methods get a {@link SpanType#WORKFLOW} span only with client spans
 * on. Calls outside any trace are neither traced nor carry anything.
 *
 * @since 0.1.0
 */
public final class McpClientHandler {
  /**
   * The {@code _meta} key under which a caller may name the model's tool call a
   * {@code tools/call} executes; the TOOL span records it as its tool call id.
   */
  public static final String TOOL_CALL_ID_KEY = McpMeta.PREFIX + "tool-call-id";

  private final Tracer tracer;
  private final boolean clientSpans;
  /** Without spans of its own: the injection and distributed mode's hold. */
  private final ClientTracing holds;

  private McpClientHandler(Tracer tracer, boolean clientSpans) {
    this.tracer = tracer;
    this.clientSpans = clientSpans;
    this.holds = ClientTracing.create(tracer, false);
  }

  /**
   * A client handler.
   *
   * @param tracer the tracer whose propagators write {@code _meta}; null means {@link Galileo#tracer()}
   * @param clientSpans whether methods other than {@code tools/call} get spans of their own
   */
  public static McpClientHandler create(Tracer tracer, boolean clientSpans) {
    return new McpClientHandler(tracer == null ? Galileo.tracer() : tracer, clientSpans);
  }

  public Tracer tracer() {
    return tracer;
  }

  /** True if methods other than {@code tools/call} get spans of their own. */
  public boolean clientSpans() {
    return clientSpans;
  }

  /**
   * Starts the client side of one request or notification under the parent context. Never throws
   * because of tracing.
   */
  public Call start(Context parent, McpCall call) {
    Objects.requireNonNull(call, "call");
    Context p = parent == null ? Context.root() : parent;
    if (call.isToolCall() && isOpenToolSpan(p.span())) {
      // A framework's TOOL span for this execution is open: it stays the one TOOL span, carries
      // the MCP attributes, and its ids go on the wire; its owner ends it.
      Span tool = p.span();
      McpAttributes.of(call).forEach(tool::setMetadata);
      return new Call(tool, false, holds.start(p, call.spanName(), null), holds);
    }
    Span span = null;
    if (p.span().context().isValid() && (call.isToolCall() || clientSpans)) {
      span = startSpan(p, call);
    }
    Context context = span == null ? p : p.with(span);
    return new Call(span, true, holds.start(context, call.spanName(), null), holds);
  }

  /** A recording TOOL span: the tool execution a framework traces, still open. */
  private static boolean isOpenToolSpan(Span span) {
    return span.type() == SpanType.TOOL && span.isRecording();
  }

  private Span startSpan(Context parent, McpCall call) {
    McpCall c = call;
    if (call.isToolCall() && call.toolCallId() == null) {
      String inherited = toolCallIdOf(parent.span());
      if (inherited != null) {
        c = copyWithToolCallId(call, inherited);
      }
    }
    SpanBuilder builder = tracer.spanBuilder(c.spanName(),
        c.isToolCall() ? SpanType.TOOL : SpanType.WORKFLOW).setParent(parent);
    if (c.input() != null) {
      builder.setInput(c.input());
    }
    if (c.toolCallId() != null) {
      builder.setToolCallId(c.toolCallId()); // on the builder: distributed mode may post it at start
    }
    return McpAttributes.apply(builder, c).start();
  }

  /** The tool call id of the current span when it is a TOOL span of this SDK's core, else null. */
  private static String toolCallIdOf(Span span) {
    if (span.type() != SpanType.TOOL || !(span instanceof RecordingSpan recording)) {
      return null;
    }
    SpanData data = recording.unfinishedSnapshot();
    return data == null ? null : data.toolCallId();
  }

  private static McpCall copyWithToolCallId(McpCall c, String toolCallId) {
    return McpCall.builder(c.method()).target(c.target()).requestId(c.requestId())
        .resourceUri(c.resourceUri()).sessionId(c.sessionId()).protocolVersion(c.protocolVersion())
        .networkTransport(c.networkTransport()).input(c.input()).toolCallId(toolCallId).build();
  }

  @Override
  public String toString() {
    return "McpClientHandler{clientSpans=" + clientSpans + "}";
  }

  /**
   * The client side of one MCP request or notification. End it exactly once, whatever the outcome
   * (only the first end counts); safe to use from any thread.
   *
   * @since 0.1.0
   */
  public static final class Call {
    private final Span span;
    /** False when {@link #span} is a framework's TOOL span this call only annotates. */
    private final boolean owned;
    private final ClientSpan hold;
    private final ClientTracing holds;
    private final AtomicBoolean ended = new AtomicBoolean();

    Call(Span span, boolean owned, ClientSpan hold, ClientTracing holds) {
      this.span = span;
      this.owned = owned;
      this.hold = hold;
      this.holds = holds;
    }

    /** The context the request carries: the caller's, with this call's span when it has one. */
    public Context context() {
      return hold.context();
    }

    /**
     * The call's span (its own, or the open TOOL span it annotates; see {@link #ownsSpan()}), or
     * {@link Span#invalid()}.
     */
    public Span span() {
      return span == null ? Span.invalid() : span;
    }

    public boolean hasSpan() {
      return span != null;
    }

    /**
     * False when the call's span is a framework's open TOOL span, which the call annotates but
     * does not end.
     *
     * @since 0.1.0
     */
    public boolean ownsSpan() {
      return span != null && owned;
    }

    /** True if the request carries a trace: it was made inside one. */
    public boolean carriesTrace() {
      return hold.context().span().context().isValid();
    }

    /**
     * Writes the trace into a mutable {@code _meta} map, after removing any tracing values it
     * held. Does nothing outside a trace.
     */
    public void inject(Map<String, Object> meta) {
      holds.inject(hold.context(), meta, McpMeta.SETTER, McpMeta.REMOVER);
    }

    /**
     * The {@code _meta} to send: a copy of the given one (which may be null and is never changed)
     * with the trace written in, or the given one itself outside a trace.
     */
    public Map<String, Object> meta(Map<String, ?> existing) {
      if (!carriesTrace()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> same = (Map<String, Object>) existing;
        return same;
      }
      if (existing == null || !McpMeta.hasTracingKey(existing)) {
        // Nothing stale to remove: write straight into a fresh copy (the common, hot case).
        Map<String, Object> meta = existing == null ? new LinkedHashMap<>(4) : new LinkedHashMap<>(existing);
        holds.inject(hold.context(), meta, McpMeta.SETTER, null);
        return meta;
      }
      Map<String, Object> meta = new LinkedHashMap<>(existing);
      inject(meta);
      return meta;
    }

    /**
     * A result came back: reads the server's span id from its {@code _meta} (may be null), records
     * the output text and whether the result is an error ({@code isError}), and ends the call.
     */
    public void end(Map<String, ?> resultMeta, String output, boolean isError) {
      if (ended.compareAndSet(false, true)) {
        hold.extractResponse(resultMeta, McpMeta.GETTER);
        if (span != null && owned) {
          McpAttributes.result(span, output, isError);
          span.end();
        } else if (span != null && isError) {
          McpAttributes.toolError(span, output); // the owner records the output and status
        }
        hold.end(0, null);
      }
    }

    /** A JSON-RPC error came back: its code and message are recorded; ends the call. */
    public void endError(Map<String, ?> errorMeta, int code, String message) {
      if (ended.compareAndSet(false, true)) {
        hold.extractResponse(errorMeta, McpMeta.GETTER);
        if (span != null && owned) {
          McpAttributes.jsonRpcError(span, code, message);
          span.end();
        } else if (span != null) {
          McpAttributes.jsonRpcErrorMetadata(span, code, message);
        }
        hold.end(0, null);
      }
    }

    /**
     * No answer: the request could not be sent, timed out or the connection closed; ends the call
     * with the failure. A notification, which has no answer, ends with {@code endFailure(null)}
     * once sent.
     */
    public void endFailure(Throwable failure) {
      if (ended.compareAndSet(false, true)) {
        if (span != null && owned) {
          if (failure != null) {
            span.recordError(failure);
          }
          span.end();
        }
        hold.end(0, null);
      }
    }

    /** True once the call was ended. */
    public boolean isEnded() {
      return ended.get();
    }

    @Override
    public String toString() {
      return "McpClientHandler.Call{" + span() + (ended.get() ? ", ended" : "") + "}";
    }
  }
}
