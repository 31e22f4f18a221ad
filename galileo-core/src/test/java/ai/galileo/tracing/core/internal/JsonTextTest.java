package ai.galileo.tracing.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":[1,2.5e3,{\"b\":null}]}", "[]", "\"text\"", "42", "-0.5", "true",
      "null", "{\"emoji\":\"\uD83D\uDE00\",\"escaped\":\"\\ud83d\\ude00\\n\"}"})
  void jsonIsKeptAsItIsTheSameInstance(String json) {
    assertThat(JsonText.normalize(json)).isSameAs(json);
  }

  @Test
  void surroundingWhitespaceIsTrimmedSoTheFirstCharacterTellsTheKind() {
    String normalized = JsonText.normalize(" \n\t{\"a\":1}\r\n ");

    assertThat(normalized).isEqualTo("{\"a\":1}");
    assertThat(JsonText.isObject(normalized)).isTrue();
    assertThat(JsonText.isObject(JsonText.normalize("[{}]"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "{\"a\":1", "{\"a\":1}}", "{} []", "{'a':1}", "NaN",
      "[1,]", "{\"a\":01}", "\"tab\there\"", " padded text "})
  void anythingElseBecomesAJsonStringOfExactlyThatText(String text) throws Exception {
    String normalized = JsonText.normalize(text);

    assertThat(JsonText.isString(normalized)).isTrue();
    assertThat(MAPPER.readTree(normalized).asText()).isEqualTo(text);
    assertThat(JsonText.unquote(normalized)).isEqualTo(text);
    assertThat(JsonText.normalize(normalized)).as("idempotent").isEqualTo(normalized);
  }

  @Test
  void nullAndBlankAreNull() {
    assertThat(JsonText.normalize(null)).isNull();
    assertThat(JsonText.normalize("")).isNull();
    assertThat(JsonText.normalize(" \n ")).isNull();
  }

  @Test
  void loneSurrogatesAreReplacedSoTheTextEncodesAsUtf8() throws Exception {
    String normalized = JsonText.normalize("{\"a\":\"x\uDC00y\"}");

    assertThat(MAPPER.readTree(normalized).path("a").asText()).isEqualTo("x\uFFFDy");
  }

  @Test
  void valuesNestedDeeperThanTheLimitAreText() {
    String ok = "[".repeat(JsonText.MAX_DEPTH) + "]".repeat(JsonText.MAX_DEPTH);
    String deep = "[".repeat(JsonText.MAX_DEPTH + 1) + "]".repeat(JsonText.MAX_DEPTH + 1);

    assertThat(JsonText.normalize(ok)).isSameAs(ok);
    assertThat(JsonText.isString(JsonText.normalize(deep))).isTrue();
  }

  @Test
  void theSameStringTwiceIsParsedOnceAndStaysRight() {
    String schema = new String("{\"type\":\"object\"}");
    String invalid = new String("{oops");

    for (int i = 0; i < 3; i++) {
      assertThat(JsonText.normalize(schema)).isSameAs(schema);
      assertThat(JsonText.normalize(invalid)).isEqualTo("\"{oops\"");
    }
  }

  @Test
  void aToolOrEventNeedingNothingIsKeptAndOneNeedingRepairIsReplaced() {
    ToolDefinition good = ToolDefinition.of("t", "d", "{}");
    ToolDefinition bad = ToolDefinition.of("t", "d", "{");
    LlmEvent.McpCall call = new LlmEvent.McpCall("i", "s", "t", "[1]", "oops", null, null);
    LlmEvent.McpListTools list = new LlmEvent.McpListTools("l", "s", List.of(good, bad), null,
        null);

    assertThat(JsonText.normalizeTool(good)).isSameAs(good);
    assertThat(JsonText.normalizeTool(bad)).isEqualTo(ToolDefinition.of("t", "d", "\"{\""));
    assertThat(JsonText.normalizeEvent(call)).isEqualTo(
        new LlmEvent.McpCall("i", "s", "t", "[1]", "\"oops\"", null, null));
    assertThat(((LlmEvent.McpListTools) JsonText.normalizeEvent(list)).tools())
        .containsExactly(good, ToolDefinition.of("t", "d", "\"{\""));
    LlmEvent.Reasoning reasoning = LlmEvent.Reasoning.of("{not json, and fine}");
    assertThat(JsonText.normalizeEvent(reasoning)).isSameAs(reasoning);
  }

  @Test
  void listsDropNullsAndCannotBeChangedAndACheckedListIsNotCheckedAgain() {
    List<ToolDefinition> given = new ArrayList<>(Arrays.asList(
        ToolDefinition.of("a", null, "{"), null, ToolDefinition.of("b", null, null)));

    List<ToolDefinition> checked = JsonText.tools(given);

    assertThat(checked).extracting(ToolDefinition::name).containsExactly("a", "b");
    assertThat(checked.get(0).parametersJson()).isEqualTo("\"{\"");
    assertThat(JsonText.tools(checked)).isSameAs(checked);
    assertThatThrownBy(() -> checked.add(ToolDefinition.of("c", null, null)))
        .isInstanceOf(UnsupportedOperationException.class);
    given.clear();
    assertThat(checked).hasSize(2);
    List<LlmEvent> events = JsonText.events(Arrays.asList(null, LlmEvent.Reasoning.of("r")));
    assertThat(events).containsExactly(LlmEvent.Reasoning.of("r"));
    assertThat(JsonText.events(events)).isSameAs(events);
  }

  @Test
  void llmDataMadeAnywhereHoldsOnlyCheckedJson() {
    // As the OpenTelemetry bridge makes it, from text it read off another library's span.
    SpanData.LlmData data = new SpanData.LlmData("m", null, null, null, null, null, null,
        List.of(ToolDefinition.of("t", null, "{broken")),
        List.of(new LlmEvent.InternalToolCall(null, "web_search", "query", null, null)),
        null, null, null, null);

    assertThat(data.tools().get(0).parametersJson()).isEqualTo("\"{broken\"");
    assertThat(((LlmEvent.InternalToolCall) data.events().get(0)).inputJson())
        .isEqualTo("\"query\"");
    SpanData.LlmData copy = new SpanData.LlmData("m", null, null, null, null, null, null,
        data.tools(), data.events(), null, null, null, null);
    assertThat(copy.tools()).isSameAs(data.tools());
    assertThat(copy.events()).isSameAs(data.events());
    assertThat(copy).isEqualTo(data);
    assertThat(new SpanData.LlmData("m", null, null, null, null, null).tools()).isEmpty();
  }
}
