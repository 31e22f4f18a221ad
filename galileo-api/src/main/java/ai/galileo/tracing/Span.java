package ai.galileo.tracing;

import ai.galileo.tracing.internal.PropagatedSpan;
import java.time.Instant;
import java.util.List;

/**
 * One node of a trace: the trace itself ({@link SpanType#TRACE}) or a span under it.
 *
 * <p>A span is started by a {@link SpanBuilder}, filled in while it runs, and ended exactly once;
 * later calls to {@link #end()} and to the setters are ignored. All methods are safe to call from
 * any thread and never throw for bad values: a null is ignored. Ending the trace concludes it: in
 * distributed mode that is when the trace is marked complete, after every pending span send of it.
 *
 * <p>A span ended without an output takes the output of its child that ended last with one, as
 * Galileo's SDKs do.
 *
 * <p>Spans are {@link AutoCloseable} so that try-with-resources ends them:
 *
 * <pre>{@code
 * try (Span span = tracer.spanBuilder("retrieve", SpanType.RETRIEVER).setInput(query).start();
 *      Scope scope = span.makeCurrent()) {
 *   span.setOutput(Content.documents(search(query)));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Span extends AutoCloseable {

  /** The span of the current context, or {@link #invalid()} when there is none. Never null. */
  static Span current() {
    return Context.current().span();
  }

  /**
   * A span that records nothing and only carries the given identity, for example a parent received
   * from another service. Spans started under it join that trace.
   */
  static Span wrap(SpanContext spanContext) {
    return spanContext == null || !spanContext.isValid()
        ? PropagatedSpan.INVALID
        : new PropagatedSpan(spanContext);
  }

  /** A span that records nothing and has no identity. */
  static Span invalid() {
    return PropagatedSpan.INVALID;
  }

  /** The ids this span is known by, here and in other services. */
  SpanContext context();

  /** What this span stands for; {@link SpanType#TRACE} for the root. */
  SpanType type();

  /** True while this span records what is set on it: it is real and not yet ended. */
  boolean isRecording();

  Span setName(String name);

  Span setInput(Content input);

  default Span setInput(String input) {
    return setInput(input == null ? null : Content.text(input));
  }

  Span setOutput(Content output);

  default Span setOutput(String output) {
    return setOutput(output == null ? null : Content.text(output));
  }

  /**
   * The input as it may be shown where the original may not, set by hand: with {@code
   * GALILEO_REDACTION=fields} (or {@code off}) it is sent as Galileo's {@code redacted_input} in
   * place of the one the redactors would make; with {@code mask} it is sent instead of the input.
   * Must have a shape the span's type takes as input, like {@link #setInput(Content)}.
   *
   * @since 0.1.0
   */
  default Span setRedactedInput(Content redactedInput) {
    return this;
  }

  /**
   * Same as {@link #setRedactedInput(Content)} with text.
   *
   * @since 0.1.0
   */
  default Span setRedactedInput(String redactedInput) {
    return setRedactedInput(redactedInput == null ? null : Content.text(redactedInput));
  }

  /**
   * The output as it may be shown where the original may not, set by hand; see {@link
   * #setRedactedInput(Content)}: Galileo's {@code redacted_output}, or the output itself with
   * {@code GALILEO_REDACTION=mask}.
   *
   * @since 0.1.0
   */
  default Span setRedactedOutput(Content redactedOutput) {
    return this;
  }

  /**
   * Same as {@link #setRedactedOutput(Content)} with text.
   *
   * @since 0.1.0
   */
  default Span setRedactedOutput(String redactedOutput) {
    return setRedactedOutput(redactedOutput == null ? null : Content.text(redactedOutput));
  }

  /** Adds one entry of user metadata; Galileo stores metadata as strings. */
  Span setMetadata(String key, String value);

  Span addTag(String tag);

  /** The status code, such as an HTTP status; 200 is success in Galileo's console. */
  Span setStatusCode(int statusCode);

  /** The model an LLM span called. Ignored by other span types when exported. */
  Span setModel(String model);

  /** The sampling temperature of an LLM span. */
  Span setTemperature(double temperature);

  /** Input and output token counts of an LLM span; the total is their sum unless set. */
  Span setTokens(long inputTokens, long outputTokens);

  /** The total token count of an LLM span, when it differs from input plus output. */
  Span setTotalTokens(long totalTokens);

  /** Time from the request to the model's first token, in nanoseconds. */
  Span setTimeToFirstTokenNanos(long nanos);

  /**
   * Why the model stopped, in the provider's own words ({@code stop}, {@code tool_calls},
   * {@code length}, {@code content_filter}, ...): an LLM span's {@code finish_reason}. Text the
   * SDK does not know passes through as it is.
   */
  default Span setFinishReason(String finishReason) {
    return this;
  }

  /**
   * The tools offered to the model on this LLM call, which Galileo's tool-selection metrics compare
   * the model's choice with. Replaces any set before.
   */
  default Span setTools(List<ToolDefinition> tools) {
    return this;
  }

  /** Adds something that happened inside this LLM call: reasoning, a provider-run or MCP tool. */
  default Span addEvent(LlmEvent event) {
    return this;
  }

  /** Image token counts of an LLM span, in the prompt and in the answer. */
  default Span setImageTokens(long inputTokens, long outputTokens) {
    return this;
  }

  /** Audio token counts of an LLM span, in the prompt and in the answer. */
  default Span setAudioTokens(long inputTokens, long outputTokens) {
    return this;
  }

  /**
   * The kind of agent an AGENT span stands for. Galileo cannot change it once the span was sent,
   * so where the span may be sent when it starts (distributed mode) set it on the
   * {@link SpanBuilder#setAgentType builder}.
   */
  default Span setAgentType(AgentType agentType) {
    return this;
  }

  /**
   * The id of the model's tool call a TOOL span executes, which links it to the LLM span that asked
   * for it. As with {@link #setAgentType}, prefer the {@link SpanBuilder#setToolCallId builder}.
   */
  default Span setToolCallId(String toolCallId) {
    return this;
  }

  /**
   * Overrides the measured duration, for spans logged after the fact (such as an LLM call whose
   * timing the client library reported).
   */
  Span setDurationNanos(long nanos);

  /**
   * Records a failure: the error's type and message go to metadata ({@code error.type},
   * {@code error.message}) and the status code becomes 500 unless one was set.
   */
  Span recordError(Throwable error);

  /** Ends the span now. Only the first call counts. */
  void end();

  /** Ends the span at the given wall-clock time. Only the first call counts. */
  void end(Instant endTime);

  /** Sets the output and ends the span. */
  default void end(Content output) {
    setOutput(output);
    end();
  }

  /** Sets the output and ends the span. */
  default void end(String output) {
    setOutput(output);
    end();
  }

  /** Makes this span current on this thread until the returned scope is closed. */
  default Scope makeCurrent() {
    return Context.current().with(this).makeCurrent();
  }

  /** Same as {@link #end()}, so that try-with-resources ends the span. */
  @Override
  default void close() {
    end();
  }
}
