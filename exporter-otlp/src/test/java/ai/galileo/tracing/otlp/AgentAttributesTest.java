package ai.galileo.tracing.otlp;

import static ai.galileo.tracing.otlp.OtlpExporterTest.attributes;
import static ai.galileo.tracing.otlp.OtlpExporterTest.byName;
import static ai.galileo.tracing.otlp.OtlpExporterTest.str;
import static ai.galileo.tracing.otlp.OtlpExporterTest.tracer;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Galileo's agent views read, as GenAI, OpenInference and galileo.* attributes. */
class AgentAttributesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String WEATHER_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";

  OtlpReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
    assertThat(receiver.errors).isEmpty();
  }

  /**
   * An agent with an LLM call that has every new field, and the tool call it asked for. Shared
   * with the round trip through the console.
   */
  static void agentTrace(GalileoTracer tracer) {
    Span trace = tracer.traceBuilder("weather question").setInput("Weather in Pisa?").start();
    try (Scope t = trace.makeCurrent()) {
      Span agent = tracer.spanBuilder("weather agent", SpanType.AGENT)
          .setAgentType(AgentType.REACT).setInput("Weather in Pisa?").start();
      try (Scope a = agent.makeCurrent()) {
        Span llm = tracer.spanBuilder("chat", SpanType.LLM).setModel("gpt-4o")
            .setInput(Content.messages(Message.user("Weather in Pisa?"))).start();
        llm.setTokens(120, 30)
            .setFinishReason("tool_calls")
            .setTools(List.of(
                ToolDefinition.of("get_weather", "The weather in a city", WEATHER_SCHEMA),
                ToolDefinition.of("clock", null, "not json {")))
            .addEvent(new LlmEvent.Reasoning("rs_1", "The user wants Pisa's weather.",
                "Look up Pisa", LlmEvent.Status.COMPLETED))
            .addEvent(new LlmEvent.InternalToolCall("ws_1", "web_search", "{\"query\":\"pisa\"}",
                "[\"sunny\"]", LlmEvent.Status.COMPLETED))
            .addEvent(new LlmEvent.McpCall("mcp_1", "maps", "geocode", "{\"q\":\"Pisa\"}",
                "43.7,10.4", null, LlmEvent.Status.COMPLETED))
            .addEvent(new LlmEvent.McpListTools("mcpl_1", "maps",
                List.of(ToolDefinition.of("geocode", "Place to coordinates", "{\"type\":\"object\"}")),
                null, null))
            .setImageTokens(40, 2)
            .setAudioTokens(7, 9);
        llm.end(Content.message(new Message(ai.galileo.tracing.Role.ASSISTANT, "Checking.", null,
            List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Pisa\"}")))));
        Span tool = tracer.spanBuilder("get_weather", SpanType.TOOL).setToolCallId("call_1")
            .setInput("{\"city\":\"Pisa\"}").start();
        tool.end("sunny");
      }
      agent.end("Sunny in Pisa.");
    }
    trace.end("Sunny in Pisa.");
  }

  @Test
  void anAgentItsLlmCallAndItsToolCarryTheAgentFieldsInBothConventions() throws Exception {
    DeliveryReceipt receipt;
    try (GalileoTracer tracer = tracer(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.baseUrl()))) {
      agentTrace(tracer);
      receipt = tracer.flush(Duration.ofSeconds(10));
    }
    assertThat(receipt.failed()).isZero();
    var spans = byName(receiver.spans());

    Map<String, AnyValue> llm = attributes(spans.get("chat").getAttributesList());
    assertThat(llm.get("gen_ai.response.finish_reasons").getArrayValue().getValuesList())
        .extracting(AnyValue::getStringValue).containsExactly("tool_calls");
    assertThat(str(llm, "llm.finish_reason")).isEqualTo("tool_calls");

    JsonNode tools = JSON.readTree(str(llm, "gen_ai.tool.definitions"));
    assertThat(tools).hasSize(2);
    assertThat(tools.get(0).path("type").asText()).isEqualTo("function");
    assertThat(tools.get(0).path("name").asText()).isEqualTo("get_weather");
    assertThat(tools.get(0).path("description").asText()).isEqualTo("The weather in a city");
    assertThat(tools.get(0).path("parameters")).isEqualTo(JSON.readTree(WEATHER_SCHEMA));
    assertThat(tools.get(1).has("description")).isFalse();
    assertThat(tools.get(1).path("parameters").asText()).isEqualTo("not json {"); // kept, as text
    assertThat(str(llm, "llm.tools.0.tool.name")).isEqualTo("get_weather");
    assertThat(str(llm, "llm.tools.0.tool.description")).isEqualTo("The weather in a city");
    JsonNode schema = JSON.readTree(str(llm, "llm.tools.0.tool.json_schema"));
    assertThat(schema.path("type").asText()).isEqualTo("function");
    assertThat(schema.path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(schema.path("function").path("parameters")).isEqualTo(JSON.readTree(WEATHER_SCHEMA));
    assertThat(str(llm, "llm.tools.1.tool.name")).isEqualTo("clock");

    JsonNode out = JSON.readTree(str(llm, "gen_ai.output.messages"));
    assertThat(out.get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
    JsonNode parts = out.get(0).path("parts");
    assertThat(parts.get(0).path("type").asText()).isEqualTo("reasoning");
    assertThat(parts.get(0).path("content").asText()).isEqualTo("The user wants Pisa's weather.");
    assertThat(parts.get(1).path("type").asText()).isEqualTo("text");
    assertThat(parts.get(2).path("type").asText()).isEqualTo("tool_call");
    String content = "llm.output_messages.0.message.contents.";
    assertThat(str(llm, content + "0.message_content.type")).isEqualTo("reasoning");
    assertThat(str(llm, content + "0.message_content.text")).isEqualTo("The user wants Pisa's weather.");
    assertThat(str(llm, content + "0.message_content.id")).isEqualTo("rs_1");
    assertThat(str(llm, content + "1.message_content.type")).isEqualTo("text");
    assertThat(str(llm, content + "1.message_content.text")).isEqualTo("Checking.");
    assertThat(str(llm, "llm.output_messages.0.message.content")).isEqualTo("Checking.");
    assertThat(JSON.readTree(str(llm, "gen_ai.input.messages")).get(0).has("finish_reason")).isFalse();

    JsonNode events = JSON.readTree(str(llm, "galileo.llm.events"));
    assertThat(events).hasSize(4);
    assertThat(events.get(0).toString()).isEqualTo("{\"type\":\"reasoning\",\"id\":\"rs_1\","
        + "\"status\":\"completed\",\"content\":\"The user wants Pisa's weather.\",\"summary\":\"Look up Pisa\"}");
    assertThat(events.get(1).toString()).isEqualTo("{\"type\":\"internal_tool_call\",\"id\":\"ws_1\","
        + "\"status\":\"completed\",\"name\":\"web_search\",\"input\":{\"query\":\"pisa\"},"
        + "\"output\":{\"value\":[\"sunny\"]}}");
    assertThat(events.get(2).toString()).isEqualTo("{\"type\":\"mcp_call\",\"id\":\"mcp_1\","
        + "\"status\":\"completed\",\"server_name\":\"maps\",\"tool_name\":\"geocode\","
        + "\"arguments\":{\"q\":\"Pisa\"},\"result\":{\"value\":\"43.7,10.4\"}}");
    assertThat(events.get(3).toString()).isEqualTo("{\"type\":\"mcp_list_tools\",\"id\":\"mcpl_1\","
        + "\"server_name\":\"maps\",\"tools\":[{\"name\":\"geocode\",\"description\":"
        + "\"Place to coordinates\",\"input_schema\":{\"type\":\"object\"}}]}");

    assertThat(llm.get("gen_ai.usage.image.input_tokens").getIntValue()).isEqualTo(40);
    assertThat(llm.get("llm.token_count.prompt_details.image").getIntValue()).isEqualTo(40);
    assertThat(llm.get("llm.token_count.completion_details.image").getIntValue()).isEqualTo(2);
    assertThat(llm.get("gen_ai.usage.audio.input_tokens").getIntValue()).isEqualTo(7);
    assertThat(llm.get("llm.token_count.prompt_details.audio").getIntValue()).isEqualTo(7);
    assertThat(llm.get("gen_ai.usage.audio.output_tokens").getIntValue()).isEqualTo(9);
    assertThat(llm.get("llm.token_count.completion_details.audio").getIntValue()).isEqualTo(9);

    Map<String, AnyValue> agent = attributes(spans.get("weather agent").getAttributesList());
    assertThat(str(agent, "openinference.span.kind")).isEqualTo("AGENT");
    assertThat(str(agent, "gen_ai.operation.name")).isEqualTo("invoke_agent");
    assertThat(str(agent, "gen_ai.agent.name")).isEqualTo("weather agent");
    assertThat(str(agent, "agent.name")).isEqualTo("weather agent");
    assertThat(str(agent, "galileo.agent.type")).isEqualTo("react");

    Map<String, AnyValue> tool = attributes(spans.get("get_weather").getAttributesList());
    assertThat(str(tool, "gen_ai.tool.call.id")).isEqualTo("call_1");
    assertThat(str(tool, "tool.id")).isEqualTo("call_1");
    assertThat(str(tool, "gen_ai.tool.name")).isEqualTo("get_weather");
  }

  @Test
  void spansWithoutTheNewFieldsGetNoneOfTheirAttributes() {
    try (GalileoTracer tracer = tracer(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.baseUrl()))) {
      Span trace = tracer.traceBuilder("plain").start();
      try (Scope t = trace.makeCurrent()) {
        tracer.spanBuilder("llm", SpanType.LLM).start().end(Content.message(Message.assistant("hi")));
        tracer.spanBuilder("agent", SpanType.AGENT).start().end();
        tracer.spanBuilder("tool", SpanType.TOOL).start().end();
      }
      trace.end();
      tracer.flush(Duration.ofSeconds(10));
    }
    var spans = byName(receiver.spans());
    Map<String, AnyValue> llm = attributes(spans.get("llm").getAttributesList());
    assertThat(llm).doesNotContainKeys("gen_ai.response.finish_reasons", "llm.finish_reason",
        "gen_ai.tool.definitions", "llm.tools.0.tool.name", "galileo.llm.events",
        "gen_ai.usage.image.input_tokens", "llm.token_count.prompt_details.audio",
        "llm.output_messages.0.message.contents.0.message_content.type");
    assertThat(str(llm, "gen_ai.output.messages"))
        .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]");
    assertThat(attributes(spans.get("agent").getAttributesList())).doesNotContainKey("galileo.agent.type");
    assertThat(attributes(spans.get("tool").getAttributesList()))
        .doesNotContainKeys("gen_ai.tool.call.id", "tool.id");
  }

  @Test
  void aToolSchemaLongerThanTheFieldLimitIsSentAsCutTextAndTheAttributeStaysJson() throws Exception {
    String longSchema = "{\"description\":\"" + "x".repeat(300) + "\"}";
    try (GalileoTracer tracer = tracer(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.baseUrl(),
        "GALILEO_MAX_FIELD_CHARS", "1000"))) {
      Span trace = tracer.traceBuilder("limits").start();
      try (Scope t = trace.makeCurrent()) {
        Span llm = tracer.spanBuilder("llm", SpanType.LLM).start();
        llm.setTools(List.of(ToolDefinition.of("big", "y".repeat(150), longSchema.repeat(4))));
        llm.addEvent(LlmEvent.Reasoning.of("z".repeat(2000)));
        llm.end();
      }
      trace.end();
      tracer.flush(Duration.ofSeconds(10));
    }
    Map<String, AnyValue> llm = attributes(byName(receiver.spans()).get("llm").getAttributesList());
    JsonNode tools = JSON.readTree(str(llm, "gen_ai.tool.definitions")); // still JSON
    assertThat(tools.get(0).path("parameters").isTextual()).isTrue();
    assertThat(tools.get(0).path("parameters").asText()).startsWith("{\"description\"")
        .contains("[truncated");
    JsonNode reasoning = JSON.readTree(str(llm, "galileo.llm.events")).get(0);
    assertThat(reasoning.path("content").asText()).hasSize(1000 + "…[truncated 1000 of 2000 chars]".length());
  }
}
