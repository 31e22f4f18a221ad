package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.ContextKey;
import ai.galileo.tracing.Span;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@code langchain4j-agentic} AI agent about to run, put in the context by the agent listener
 * for the agent's own AI Service invocation to take: that invocation's span becomes the agent's
 * {@code AGENT} span, named after the agent, with its inputs, and the agent type the AI Service's
 * tools decide ({@code react} with tools). One agent, one span, with its LLM and TOOL spans under
 * it. The AI Service side is the one that knows whether tools are offered, which Galileo needs when
 * the span starts, hence this hand-over rather than a span the listener starts.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class AgentSlot {
  static final ContextKey<AgentSlot> KEY = ContextKey.named("galileo.langchain4j.agentSlot");

  final String name;
  final String agentId;
  final Content input;
  final Instant started;
  private final AtomicBoolean taken = new AtomicBoolean();
  /** The span the invocation made, once it took the slot. */
  private volatile Span span;

  AgentSlot(String name, String agentId, Content input, Instant started) {
    this.name = name;
    this.agentId = agentId;
    this.input = input;
    this.started = started;
  }

  /** True for the first invocation that asks, the agent's own; any later one nests under it. */
  boolean take() {
    return taken.compareAndSet(false, true);
  }

  void taken(Span span) {
    this.span = span;
  }

  /** The agent's span, or null when no traced invocation took the slot. */
  Span span() {
    return span;
  }
}
