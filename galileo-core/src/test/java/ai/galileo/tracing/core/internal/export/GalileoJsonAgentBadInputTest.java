package ai.galileo.tracing.core.internal.export;

import static ai.galileo.tracing.core.export.TestSpans.span;
import static ai.galileo.tracing.core.export.TestSpans.trace;
import static ai.galileo.tracing.core.internal.export.GalileoJsonAgentFieldsTest.llm;
import static ai.galileo.tracing.core.internal.export.GalileoJsonAgentFieldsTest.llmSpan;
import static ai.galileo.tracing.core.internal.export.GalileoJsonAgentFieldsTest.record;
import static ai.galileo.tracing.core.internal.export.GalileoJsonBadContentTest.assertValidUtf8;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.AgentFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Whatever an integration hands the new fields (schemas that are not JSON or too long, huge
 * reasoning, arguments that are not objects, finish reasons nobody knows), the body validates and
 * nothing is lost but what the field limit cuts, which is marked.
 */
class GalileoJsonAgentBadInputTest {
  static final int MAX = 200;
  final GalileoJson json = new GalileoJson("v", MAX);

  static String marker(int cut, int of) {
    return "\u2026[truncated " + cut + " of " + of + " chars]";
  }

  JsonNode parametersOf(String schema) {
    SpanData s = llmSpan(llm(null, List.of(ToolDefinition.of("t", null, schema)), null));
    return record(json, s).path("tools").path(0).path("function").path("parameters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"type\": \"object\",", "type: object", "{'type':'object'}",
      "{} {}", "{\"n\": NaN}", "{\"a\":1,}"})
  void aToolSchemaThatIsNotJsonIsSentAsTheStringItWas(String schema) {
    JsonNode parameters = parametersOf(schema);

    assertThat(parameters.isTextual()).isTrue();
    assertThat(parameters.asText()).isEqualTo(schema);
  }

  @Test
  void aSchemaOverTheLimitIsCutMarkedAndSentAsAString() {
    String schema = "{\"type\":\"object\",\"description\":\"" + "x".repeat(400) + "\"}";

    JsonNode parameters = parametersOf(schema);

    assertThat(parameters.isTextual()).isTrue();
    assertThat(parameters.asText()).isEqualTo(
        schema.substring(0, MAX) + marker(schema.length() - MAX, schema.length()));
  }

  @Test
  void textThatIsNotJsonAndOverTheLimitIsCutAsItsOwnTextNotItsQuotedForm() {
    String text = "say \"hi\"\n".repeat(50); // quoting would add backslashes

    JsonNode parameters = parametersOf(text);

    assertThat(parameters.asText()).isEqualTo(text.substring(0, MAX)
        + marker(text.length() - MAX, text.length()));
  }

  @Test
  void aSchemaAtTheLimitIsKeptAsJson() {
    String schema = "{\"d\":\"" + "x".repeat(MAX - 8) + "\"}";
    assertThat(schema).hasSize(MAX);

    assertThat(parametersOf(schema).isObject()).isTrue();
  }

  @Test
  void prettyPrintedSchemasAreJsonAndSentAsObjects() {
    JsonNode parameters = parametersOf("\n  {\r\n\t\"type\" : \"object\" }\n");

    assertThat(parameters.toString()).isEqualTo("{\"type\":\"object\"}");
  }

  @Test
  void aLoneSurrogateInsideASchemaIsRepairedAndTheSchemaStaysAnObject() {
    JsonNode parameters = parametersOf("{\"description\":\"bad \uD800 half\"}");

    assertThat(parameters.path("description").asText()).isEqualTo("bad \uFFFD half");
  }

  @Test
  void aSchemaNestedDeeperThanParsersTakeIsSentAsAString() {
    String deep = "[".repeat(150) + "]".repeat(150);
    GalileoJson roomy = new GalileoJson("v", 100_000);
    SpanData s = llmSpan(llm(null, List.of(ToolDefinition.of("t", null, deep)), null));

    JsonNode parameters = record(roomy, s).path("tools").path(0).path("function")
        .path("parameters");

    assertThat(parameters.asText()).isEqualTo(deep);
  }

  @Test
  void aBlankSchemaMeansNoParameters() {
    SpanData s = llmSpan(llm(null, List.of(ToolDefinition.of("t", null, "  \n")), null));

    assertThat(record(json, s).path("tools").path(0).path("function").has("parameters")).isFalse();
  }

