package ai.galileo.tracing.langchain4j;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.langchain4j.internal.AgentSpans;
import ai.galileo.tracing.langchain4j.internal.TracerRef;
import dev.langchain4j.agentic.observability.AgentListener;
import java.util.Objects;

/**
 * Galileo tracing for {@code langchain4j-agentic}: the listener to give the top agent of an
 * agentic system, which its sub-agents inherit. Each agent invocation of a sequence, parallel,
 * loop, conditional or supervisor system becomes an {@code AGENT} span, nested as they ran, with
 * the agent type of its pattern and its inputs and output from the agentic scope; an AI agent's
 * span holds its LLM and TOOL spans.
 *
 * <pre>{@code
 * UntypedAgent novelCreator = AgenticServices.sequenceBuilder()
 *     .subAgents(creativeWriter, audienceEditor, styleEditor)
 *     .listener(GalileoAgentic.listener())
 *     .outputKey("story")
 *     .build();
 * }</pre>
 *
 * <p>A class of its own, apart from {@link GalileoLangChain4j}: {@code langchain4j-agentic} is
 * optional, and only this class needs it on the class path.
 *
 * @since 0.1.0
 */
public final class GalileoAgentic {
  private GalileoAgentic() {}

  /**
   * The listener, logging with the tracer {@link Galileo#tracer()} returns at each call (the one
   * the AI Services of the agents log with, unless registered by hand).
   */
  public static AgentListener listener() {
    return new AgentSpans(TracerRef.global());
  }

  /** The listener, logging with the given tracer. */
  public static AgentListener listener(Tracer tracer) {
    return new AgentSpans(TracerRef.of(Objects.requireNonNull(tracer, "tracer")));
  }
}
