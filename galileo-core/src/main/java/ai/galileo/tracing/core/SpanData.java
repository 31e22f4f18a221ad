package ai.galileo.tracing.core;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.internal.JsonText;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An immutable snapshot of a span (or of a trace, when {@link #type()} is {@link SpanType#TRACE}),
 * as handed to {@link SpanProcessor}s: once when it starts ({@link State#STARTED}, no output yet)
 * and once when it ends ({@link State#ENDED}). A span still open when the tracer shuts down is
 * handed out once more as {@link State#UNFINISHED}, with what it has, so that it is not lost.
 *
 * @param type what the span stands for
 * @param name its name
 * @param traceId the trace it belongs to
 * @param spanId its own id; equal to {@code traceId} for the trace itself
 * @param parentId the id of its parent, which is the trace id for spans directly under the trace;
 *     null for the trace itself
 * @param remoteParent true when the parent was made in another process (this span continues a trace
 *     that another service started)
 * @param sessionId the Galileo session of the trace, or null
 * @param input the input, or null
 * @param output the output, or null
 * @param metadata user metadata, including {@code service.name}; never null
 * @param tags tags; never null
 * @param statusCode the status code, or null
 * @param startEpochNanos wall-clock start, nanoseconds since the epoch
 * @param durationNanos the duration, or -1 in the snapshot taken at start
 * @param state which moment of the span's life this snapshot records
 * @param llm model details of an LLM span, or null
 * @param agentType the kind of agent of an AGENT span, or null when none was set
 * @param toolCallId the model's tool call a TOOL span executes, or null
 * @param redactedInput the input as it may be shown where the original may not (Galileo's {@code
 *     redacted_input}), set by hand or by the redactors of {@code GALILEO_REDACTION=fields}; or
 *     null
 * @param redactedOutput the output likewise (Galileo's {@code redacted_output}), or null
 * @since 0.1.0
 */
public record SpanData(
    SpanType type,
    String name,
    UUID traceId,
    UUID spanId,
    UUID parentId,
    boolean remoteParent,
    UUID sessionId,
    Content input,
    Content output,
    Map<String, String> metadata,
    List<String> tags,
    Integer statusCode,
    long startEpochNanos,
    long durationNanos,
    State state,
    LlmData llm,
    AgentType agentType,
    String toolCallId,
    Content redactedInput,
    Content redactedOutput) {

  /** A snapshot with no redacted input or output. */
  public SpanData(SpanType type, String name, UUID traceId, UUID spanId, UUID parentId,
      boolean remoteParent, UUID sessionId, Content input, Content output,
      Map<String, String> metadata, List<String> tags, Integer statusCode, long startEpochNanos,
      long durationNanos, State state, LlmData llm, AgentType agentType, String toolCallId) {
    this(type, name, traceId, spanId, parentId, remoteParent, sessionId, input, output, metadata,
        tags, statusCode, startEpochNanos, durationNanos, state, llm, agentType, toolCallId, null,
        null);
  }

  /** A snapshot with no agent type and no tool call id. */
  public SpanData(SpanType type, String name, UUID traceId, UUID spanId, UUID parentId,
      boolean remoteParent, UUID sessionId, Content input, Content output,
      Map<String, String> metadata, List<String> tags, Integer statusCode, long startEpochNanos,
      long durationNanos, State state, LlmData llm) {
    this(type, name, traceId, spanId, parentId, remoteParent, sessionId, input, output, metadata,
        tags, statusCode, startEpochNanos, durationNanos, state, llm, null, null, null, null);
  }

  /** The moment of a span's life a snapshot records. */
  public enum State {
    /** Taken as the span started: no output, no duration. */
    STARTED,
    /** Taken as the span ended: its final state. */
    ENDED,
    /** Taken at shutdown, for a span that was never ended: the last state it reached. */
    UNFINISHED
  }

  /** True for the final snapshot of a span that was ended. */
  public boolean ended() {
    return state == State.ENDED;
  }

  /** True for a snapshot that is final: the span ended, or the tracer shut down before it did. */
  public boolean isFinal() {
    return state != State.STARTED;
  }

  /** True for the trace itself, the root of the tree. */
  public boolean isTrace() {
    return type == SpanType.TRACE;
  }

  /**
   * What an LLM span adds: the model, its settings, token counts, why it stopped, the tools it was
   * offered and what happened inside the call. Null fields were not set; lists are never null,
   * hold no nulls and cannot be changed.
   *
   * <p>The JSON-valued fields of the tools and events ({@link ToolDefinition#parametersJson()},
   * the events' {@code ...Json} fields) are null or one valid JSON value as text: text that was
   * not JSON is replaced by a JSON string holding it, so it is never lost and exporters may copy
   * it as it is. The tracer checks such text once, when it is set on the span; lists from
   * elsewhere are checked here.
   *
   * @param model the model's name
   * @param temperature the sampling temperature
   * @param inputTokens tokens in the prompt
   * @param outputTokens tokens generated
   * @param totalTokens all tokens
   * @param timeToFirstTokenNanos time until the first token
   * @param finishReason why the model stopped, in the provider's words
   * @param tools the tools offered to the model
   * @param events reasoning, provider-run and MCP tool calls, in the order they were added
   * @param imageInputTokens image tokens in the prompt
   * @param imageOutputTokens image tokens generated
   * @param audioInputTokens audio tokens in the prompt
   * @param audioOutputTokens audio tokens generated
   */
  public record LlmData(
      String model,
      Double temperature,
      Long inputTokens,
      Long outputTokens,
      Long totalTokens,
      Long timeToFirstTokenNanos,
      String finishReason,
      List<ToolDefinition> tools,
      List<LlmEvent> events,
      Long imageInputTokens,
      Long imageOutputTokens,
      Long audioInputTokens,
      Long audioOutputTokens) {

    public LlmData {
      tools = JsonText.tools(tools); // the tracer's own lists pass as they are
      events = JsonText.events(events);
    }

    /** Model, settings and token counts only. */
    public LlmData(String model, Double temperature, Long inputTokens, Long outputTokens,
        Long totalTokens, Long timeToFirstTokenNanos) {
      this(model, temperature, inputTokens, outputTokens, totalTokens, timeToFirstTokenNanos,
          null, null, null, null, null, null, null);
    }
  }
}
