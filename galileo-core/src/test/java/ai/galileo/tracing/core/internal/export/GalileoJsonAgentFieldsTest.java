package ai.galileo.tracing.core.internal.export;

import static ai.galileo.tracing.core.export.TestSpans.span;
import static ai.galileo.tracing.core.export.TestSpans.trace;
import static ai.galileo.tracing.core.internal.export.GalileoJsonTest.LOG_STREAM;
import static ai.galileo.tracing.core.internal.export.GalileoJsonTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.AgentFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fields Galileo's agent views read (an LLM span's finish reason, tools offered, events and
 * multimodal token counts; an agent's type; a tool's call id) are written where the spec puts
 * them, in the shapes it gives, and every body still validates.
 */
class GalileoJsonAgentFieldsTest {
  final GalileoJson json = new GalileoJson("galileo-java/0.1.0", 100_000);

  static SpanData.LlmData llm(String finishReason, List<ToolDefinition> tools, List<LlmEvent> events) {
    return new SpanData.LlmData("gpt-4o", null, 10L, 2L, null, null, finishReason, tools, events,
        null, null, null, null);
  }

  /** The one span of a spans-ingest body, after validating the body against the spec. */
  JsonNode record(SpanData s) {
    return record(json, s);
  }

  static JsonNode record(GalileoJson writer, SpanData s) {
    JsonNode body = valid("LogSpansIngestRequest",
        writer.spansIngest(LOG_STREAM, s.traceId(), s.parentId(), List.of(SpanNode.leaf(s))));
    return body.path("spans").path(0);
  }

  static SpanData llmSpan(SpanData.LlmData data) {
    return span(SpanType.LLM, "chat gpt-4o", trace("t").build())
        .input(Content.messages(Message.user("Weather in Pisa?")))
        .output(Content.message(Message.assistant("")))
        .llm(data).build();
  }

