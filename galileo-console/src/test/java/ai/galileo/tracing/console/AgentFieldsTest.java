package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.ok;
import static ai.galileo.tracing.console.BadInputTest.assert422;
import static ai.galileo.tracing.console.Records.span;
import static ai.galileo.tracing.console.Records.spansIngest;
import static ai.galileo.tracing.console.Records.trace;
import static ai.galileo.tracing.console.Records.tracesIngest;
import static ai.galileo.tracing.console.Records.withSpans;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fields Galileo's agent views read (an LLM span's finish reason, tools offered, events and
 * image and audio tokens; an agent span's agent type; a tool span's tool call id): stored as sent,
 * returned by Galileo's read routes and the web view's API, and checked as Galileo checks them.
 */
class AgentFieldsTest {
  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  Api api;
  UUID project;
  UUID stream;
  String traces;

  @BeforeEach
  void setUp() {
    api = console.v2();
    project = api.project("agents");
    stream = api.logStream(project, "default");
    traces = "/projects/" + project + "/traces";
  }

  @Test
  void anAgentTracesFieldsAreStoredAndReturnedByGalileosRoutesAndTheWebViewsApi() {
    AgentRecords agent = new AgentRecords();
    ok(api.post(traces, tracesIngest(stream, true, agent.trace())));

    JsonNode llm = ok(api.get("/projects/" + project + "/spans/" + agent.llmId)).json();
    assertThat(llm.path("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(llm.path("tools")).isEqualTo(AgentRecords.tools());
    assertThat(llm.path("events")).hasSize(4);
    assertThat(llm.path("events").get(0).path("content").asText()).isEqualTo(AgentRecords.REASONING);
    assertThat(llm.path("events").get(0).path("summary").get(0).path("text").asText())
        .isEqualTo(AgentRecords.SUMMARY);
    assertThat(llm.path("events").get(2).path("arguments").path("query").asText())
        .isEqualTo("umbrella Paris spring");
    assertThat(llm.path("metrics").path("num_image_input_tokens").asLong()).isEqualTo(85);
    assertThat(llm.path("metrics").path("num_audio_input_tokens").asLong()).isEqualTo(120);
    assertThat(llm.path("metrics").path("num_audio_output_tokens").asLong()).isZero();

    JsonNode tree = ok(api.get(traces + "/" + agent.traceId)).json();
    JsonNode agentSpan = tree.path("spans").get(0);
    assertThat(agentSpan.path("agent_type").asText()).isEqualTo("react");
    JsonNode tool = agentSpan.path("spans").get(1);
    assertThat(tool.path("type").asText()).isEqualTo("tool");
    assertThat(tool.path("tool_call_id").asText()).isEqualTo(AgentRecords.CALL_ID);

    JsonNode ui = ok(console.bare().get("/api/traces/" + agent.traceId)).json();
    for (JsonNode s : ui.path("spans")) {
      JsonNode r = s.path("record");
      switch (s.path("type").asText()) {
        case "agent" -> assertThat(r.path("agent_type").asText()).isEqualTo("react");
        case "tool" -> assertThat(r.path("tool_call_id").asText()).isEqualTo(AgentRecords.CALL_ID);
        case "llm" -> {
          assertThat(r.path("tools")).isEqualTo(AgentRecords.tools());
          assertThat(r.path("finish_reason").asText()).isIn("tool_calls", "stop");
        }
        default -> throw new AssertionError(s);
      }
    }
  }

  @Test
  void theTypeScriptSdksCamelCaseNamesAreStoredUnderGalileosNames() {
    UUID traceId = UUID.randomUUID();
    UUID agentId = UUID.randomUUID();
    UUID llmId = UUID.randomUUID();
    UUID toolId = UUID.randomUUID();
    ObjectNode agent = span("agent", agentId, "agent", "ts");
    agent.put("agentType", "supervisor");
    ObjectNode llm = span("llm", llmId, "llm", "ts");
    llm.putArray("input");
    llm.set("output", AgentRecords.message("assistant", "ok"));
    llm.put("finishReason", "stop");
    llm.set("tools", AgentRecords.tools());
    llm.putArray("events").addObject().put("type", "mcp_call").put("toolName", "search_docs")
        .put("serverName", "docs").put("errorMessage", "timed out").put("status", "failed");
    ((ObjectNode) llm.get("metrics")).put("numImageInputTokens", 3).put("numAudioOutputTokens", 4);
    ObjectNode tool = span("tool", toolId, "tool", "ts");
    tool.put("toolCallId", "call_1");
    ok(api.post(traces, tracesIngest(stream, true,
        withSpans(trace(traceId, "ts"), withSpans(agent, llm, tool)))));

    JsonNode stored = ok(api.get("/projects/" + project + "/spans/" + llmId)).json();
    assertThat(stored.path("finish_reason").asText()).isEqualTo("stop");
    JsonNode event = stored.path("events").get(0);
    assertThat(event.path("tool_name").asText()).isEqualTo("search_docs");
    assertThat(event.path("server_name").asText()).isEqualTo("docs");
    assertThat(event.path("error_message").asText()).isEqualTo("timed out");
    assertThat(stored.path("metrics").path("num_image_input_tokens").asLong()).isEqualTo(3);
    assertThat(stored.path("metrics").path("num_audio_output_tokens").asLong()).isEqualTo(4);
    assertThat(ok(api.get("/projects/" + project + "/spans/" + agentId)).path("agent_type").asText())
        .isEqualTo("supervisor");
    assertThat(ok(api.get("/projects/" + project + "/spans/" + toolId)).path("tool_call_id").asText())
        .isEqualTo("call_1");
  }

  @Test
  void thePythonSdksNullsAndEveryEventTypeOfTheSpecPass() {
    UUID traceId = UUID.randomUUID();
    UUID llmId = UUID.randomUUID();
    ObjectNode llm = span("llm", llmId, "llm", "py");
    llm.putArray("input");
    llm.set("output", AgentRecords.message("assistant", "ok"));
    llm.putNull("finish_reason");
    llm.putNull("tools");
    String nulls = "\"id\":null,\"status\":null,\"metadata\":null,\"error_message\":null";
    llm.set("events", Api.JSON.valueToTree(java.util.List.of(
        Api.parse("{\"type\":\"message\",\"role\":\"assistant\",\"content\":null,\"content_parts\":null," + nulls + "}"),
        Api.parse("{\"type\":\"reasoning\",\"content\":null,\"summary\":\"short\"," + nulls + "}"),
        Api.parse("{\"type\":\"reasoning\",\"content\":\"long\",\"summary\":null,\"status\":\"in_progress\"}"),
        Api.parse("{\"type\":\"internal_tool_call\",\"name\":\"code_interpreter\",\"input\":null,\"output\":null,"
            + "\"metadata\":{\"container\":\"c1\"}}"),
        Api.parse("{\"type\":\"web_search_call\",\"action\":{\"type\":\"search\",\"query\":\"q\",\"sources\":null}}"),
        Api.parse("{\"type\":\"image_generation\",\"prompt\":\"a cat\",\"images\":[{\"url\":\"u\"}],\"model\":null}"),
        Api.parse("{\"type\":\"mcp_call\",\"tool_name\":null,\"server_name\":null,\"arguments\":null,\"result\":null}"),
        Api.parse("{\"type\":\"mcp_list_tools\",\"server_name\":\"s\",\"tools\":null}"),
        Api.parse("{\"type\":\"mcp_approval_request\",\"tool_name\":\"t\",\"tool_invocation\":{},\"approved\":null,"
            + "\"provider_field\":1}"))));
    ObjectNode agent = span("agent", UUID.randomUUID(), "agent", "py");
    agent.put("agent_type", "default");
    ObjectNode tool = span("tool", UUID.randomUUID(), "tool", "py");
    tool.putNull("tool_call_id");
    ok(api.post(traces, tracesIngest(stream, true,
        withSpans(trace(traceId, "py"), withSpans(agent, llm, tool)))));
    assertThat(ok(api.get("/projects/" + project + "/spans/" + llmId)).path("events")).hasSize(9);
  }

  @Test
  void aFieldOnASpanTypeWithoutItIsKeptUncheckedAsGalileoDropsIt() {
    ObjectNode workflow = span("workflow", UUID.randomUUID(), "workflow", "svc");
    workflow.put("agent_type", "manager");
    workflow.put("tools", "not checked here");
    ok(api.post(traces, tracesIngest(stream, true, withSpans(trace(UUID.randomUUID(), "t"), workflow))));
  }

  /** An agent's trace with one span changed by {@code change}: refused at {@code [..., loc]}. */
  String refused(String type, Consumer<ObjectNode> change, Object... loc) {
    ObjectNode s = span(type, UUID.randomUUID(), type, "svc");
    if (type.equals("llm")) {
      s.putArray("input");
      s.set("output", AgentRecords.message("assistant", "ok"));
    }
    change.accept(s);
    UUID traceId = UUID.randomUUID();
    Api.Answer a = api.post(traces, tracesIngest(stream, true, withSpans(trace(traceId, "t"), s)));
    Object[] full = new Object[loc.length + 5];
    System.arraycopy(new Object[] {"body", "traces", 0, "spans", 0}, 0, full, 0, 5);
    System.arraycopy(loc, 0, full, 5, loc.length);
    String errorType = assert422(a, full);
    assertThat(api.get(traces + "/" + traceId).status()).as("nothing stored").isEqualTo(404);
    return errorType;
  }

  static ObjectNode event(ObjectNode span, String json) {
    span.withArray("events").add(Api.parse(json));
    return span;
  }

  @Test
  void anAgentTypeOutsideGalileosEnumIsRefusedWhereItIs() {
    assertThat(refused("agent", s -> s.put("agent_type", "manager"), "agent_type")).isEqualTo("enum");
    assertThat(refused("agent", s -> s.putNull("agent_type"), "agent_type")).isEqualTo("enum");
    assertThat(refused("agent", s -> s.put("agent_type", 3), "agent_type")).isEqualTo("enum");
  }

  @Test
  void toolsMustBeAListOfObjects() {
    assertThat(refused("llm", s -> s.put("tools", "get_weather"), "tools")).isEqualTo("list_type");
    assertThat(refused("llm", s -> s.putArray("tools").add("get_weather"), "tools", 0))
        .isEqualTo("dict_type");
  }

  @Test
  void anEventWithoutAKnownTypeIsRefusedAtItsPlace() {
    assertThat(refused("llm", s -> event(s, "{\"type\":\"thinking\",\"content\":\"x\"}"), "events", 0))
        .isEqualTo("union_tag_invalid");
    assertThat(refused("llm", s -> event(s, "{\"content\":\"x\"}"), "events", 0))
        .isEqualTo("union_tag_not_found");
    assertThat(refused("llm", s -> event(s, "{\"type\":\"reasoning\"}").withArray("events").add("reasoning"),
        "events", 1))
        .isEqualTo("model_attributes_type");
    assertThat(refused("llm", s -> s.put("events", "reasoning"), "events")).isEqualTo("list_type");
  }

  @Test
  void anEventsFieldsAreCheckedByItsType() {
    assertThat(refused("llm", s -> event(s, "{\"type\":\"reasoning\",\"content\":42}"), "events", 0, "content"))
        .isEqualTo("string_type");
    assertThat(refused("llm", s -> event(s, "{\"type\":\"reasoning\",\"summary\":{\"text\":\"x\"}}"),
        "events", 0, "summary")).isEqualTo("string_type");
    assertThat(refused("llm", s -> event(s, "{\"type\":\"reasoning\",\"summary\":[\"x\"]}"),
        "events", 0, "summary", 0)).isEqualTo("dict_type");
    assertThat(refused("llm", s -> event(s, "{\"type\":\"reasoning\",\"status\":\"done\"}"), "events", 0, "status"))
        .isEqualTo("enum");
    assertThat(refused("llm", s -> event(s, "{\"type\":\"internal_tool_call\",\"input\":{}}"), "events", 0, "name"))
        .isEqualTo("missing");
    assertThat(refused("llm", s -> event(s, "{\"type\":\"mcp_call\",\"arguments\":\"q=1\"}"), "events", 0, "arguments"))
        .isEqualTo("dict_type");
    assertThat(refused("llm", s -> event(s, "{\"type\":\"mcp_list_tools\",\"tools\":[\"search\"]}"),
        "events", 0, "tools", 0)).isEqualTo("dict_type");
    assertThat(refused("llm", s -> event(s, "{\"type\":\"mcp_approval_request\",\"approved\":\"yes\"}"),
        "events", 0, "approved")).isEqualTo("bool_type");
    assertThat(refused("llm", s -> event(s, "{\"type\":\"message\",\"content\":\"hi\"}"), "events", 0, "role"))
        .isEqualTo("missing");
    assertThat(refused("llm", s -> event(s, "{\"type\":\"message\",\"role\":\"robot\"}"), "events", 0, "role"))
        .isEqualTo("enum");
    assertThat(refused("llm", s -> event(s, "{\"type\":\"web_search_call\",\"action\":{\"type\":\"open_page\"}}"),
        "events", 0, "action", "type")).isEqualTo("literal_error");
    assertThat(refused("llm", s -> event(s, "{\"type\":\"web_search_call\"}"), "events", 0, "action"))
        .isEqualTo("missing");
  }

  @Test
  void imageAndAudioTokenCountsAreIntegers() {
    assertThat(refused("llm", s -> ((ObjectNode) s.get("metrics")).put("num_image_input_tokens", "85"),
        "metrics", "num_image_input_tokens")).isEqualTo("float_type");
    assertThat(refused("llm", s -> ((ObjectNode) s.get("metrics")).put("num_audio_output_tokens", 1.5),
        "metrics", "num_audio_output_tokens")).isEqualTo("int_type");
    assertThat(refused("tool", s -> s.put("tool_call_id", 7), "tool_call_id")).isEqualTo("string_type");
    assertThat(refused("llm", s -> s.put("finish_reason", true), "finish_reason")).isEqualTo("string_type");
  }

  @Test
  void spansPostedUnderATraceAndUpdatesAreCheckedToo() {
    UUID traceId = UUID.randomUUID();
    ok(api.post(traces, tracesIngest(stream, false, trace(traceId, "t"))));
    ObjectNode llm = event(span("llm", UUID.randomUUID(), "llm", "svc"), "{\"type\":\"unknown\"}");
    Api.Answer a = api.post("/projects/" + project + "/spans", spansIngest(stream, traceId, traceId, llm));
    assertThat(assert422(a, "body", "spans", 0, "events", 0)).isEqualTo("union_tag_invalid");

    UUID spanId = UUID.randomUUID();
    ok(api.post("/projects/" + project + "/spans",
        spansIngest(stream, traceId, traceId, span("agent", spanId, "agent", "svc"))));
    Api.Answer patch = api.patch("/projects/" + project + "/spans/" + spanId,
        Api.obj("span_id", spanId.toString(), "agent_type", "boss"));
    assertThat(assert422(patch, "body", "agent_type")).isEqualTo("enum");
    ok(api.patch("/projects/" + project + "/spans/" + spanId,
        Api.obj("span_id", spanId.toString(), "agent_type", "planner")));
    assertThat(ok(api.get("/projects/" + project + "/spans/" + spanId)).path("agent_type").asText())
        .isEqualTo("planner");
  }
}
