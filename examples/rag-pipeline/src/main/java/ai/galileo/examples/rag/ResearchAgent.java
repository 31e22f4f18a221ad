package ai.galileo.examples.rag;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/**
 * The orchestrator as a LangChain4j agent ({@code --agent}): an AI Service whose model chooses
 * among the {@link AgentTools} and answers from what they returned. Each question is one
 * invocation, which the integration logs as a span named {@code ResearchAgent.answer}.
 */
interface ResearchAgent {
  @SystemMessage("You answer questions about Galileo Galilei. Search the knowledge base with "
      + AgentTools.SEARCH + " and answer only from the passages it returns. Be brief.")
  String answer(@UserMessage String question);
}
