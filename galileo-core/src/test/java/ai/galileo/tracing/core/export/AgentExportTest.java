package ai.galileo.tracing.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.galileoapifake.GalileoApiFake;
import ai.galileo.tracing.galileoapifake.RecordedRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An agent's trace through the real Galileo exporter to the fake Galileo API, which validates every
 * body against the spec: agent (react) > llm (ten tools offered, reasoning, finish
 * {@code tool_calls}) > tool (the model's call id) > llm (finish {@code stop}).
 */
class AgentExportTest {
  private final GalileoApiFake api = GalileoApiFake.start();

  @AfterEach
  void close() {
    api.close();
  }

  GalileoTracer tracer(Mode mode, Map<String, String> settings) {
    GalileoConfig.Builder config = GalileoConfig.builder()
        .mode(mode)
        .apiUrl(URI.create(api.baseUrl()))
        .apiKey(api.apiKey())
        .project("agents")
        .logStream("weather-agent")
        .serviceName("weather-agent")
        .set("GALILEO_EXPORT_DELAY_MS", "20")
        .set("GALILEO_RETRY_INITIAL_BACKOFF_MS", "50")
        .set("GALILEO_RETRY_MAX_ELAPSED_MS", "15000");
    settings.forEach(config::set);
    return GalileoTracer.builder().config(config.build()).shutdownHook(false).build();
  }

  /** The spans of one agent run; the tool lets its tracing headers leave, as an HTTP call would. */
  record AgentRun(Span trace, Span agent, Span firstLlm, Span tool, Span secondLlm) {}

  static AgentRun runAgent(GalileoTracer tracer) {
    Span trace = tracer.traceBuilder("weather question").setInput("Weather in Pisa?").start();
    try (Scope t = trace.makeCurrent()) {
      Span agent = tracer.spanBuilder("weather agent", SpanType.AGENT)
          .setAgentType(AgentType.REACT).setInput("Weather in Pisa?").start();
      try (Scope a = agent.makeCurrent()) {
        Span first = tracer.spanBuilder("chat gpt-4o", SpanType.LLM).setModel("gpt-4o")
            .setInput(Content.messages(Message.user("Weather in Pisa?"))).start();
        first.setTools(AgentFixtures.tenTools())
            .addEvent(AgentFixtures.REASONING)
            .setFinishReason("tool_calls")
            .setTokens(320, 18);
        first.end(Content.message(new Message(Role.ASSISTANT, "", null,
            List.of(new ToolCall("call_Pq9x", "get_weather", "{\"city\":\"Pisa\"}")))));

        Span tool = tracer.spanBuilder("get_weather", SpanType.TOOL)
            .setToolCallId("call_Pq9x").setInput("{\"city\":\"Pisa\"}").start();
        try (Scope s = tool.makeCurrent()) {
          tracer.tracingHeaders(); // the tool calls a weather service
        }
        tool.end("18 C, sunny");

        Span second = tracer.spanBuilder("chat gpt-4o", SpanType.LLM).setModel("gpt-4o")
            .setInput(Content.messages(Message.user("Weather in Pisa?"),
                Message.tool("18 C, sunny", "call_Pq9x"))).start();
        second.setTools(AgentFixtures.tenTools()).setFinishReason("stop").setTokens(350, 9);
        second.end(Content.message(Message.assistant("It is 18 C and sunny in Pisa.")));
        agent.end();
        trace.end();
        return new AgentRun(trace, agent, first, tool, second);
      }
    }
  }

  void assertStoredRecordsHoldTheAgentFields(AgentRun run) {
    Map<UUID, ObjectNode> spans = api.spansById();
    ObjectNode agent = spans.get(run.agent().context().spanId());
    ObjectNode first = spans.get(run.firstLlm().context().spanId());
    ObjectNode tool = spans.get(run.tool().context().spanId());
    ObjectNode second = spans.get(run.secondLlm().context().spanId());

    assertThat(agent.path("agent_type").asText()).isEqualTo("react");
    assertThat(agent.path("output").path("content").asText())
        .isEqualTo("It is 18 C and sunny in Pisa.");
    assertThat(first.path("parent_id").asText()).isEqualTo(agent.path("id").asText());
    assertThat(first.path("finish_reason").asText()).isEqualTo("tool_calls");
    List<String> toolNames = new ArrayList<>();
    first.path("tools").forEach(t -> toolNames.add(t.path("function").path("name").asText()));
    assertThat(toolNames).hasSize(10).startsWith("get_weather", "search_documents");
    assertThat(first.path("tools").path(0).path("function").path("parameters")
        .path("required").toString()).isEqualTo("[\"city\"]");
    assertThat(first.path("events").path(0).path("type").asText()).isEqualTo("reasoning");
    assertThat(first.path("events").path(0).path("content").asText())
        .isEqualTo(AgentFixtures.REASONING.content());
    assertThat(first.path("output").path("tool_calls").path(0).path("id").asText())
        .isEqualTo("call_Pq9x");
    assertThat(tool.path("parent_id").asText()).isEqualTo(agent.path("id").asText());
    assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_Pq9x");
    assertThat(tool.path("output").asText()).isEqualTo("18 C, sunny");
    assertThat(tool.path("metrics").has("duration_ns")).isTrue();
    assertThat(second.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(second.has("events")).isFalse();
  }

  @Test
  void batchModeSendsTheAgentTreeWithEveryAgentFieldInOneValidRequest() {
    GalileoTracer tracer = tracer(Mode.BATCH, Map.of());
    AgentRun run = runAgent(tracer);
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(10));

    assertThat(receipt.failed()).isZero();
    assertThat(receipt.sent()).isEqualTo(5);
    api.assertNoViolations();
    assertThat(api.requests(GalileoApiFake.Route.INGEST_TRACES)).hasSize(1);
    assertThat(api.requests(GalileoApiFake.Route.UPDATE_SPAN)).isEmpty();
    assertStoredRecordsHoldTheAgentFields(run);
  }

  @Test
  void distributedModePostsAgentAndToolOpenWithTheirTypeAndCallIdAndUpdatesThemValidly() {
    GalileoTracer tracer = tracer(Mode.DISTRIBUTED, Map.of("GALILEO_INGEST_PARENTS_FIRST", "true"));
    AgentRun run = runAgent(tracer);
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(10));

    assertThat(receipt.failed()).isZero();
    api.assertNoViolations();
    UUID agentId = run.agent().context().spanId();
    UUID toolId = run.tool().context().spanId();
    // Posted open from their start snapshots, before they ended: Galileo's update (PATCH) cannot
    // carry agent_type or tool_call_id, so the open post must.
    JsonNode agentOpen = firstPostedRecord(agentId);
    JsonNode toolOpen = firstPostedRecord(toolId);
    assertThat(agentOpen.path("metrics").has("duration_ns")).as("posted open").isFalse();
    assertThat(agentOpen.path("agent_type").asText()).isEqualTo("react");
    assertThat(toolOpen.path("metrics").has("duration_ns")).as("posted open").isFalse();
    assertThat(toolOpen.path("tool_call_id").asText()).isEqualTo("call_Pq9x");
    assertThat(api.patchCount(agentId)).isEqualTo(1);
    assertThat(api.patchCount(toolId)).isEqualTo(1);
    for (RecordedRequest patch : api.requests(GalileoApiFake.Route.UPDATE_SPAN)) {
      assertThat(patch.body().has("agent_type")).isFalse();
      assertThat(patch.body().has("tool_call_id")).isFalse();
    }
    assertStoredRecordsHoldTheAgentFields(run);
  }

  @Test
  void aSchemaThatIsNotJsonStillReachesGalileoAsText() {
    GalileoTracer tracer = tracer(Mode.BATCH, Map.of("GALILEO_MAX_FIELD_CHARS", "64"));
    Span trace = tracer.traceBuilder("t").start();
    Span llm = tracer.spanBuilder("chat", SpanType.LLM)
        .setParent(ai.galileo.tracing.Context.root().with(trace)).start();
    llm.setTools(List.of(ToolDefinition.of("broken", null, "{\"type\": obj"),
        AgentFixtures.tenTools().get(1)));
    llm.addEvent(new LlmEvent.McpCall("m", "srv", "search", "[\"not\", \"an object\"]", null,
        null, null));
    llm.end();
    trace.end();
    assertThat(tracer.shutdown(Duration.ofSeconds(10)).failed()).isZero();

    api.assertNoViolations();
    ObjectNode rec = api.spansById().get(llm.context().spanId());
    assertThat(rec.path("tools").path(0).path("function").path("parameters").asText())
        .isEqualTo("{\"type\": obj");
    assertThat(rec.path("tools").path(1).path("function").path("parameters").asText())
        .startsWith("{\"type\":\"object\"").contains("\u2026[truncated ");
    assertThat(rec.path("events").path(0).path("arguments").path("value").toString())
        .isEqualTo("[\"not\",\"an object\"]");
  }

  /** The first record with this id in any ingest request, as it was posted. */
  private JsonNode firstPostedRecord(UUID id) {
    for (RecordedRequest r : api.requests()) {
      if (r.route() == GalileoApiFake.Route.INGEST_TRACES
          || r.route() == GalileoApiFake.Route.INGEST_SPANS) {
        JsonNode found = find(r.body(), id.toString());
        if (found != null) {
          return found;
        }
      }
    }
    throw new AssertionError("no ingest request carried " + id);
  }

  private static JsonNode find(JsonNode node, String id) {
    if (node.isObject() && id.equals(node.path("id").asText())) {
      return node;
    }
    for (JsonNode child : node) {
      JsonNode found = find(child, id);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