  @Test
  void hugeReasoningIsCutAndMarked() {
    String thinking = "Let me think. ".repeat(100_000);
    GalileoJson writer = new GalileoJson("v", 10_000);
    SpanData s = llmSpan(llm("stop", null,
        List.of(new LlmEvent.Reasoning("r", thinking, thinking, null))));

    byte[] body = writer.spansIngest(null, s.traceId(), s.parentId(), List.of(SpanNode.leaf(s)));

    assertValidUtf8(body);
    assertThat(body.length).isLessThan(2 * 10_000 + 2_000);
    JsonNode event = record(writer, s).path("events").path(0);
    String expected = thinking.substring(0, 10_000) + marker(thinking.length() - 10_000,
        thinking.length());
    assertThat(event.path("content").asText()).isEqualTo(expected);
    assertThat(event.path("summary").asText()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[1,2]|{\"value\":[1,2]}",
      "42|{\"value\":42}",
      "true|{\"value\":true}",
      "null|{\"value\":null}",
      "\"quoted\"|{\"value\":\"quoted\"}",
      "plain text|{\"value\":\"plain text\"}",
      "{\"city\":\"Pisa\"}|{\"city\":\"Pisa\"}"})
  void mcpArgumentsAndResultsThatAreNotObjectsAreWrappedNotLost(String given, String sent) {
    SpanData s = llmSpan(llm(null, null, List.of(
        new LlmEvent.McpCall("m", "srv", "tool", given, given, null, null),
        new LlmEvent.InternalToolCall("i", "web_search", given, given, null))));

    JsonNode events = record(json, s).path("events");

    assertThat(events.path(0).path("arguments").toString()).isEqualTo(sent);
    assertThat(events.path(0).path("result").toString()).isEqualTo(sent);
    assertThat(events.path(1).path("input").toString()).isEqualTo(sent);
    assertThat(events.path(1).path("output").toString()).isEqualTo(sent);
  }

  @Test
  void anObjectOverTheLimitWhereOnlyObjectsGoIsCutAndWrapped() {
    String args = "{\"text\":\"" + "y".repeat(500) + "\"}";
    SpanData s = llmSpan(llm(null, null,
        List.of(new LlmEvent.McpCall(null, null, null, args, null, null, null))));

    JsonNode arguments = record(json, s).path("events").path(0).path("arguments");

    assertThat(arguments.path("value").asText())
        .isEqualTo(args.substring(0, MAX) + marker(args.length() - MAX, args.length()));
  }

  @Test
  void mcpListToolsWithBadSchemasStaysValid() {
    SpanData s = llmSpan(llm(null, null, List.of(new LlmEvent.McpListTools("l", "srv",
        List.of(ToolDefinition.of("a", null, "not json"),
            ToolDefinition.of("b", "d", "{\"x\":\"" + "z".repeat(300) + "\"}")), null, null))));

    JsonNode tools = record(json, s).path("events").path(0).path("tools");

    assertThat(tools.path(0).path("input_schema").asText()).isEqualTo("not json");
    assertThat(tools.path(1).path("input_schema").asText()).endsWith(marker(108, 308));
  }

  @ParameterizedTest
  @ValueSource(strings = {"MAX_TOKENS", "end_turn", "tool_execution", "stop_sequence",
      "ein unbekannter Grund \u00e9\u00e8", "", "content_filter\n"})
  void anyFinishReasonPassesThroughAsText(String reason) {
    JsonNode rec = record(json, llmSpan(llm(reason, null, null)));

    assertThat(rec.path("finish_reason").asText()).isEqualTo(reason);
  }

  @Test
  void nullNamesAndFieldsAreLeftOutNotSentAsNull() {
    SpanData s = llmSpan(llm(null, List.of(ToolDefinition.of("t", null, null)), List.of(
        new LlmEvent.McpCall(null, null, null, null, null, null, null),
        new LlmEvent.McpListTools(null, null, List.of(ToolDefinition.of("x", null, null)), null,
            null))));

    JsonNode rec = record(json, s);

    assertThat(rec.path("tools").toString())
        .isEqualTo("[{\"type\":\"function\",\"function\":{\"name\":\"t\"}}]");
    assertThat(rec.path("events").toString()).isEqualTo("[{\"type\":\"mcp_call\"},"
        + "{\"type\":\"mcp_list_tools\",\"tools\":[{\"name\":\"x\"}]}]");
  }

  @Test
  void longToolNamesDescriptionsAndIdsAreCutLikeAnyString() {
    String longText = "n".repeat(300);
    SpanData s = llmSpan(llm(longText, List.of(ToolDefinition.of(longText, longText,
        AgentFixtures.WEATHER_SCHEMA)), List.of(new LlmEvent.Reasoning(longText, null, null,
        null))));

    JsonNode rec = record(json, s);

    String cut = "n".repeat(MAX) + marker(100, 300);
    assertThat(rec.path("finish_reason").asText()).isEqualTo(cut);
    assertThat(rec.path("tools").path(0).path("function").path("name").asText()).isEqualTo(cut);
    assertThat(rec.path("events").path(0).path("id").asText()).isEqualTo(cut);
    SpanData tool = span(SpanType.TOOL, "t", trace("t").build()).toolCallId(longText).build();
    assertThat(record(json, tool).path("tool_call_id").asText()).isEqualTo(cut);
  }

  @Test
  void toolCallArgumentsInMessagesAreStringsCutAsBefore() {
    String args = "{\"q\":\"" + "w".repeat(400) + "\"}";
    SpanData s = span(SpanType.LLM, "chat", trace("t").build())
        .input(Content.messages(Message.user("q")))
        .output(Content.message(new Message(Role.ASSISTANT, "", null,
            List.of(new ToolCall("call_1", "search", args)))))
        .llm(llm("tool_calls", null, null)).build();

    JsonNode call = record(json, s).path("output").path("tool_calls").path(0);

    assertThat(call.path("function").path("arguments").asText())
        .isEqualTo(args.substring(0, MAX) + marker(args.length() - MAX, args.length()));
  }
}
