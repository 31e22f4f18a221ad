package ai.galileo.tracing;

import java.time.Instant;
import java.util.UUID;

/**
 * Describes a span before it starts. Obtain one from {@link Tracer}; a builder is meant for one
 * {@link #start()} and is not thread-safe.
 *
 * @since 0.1.0
 */
public interface SpanBuilder {

  /**
   * The context whose span is the parent. Without this the current context is used. Ignored by
   * {@link Tracer#traceBuilder(String) trace builders}: a trace is always a root.
   */
  SpanBuilder setParent(Context parent);

  SpanBuilder setInput(Content input);

  default SpanBuilder setInput(String input) {
    return setInput(input == null ? null : Content.text(input));
  }

  SpanBuilder setMetadata(String key, String value);

  SpanBuilder addTag(String tag);

  /** The Galileo session this trace belongs to (a multi-turn conversation). */
  SpanBuilder setSessionId(UUID sessionId);

  /** The model an LLM span calls. */
  SpanBuilder setModel(String model);

  /** The kind of agent an AGENT span stands for ({@link Span#setAgentType}). */
  default SpanBuilder setAgentType(AgentType agentType) {
    return this;
  }

  /** The id of the model's tool call a TOOL span executes ({@link Span#setToolCallId}). */
  default SpanBuilder setToolCallId(String toolCallId) {
    return this;
  }

  /** A start time other than now, for spans logged after the fact. */
  SpanBuilder setStartTimestamp(Instant start);

  /**
   * Starts the span. A span with no parent, neither given nor current, starts a trace of its
   * own of the same name, which ends when the span ends.
   */
  Span start();
}
