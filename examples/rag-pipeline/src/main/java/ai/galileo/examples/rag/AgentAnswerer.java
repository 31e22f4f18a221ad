package ai.galileo.examples.rag;

import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolProvider;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answers with the {@link ResearchAgent}: the LangChain4j AI Service over the orchestrator's chat
 * model (with Galileo's listener) and the {@link AgentTools}. The AI Service needs no tracing code:
 * galileo-langchain4j registers its listeners with every AI Service built. With the MCP tool
 * server's tools ({@link AgentMcpTools}), those are offered too, after the agent's own. A tool that fails is
 * reported to the model, as LangChain4j does, and also fails the question, as a failed retrieval
 * does in the pipeline without the agent.
 */
final class AgentAnswerer {
  private final ResearchAgent agent;
  private final LanguageModel llm;
  private final List<String> toolFailures = new CopyOnWriteArrayList<>();

  AgentAnswerer(LanguageModel llm, RetrievalClient retrieval, Clock clock) {
    this(llm, retrieval, clock, null);
  }

  /** @param mcpTools the MCP tool server's tools, offered after the agent's own; null for none */
  AgentAnswerer(LanguageModel llm, RetrievalClient retrieval, Clock clock, ToolProvider mcpTools) {
    this.llm = llm;
    AiServices<ResearchAgent> builder = AiServices.builder(ResearchAgent.class)
        .chatModel(llm.model())
        .tools(AgentTools.of(retrieval, clock));
    if (mcpTools != null) {
      builder.toolProvider(mcpTools);
    }
    this.agent = builder
        .toolExecutionErrorHandler((error, context) -> {
          String failure = context.toolExecutionRequest().name() + ": " + error.getMessage();
          toolFailures.add(failure);
          return ToolErrorHandlerResult.text("The tool failed: " + error.getMessage());
        })
        .build();
  }

  /** The agent's answer; fails when the model could not be reached or a tool failed. */
  String answer(String question) throws IOException {
    toolFailures.clear();
    String answer;
    try {
      answer = agent.answer(question);
    } catch (RuntimeException e) {
      throw new IOException(llm.unreachable() + ": " + e.getMessage(), e);
    }
    if (!toolFailures.isEmpty()) {
      throw new IOException("the agent's tool failed (" + String.join("; ", toolFailures) + ")");
    }
    return answer;
  }
}
