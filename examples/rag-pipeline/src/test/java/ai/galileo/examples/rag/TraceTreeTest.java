package ai.galileo.examples.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tree ./demo prints from the console's /api/traces/{id}: one line per span, with the agent fields. */
class TraceTreeTest {
  private static final String TRACE = "00000000-0000-0000-0000-000000000001";

  private static String span(String id, String parent, String type, String name, String at, String record) {
    return "{\"id\":\"" + id + "\",\"parent_id\":" + (parent == null ? "null" : "\"" + parent + "\"")
        + ",\"type\":\"" + type + "\",\"name\":\"" + name + "\",\"created_at\":\"" + at + "\",\"duration_ns\":2500000,"
        + "\"service_name\":\"orchestrator\",\"record\":" + record + "}";
  }

  @Test
  void eachSpanLineEndsWithTheAgentFieldsItsRecordHolds() {
    String detail = "{\"trace\":{\"id\":\"" + TRACE + "\",\"name\":\"answer question\",\"duration_ns\":9000000,"
        + "\"services\":[\"orchestrator\"],\"record\":{\"user_metadata\":{\"service.name\":\"orchestrator\"}}},\"spans\":["
        + span("a", null, "agent", "ResearchAgent.answer", "2024-05-01T00:00:01Z", "{\"agent_type\":\"react\"}") + ","
        + span("l1", "a", "llm", "chat m", "2024-05-01T00:00:02Z", "{\"finish_reason\":\"tool_calls\",\"tools\":["
            + "{\"type\":\"function\",\"function\":{\"name\":\"search_knowledge_base\",\"parameters\":{}}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"current_date\"}}]}") + ","
        + span("t", "a", "tool", "search_knowledge_base", "2024-05-01T00:00:03Z", "{\"tool_call_id\":\"call_1\"}") + ","
        + span("l2", "a", "llm", "chat m", "2024-05-01T00:00:04Z", "{\"finish_reason\":\"stop\",\"tools\":null}") + ","
        + span("w", null, "workflow", "plain", "2024-05-01T00:00:05Z", "{\"finish_reason\":\"\",\"user_metadata\":{}}")
        + "]}";
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      TraceTree.print(Json.parse(detail));
    } finally {
      System.setOut(out);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "trace " + TRACE + "  answer question  [orchestrator]  9.0 ms  (services: orchestrator)",
        "  agent  ResearchAgent.answer  [orchestrator]  2.5 ms  agent_type=react",
        "    llm  chat m  [orchestrator]  2.5 ms  finish_reason=tool_calls tools=search_knowledge_base,current_date",
        "    tool  search_knowledge_base  [orchestrator]  2.5 ms  tool_call_id=call_1",
        "    llm  chat m  [orchestrator]  2.5 ms  finish_reason=stop",
        "  workflow  plain  [orchestrator]  2.5 ms");
  }

  @Test
  void toolsInAnotherShapeAreNamedAsWellAsTheyCanBe() {
    assertThat(TraceTree.details(Json.parse("{\"tools\":[{\"name\":\"lookup\"},{\"x\":1}]}")))
        .isEqualTo("tools=lookup,?");
    assertThat(TraceTree.details(Json.parse("{\"tools\":\"not a list\",\"agent_type\":3}"))).isEmpty();
  }
}
