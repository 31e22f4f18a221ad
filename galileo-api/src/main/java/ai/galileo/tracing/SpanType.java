package ai.galileo.tracing;

/**
 * What a span stands for, as Galileo classifies it.
 *
 * <p>{@link #TRACE} is the root of a trace and is made only by {@link Tracer#traceBuilder(String)};
 * the other types are spans nested under it, made by {@link Tracer#spanBuilder(String, SpanType)}.
 *
 * @since 0.1.0
 */
public enum SpanType {
  /** The root of a trace: one request, one conversation turn, one job. */
  TRACE("trace"),
  /** A group of steps, such as one pipeline stage or a call into another service. */
  WORKFLOW("workflow"),
  /** An agent deciding which steps to take. */
  AGENT("agent"),
  /** One call to a language model. */
  LLM("llm"),
  /** A retrieval of documents, as in the R of RAG. */
  RETRIEVER("retriever"),
  /** A call to a tool or function. */
  TOOL("tool");

  private final String wireName;

  SpanType(String wireName) {
    this.wireName = wireName;
  }

  /** The name Galileo's API uses for this type in the {@code type} field, such as {@code "llm"}. */
  public String wireName() {
    return wireName;
  }
}
