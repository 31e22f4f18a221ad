package ai.galileo.examples.rag;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * The agent's tools: one that calls the retrieval service (over the transport's traced client, so
 * the service's spans join the trace) and one that runs here and calls nothing. Each is an object
 * of its own, so LangChain4j offers them to the model in this order (the order of a class's
 * methods is not defined), and the demo's model calls them in this order.
 */
final class AgentTools {
  static final String SEARCH = "search_knowledge_base";
  static final String DATE = "current_date";

  private AgentTools() {}

  /** The tool objects to give the AI Service, the search first. */
  static List<Object> of(RetrievalClient retrieval, Clock clock) {
    return List.of(new Search(retrieval), new Today(clock));
  }

  /** Searches the knowledge base through the retrieval service. */
  static final class Search {
    private final RetrievalClient retrieval;

    Search(RetrievalClient retrieval) {
      this.retrieval = retrieval;
    }

    /** The passages the retrieval service found, one numbered line each ({@code [1] ...}). */
    @Tool(name = SEARCH, value = "Searches the knowledge base about Galileo Galilei and returns the"
        + " passages found, one numbered line each")
    String search(@P(name = "query", value = "the words to search for") String query) throws IOException {
      JsonNode answer = Json.parse(retrieval.search(Json.request(query, 3)));
      StringBuilder passages = new StringBuilder();
      int n = 0;
      for (JsonNode r : answer.path("results")) {
        passages.append('[').append(++n).append("] ").append(r.path("content").asText()).append('\n');
      }
      return passages.isEmpty() ? "No passages found." : passages.toString();
    }
  }

  /** Today's date, from the clock given: a tool that calls nothing. */
  static final class Today {
    private final Clock clock;

    Today(Clock clock) {
      this.clock = clock;
    }

    @Tool(name = DATE, value = "Today's date (ISO-8601), for questions that depend on it")
    String today() {
      return LocalDate.now(clock).toString();
    }
  }
}