  @Test
  void anLlmSpanCarriesFinishReasonToolsInOpenAisFunctionShapeAndEveryEvent() {
    SpanData s = llmSpan(llm("tool_calls",
        List.of(AgentFixtures.WEATHER, ToolDefinition.of("now", null, null)),
        List.of(AgentFixtures.REASONING,
            new LlmEvent.InternalToolCall("ws_1", "web_search", "{\"query\":\"Pisa weather\"}",
                "{\"results\":[{\"url\":\"https://example.org\"}]}", LlmEvent.Status.COMPLETED),
            new LlmEvent.McpCall("mcp_1", "deepwiki", "ask_question", "{\"q\":\"tower\"}",
                "{\"answer\":\"it leans\"}", null, LlmEvent.Status.COMPLETED),
            new LlmEvent.McpListTools("mcpl_1", "deepwiki",
                List.of(ToolDefinition.of("ask_question", "Ask the wiki", "{\"type\":\"object\"}")),
                null, LlmEvent.Status.COMPLETED))));

    JsonNode rec = record(s);

    assertThat(rec.path("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(rec.path("tools").toString()).isEqualTo("[{\"type\":\"function\",\"function\":{"
        + "\"name\":\"get_weather\",\"description\":\"Current weather in a city\","
        + "\"parameters\":" + AgentFixtures.WEATHER_SCHEMA + "}},"
        + "{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]");
    JsonNode events = rec.path("events");
    assertThat(events.size()).isEqualTo(4);
    assertThat(events.path(0).toString()).isEqualTo("{\"type\":\"reasoning\",\"id\":\"rs_1\","
        + "\"status\":\"completed\",\"content\":\"" + AgentFixtures.REASONING.content() + "\","
        + "\"summary\":\"Decided to call get_weather.\"}");
    assertThat(events.path(1).toString()).isEqualTo("{\"type\":\"internal_tool_call\","
        + "\"id\":\"ws_1\",\"status\":\"completed\",\"name\":\"web_search\","
        + "\"input\":{\"query\":\"Pisa weather\"},"
        + "\"output\":{\"results\":[{\"url\":\"https://example.org\"}]}}");
    assertThat(events.path(2).toString()).isEqualTo("{\"type\":\"mcp_call\",\"id\":\"mcp_1\","
        + "\"status\":\"completed\",\"tool_name\":\"ask_question\",\"server_name\":\"deepwiki\","
        + "\"arguments\":{\"q\":\"tower\"},\"result\":{\"answer\":\"it leans\"}}");
    assertThat(events.path(3).toString()).isEqualTo("{\"type\":\"mcp_list_tools\","
        + "\"id\":\"mcpl_1\",\"status\":\"completed\",\"server_name\":\"deepwiki\","
        + "\"tools\":[{\"name\":\"ask_question\",\"description\":\"Ask the wiki\","
        + "\"input_schema\":{\"type\":\"object\"}}]}");
  }

  @Test
  void eventFieldsThatAreNullAreLeftOut() {
    SpanData s = llmSpan(llm(null, null, List.of(
        new LlmEvent.Reasoning(null, null, null, null),
        new LlmEvent.InternalToolCall(null, "code_interpreter", null, null, null),
        new LlmEvent.McpCall(null, null, null, null, null, "server unreachable",
            LlmEvent.Status.FAILED),
        new LlmEvent.McpListTools(null, null, null, null, null))));

    JsonNode events = record(s).path("events");

    assertThat(events.toString()).isEqualTo("[{\"type\":\"reasoning\"},"
        + "{\"type\":\"internal_tool_call\",\"name\":\"code_interpreter\"},"
        + "{\"type\":\"mcp_call\",\"status\":\"failed\",\"error_message\":\"server unreachable\"},"
        + "{\"type\":\"mcp_list_tools\",\"tools\":[]}]");
  }

  @ParameterizedTest
  @EnumSource(LlmEvent.Status.class)
  void everyEventStatusIsOneOfGalileosEventStatuses(LlmEvent.Status status) {
    SpanData s = llmSpan(llm(null, null, List.of(new LlmEvent.Reasoning("r", "x", null, status))));

    assertThat(record(s).path("events").path(0).path("status").asText())
        .isEqualTo(status.wireName());
  }

  @Test
  void imageAndAudioTokenCountsAreLlmMetrics() {
    SpanData s = llmSpan(new SpanData.LlmData("gpt-4o", null, 100L, 20L, null, null, "stop",
        null, null, 85L, 0L, 40L, 12L));

    JsonNode metrics = record(s).path("metrics");

    assertThat(metrics.path("num_image_input_tokens").asLong()).isEqualTo(85);
    assertThat(metrics.path("num_image_output_tokens").asLong()).isZero();
    assertThat(metrics.path("num_audio_input_tokens").asLong()).isEqualTo(40);
    assertThat(metrics.path("num_audio_output_tokens").asLong()).isEqualTo(12);
  }

  @Test
  void anLlmSpanWithoutTheNewFieldsIsWrittenAsBefore() {
    SpanData s = llmSpan(new SpanData.LlmData("gpt-4o", 0.2, 12L, 3L, 15L, null));

    JsonNode rec = record(s);

    assertThat(rec.has("finish_reason")).isFalse();
    assertThat(rec.has("tools")).isFalse();
    assertThat(rec.has("events")).isFalse();
    assertThat(rec.path("metrics").toString()).isEqualTo("{\"duration_ns\":1500000,"
        + "\"num_input_tokens\":12,\"num_output_tokens\":3,\"num_total_tokens\":15}");
  }

  @ParameterizedTest
  @EnumSource(AgentType.class)
  void anAgentSpanCarriesItsAgentType(AgentType agentType) {
    SpanData s = span(SpanType.AGENT, "weather agent", trace("t").build()).agentType(agentType)
        .build();

    assertThat(record(s).path("agent_type").asText()).isEqualTo(agentType.wireName());
  }

  @Test
  void anAgentSpanWithoutAnAgentTypeLeavesItToGalileosDefault() {
    SpanData s = span(SpanType.AGENT, "weather agent", trace("t").build()).build();

    assertThat(record(s).has("agent_type")).isFalse();
  }

  @Test
  void aToolSpanCarriesTheModelsToolCallId() {
    SpanData s = span(SpanType.TOOL, "get_weather", trace("t").build()).toolCallId("call_Pq9x")
        .input("{\"city\":\"Pisa\"}").output("18 C").build();

    assertThat(record(s).path("tool_call_id").asText()).isEqualTo("call_Pq9x");
  }

  @ParameterizedTest
  @EnumSource(value = SpanType.class, names = {"WORKFLOW", "RETRIEVER", "LLM"})
  void agentTypeAndToolCallIdOnOtherTypesAreNotSentWhereTheSchemaHasNoPlaceForThem(SpanType type) {
    SpanData s = span(type, "other", trace("t").build()).agentType(AgentType.REACT)
        .toolCallId("call_1").build();

    JsonNode rec = record(s); // the fake's closed schemas refuse unknown fields

    assertThat(rec.has("agent_type")).isFalse();
    assertThat(rec.has("tool_call_id")).isFalse();
  }

  @Test
  void theStartSnapshotsOfAgentAndToolSpansCarryAgentTypeAndToolCallId() {
    // Distributed mode may post them open from these; Galileo's update cannot add the fields later.
    SpanData t = trace("t").started().build();
    SpanData agent = span(SpanType.AGENT, "agent", t).agentType(AgentType.SUPERVISOR).started()
        .build();
    SpanData tool = span(SpanType.TOOL, "tool", agent).toolCallId("call_7").started().build();

    JsonNode body = valid("LogTracesIngestRequest", json.tracesIngest(LOG_STREAM, null,
        List.of(new SpanNode(t, List.of(new SpanNode(agent, List.of(SpanNode.leaf(tool)))))),
        false));

    JsonNode a = body.path("traces").path(0).path("spans").path(0);
    assertThat(a.path("agent_type").asText()).isEqualTo("supervisor");
    assertThat(a.path("metrics").has("duration_ns")).isFalse();
    assertThat(a.path("spans").path(0).path("tool_call_id").asText()).isEqualTo("call_7");
  }

  @ParameterizedTest
  @EnumSource(value = SpanType.class, names = {"AGENT", "TOOL"})
  void aSpanUpdateOfAnAgentOrToolStaysWithinWhatTheUpdateSchemaAllows(SpanType type) {
    SpanData s = span(type, "x", trace("t").build()).agentType(AgentType.REACT)
        .toolCallId("call_1").input("in").output("out").status(200).build();

    JsonNode body = valid("LogSpanUpdateRequest", json.spanUpdate(LOG_STREAM, s));

    assertThat(body.has("agent_type")).isFalse();
    assertThat(body.has("tool_call_id")).isFalse();
    assertThat(body.path("output").asText()).isEqualTo("out");
  }

  @Test
  void aSpanUpdateOfAnLlmSpanCarriesNoneOfItsNewFields() {
    SpanData s = llmSpan(llm("stop", List.of(AgentFixtures.WEATHER),
        List.of(AgentFixtures.REASONING)));

    JsonNode body = valid("LogSpanUpdateRequest", json.spanUpdate(LOG_STREAM, s));

    assertThat(body.has("finish_reason")).isFalse();
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("events")).isFalse();
  }

  @Test
  void tenRealisticToolsAndReasoningValidateInATraceBody() {
    SpanData t = trace("t").build();
    SpanData agent = span(SpanType.AGENT, "agent", t).agentType(AgentType.REACT).build();
    SpanData llm = span(SpanType.LLM, "chat", agent)
        .input(Content.messages(Message.user("q"))).output(Content.message(Message.assistant("a")))
        .llm(llm("stop", AgentFixtures.tenTools(), List.of(AgentFixtures.REASONING))).build();

    JsonNode body = valid("LogTracesIngestRequest", json.tracesIngest(LOG_STREAM, null,
        List.of(new SpanNode(t, List.of(new SpanNode(agent, List.of(SpanNode.leaf(llm)))))), true));

    JsonNode rec = body.path("traces").path(0).path("spans").path(0).path("spans").path(0);
    assertThat(rec.path("tools").size()).isEqualTo(10);
    assertThat(rec.path("tools").path(9).path("function").has("description")).isFalse();
    assertThat(rec.path("tools").path(1).path("function").path("parameters").path("properties")
        .path("top_k").path("maximum").asInt()).isEqualTo(50);
  }
}
