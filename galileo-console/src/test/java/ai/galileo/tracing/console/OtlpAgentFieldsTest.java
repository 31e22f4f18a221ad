package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.OtlpIntakeTest.attr;
import static ai.galileo.tracing.console.OtlpIntakeTest.intAttr;
import static ai.galileo.tracing.console.OtlpIntakeTest.post;
import static ai.galileo.tracing.console.OtlpIntakeTest.request;
import static ai.galileo.tracing.console.OtlpIntakeTest.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Galileo's agent views read (finish reason, tools offered, events, agent type, tool call
 * id, image and audio tokens), read from OTLP spans over a real socket: from this SDK's
 * exporter's attributes, from the GenAI conventions' and from OpenInference's.
 */
class OtlpAgentFieldsTest {
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";

  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  @Test
  void genAiAttributesOfAnotherSdkFillTheAgentFields() throws Exception {
    UUID traceId = UUID.randomUUID();
    Span agent = span(traceId, 0x10L, 0, "invoke_agent Weather")
        .addAttributes(attr("gen_ai.operation.name", "invoke_agent"))
        .addAttributes(attr("gen_ai.agent.name", "Weather"))
        .build();
    Span chat = span(traceId, 0x11L, 0x10L, "chat gpt-4o")
        .addAttributes(attr("gen_ai.operation.name", "chat"))
        .addAttributes(strings("gen_ai.response.finish_reasons", "tool_calls"))
        .addAttributes(attr("gen_ai.tool.definitions", "[{\"type\":\"function\",\"name\":\"get_weather\","
            + "\"description\":\"The weather\",\"parameters\":" + SCHEMA + "}]"))
        .addAttributes(attr("gen_ai.input.messages",
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Pisa?\"}]}]"))
        .addAttributes(attr("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":["
            + "{\"type\":\"reasoning\",\"content\":\"Needs the weather tool.\"},"
            + "{\"type\":\"tool_call\",\"id\":\"call_7\",\"name\":\"get_weather\",\"arguments\":{\"city\":\"Pisa\"}}],"
            + "\"finish_reason\":\"tool_call\"}]"))
        .addAttributes(intAttr("gen_ai.usage.image.input_tokens", 85))
        .addAttributes(intAttr("gen_ai.usage.audio.input_tokens", 12))
        .addAttributes(intAttr("gen_ai.usage.audio.output_tokens", 30))
        .build();
    Span tool = span(traceId, 0x12L, 0x10L, "execute_tool get_weather")
        .addAttributes(attr("gen_ai.operation.name", "execute_tool"))
        .addAttributes(attr("gen_ai.tool.call.id", "call_7"))
        .build();
    ok(post(request("py-agent", agent, chat, tool)));

    Map<String, JsonNode> spans = records(traceId);
    JsonNode llm = spans.get("chat gpt-4o");
    assertThat(llm.path("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(llm.path("tools").toString()).isEqualTo("[{\"type\":\"function\",\"function\":{"
        + "\"name\":\"get_weather\",\"description\":\"The weather\",\"parameters\":" + SCHEMA + "}}]");
    assertThat(llm.path("events").toString())
        .isEqualTo("[{\"type\":\"reasoning\",\"content\":\"Needs the weather tool.\"}]");
    JsonNode out = llm.path("output");
    assertThat(out.path("role").asText()).isEqualTo("assistant");
    assertThat(out.path("content").asText()).isEmpty(); // the reasoning is not the answer
    assertThat(out.path("tool_calls").toString()).isEqualTo("[{\"id\":\"call_7\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Pisa\\\"}\"}}]");
    assertThat(llm.path("metrics").path("num_image_input_tokens").asLong()).isEqualTo(85);
    assertThat(llm.path("metrics").path("num_audio_input_tokens").asLong()).isEqualTo(12);
    assertThat(llm.path("metrics").path("num_audio_output_tokens").asLong()).isEqualTo(30);
    JsonNode meta = llm.path("user_metadata");
    assertThat(meta.has("gen_ai.tool.definitions") || meta.has("gen_ai.response.finish_reasons")
        || meta.has("gen_ai.usage.image.input_tokens")).isFalse();

    assertThat(spans.get("execute_tool get_weather").path("tool_call_id").asText()).isEqualTo("call_7");
    JsonNode agentRecord = spans.get("invoke_agent Weather");
    assertThat(agentRecord.has("agent_type")).isFalse(); // no convention has one
    assertThat(agentRecord.path("user_metadata").path("gen_ai.agent.name").asText()).isEqualTo("Weather");
  }

  @Test
  void openInferenceAttributesFillTheAgentFields() throws Exception {
    UUID traceId = UUID.randomUUID();
    String oi = "llm.output_messages.0.message.";
    Span llm = span(traceId, 0x21L, 0, "ChatOpenAI")
        .addAttributes(attr("openinference.span.kind", "LLM"))
        .addAttributes(attr("llm.finish_reason", "stop"))
        .addAttributes(attr("llm.tools.0.tool.json_schema", "{\"type\":\"function\",\"function\":"
            + "{\"name\":\"get_weather\",\"parameters\":" + SCHEMA + "}}"))
        .addAttributes(attr("llm.tools.1.tool.name", "clock"))
        .addAttributes(attr("llm.tools.1.tool.description", "The time"))
        .addAttributes(attr(oi + "role", "assistant"))
        .addAttributes(attr(oi + "contents.0.message_content.type", "reasoning"))
        .addAttributes(attr(oi + "contents.0.message_content.text", "Thinking it over."))
        .addAttributes(attr(oi + "contents.0.message_content.id", "rs_9"))
        .addAttributes(attr(oi + "contents.1.message_content.type", "text"))
        .addAttributes(attr(oi + "contents.1.message_content.text", "Sunny."))
        .addAttributes(intAttr("llm.token_count.prompt_details.audio", 4))
        .addAttributes(intAttr("llm.token_count.completion_details.audio", 5))
        .addAttributes(intAttr("llm.token_count.prompt_details.image", 6))
        .build();
    Span tool = span(traceId, 0x22L, 0x21L, "get_weather")
        .addAttributes(attr("openinference.span.kind", "TOOL"))
        .addAttributes(attr("tool.id", "call_9"))
        .build();
    ok(post(request("phoenix-app", llm, tool)));

    Map<String, JsonNode> spans = records(traceId);
    JsonNode chat = spans.get("ChatOpenAI");
    assertThat(chat.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(chat.path("tools")).hasSize(2);
    assertThat(chat.path("tools").get(0).path("function").path("parameters").toString()).isEqualTo(SCHEMA);
    assertThat(chat.path("tools").get(1).toString())
        .isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"clock\",\"description\":\"The time\"}}");
    assertThat(chat.path("events").toString())
        .isEqualTo("[{\"type\":\"reasoning\",\"id\":\"rs_9\",\"content\":\"Thinking it over.\"}]");
    assertThat(chat.path("output").path("content").asText()).isEqualTo("Sunny.");
    assertThat(chat.path("metrics").path("num_audio_input_tokens").asLong()).isEqualTo(4);
    assertThat(chat.path("metrics").path("num_audio_output_tokens").asLong()).isEqualTo(5);
    assertThat(chat.path("metrics").path("num_image_input_tokens").asLong()).isEqualTo(6);
    assertThat(chat.path("user_metadata").has("llm.tools.1.tool.name")).isFalse();
    assertThat(spans.get("get_weather").path("tool_call_id").asText()).isEqualTo("call_9");
  }

  @Test
  void thisSdksGalileoAttributesGiveEventsAndAgentTypeExactly() throws Exception {
    UUID traceId = UUID.randomUUID();
    String events = "[{\"type\":\"reasoning\",\"id\":\"rs_1\",\"status\":\"completed\",\"content\":\"Hm.\","
        + "\"summary\":\"Short\"},{\"type\":\"mcp_call\",\"server_name\":\"maps\",\"tool_name\":\"geocode\","
        + "\"arguments\":{\"q\":\"Pisa\"},\"result\":{\"value\":\"43.7,10.4\"}}]";
    Span agent = span(traceId, 0x31L, 0, "planner")
        .addAttributes(attr("galileo.span.type", "agent"))
        .addAttributes(attr("gen_ai.agent.name", "planner"))
        .addAttributes(attr("agent.name", "planner"))
        .addAttributes(attr("galileo.agent.type", "supervisor"))
        .build();
    Span llm = span(traceId, 0x32L, 0x31L, "chat")
        .addAttributes(attr("galileo.span.type", "llm"))
        .addAttributes(strings("gen_ai.response.finish_reasons", "stop"))
        .addAttributes(attr("llm.finish_reason", "stop"))
        .addAttributes(attr("galileo.llm.events", events))
        .addAttributes(attr("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":["
            + "{\"type\":\"reasoning\",\"content\":\"Hm.\"},{\"type\":\"text\",\"content\":\"Done.\"}]}]"))
        .build();
    ok(post(request("java-agent", agent, llm)));

    Map<String, JsonNode> spans = records(traceId);
    JsonNode planner = spans.get("planner");
    assertThat(planner.path("agent_type").asText()).isEqualTo("supervisor");
    assertThat(planner.path("user_metadata").has("galileo.agent.type")).isFalse();
    assertThat(planner.path("user_metadata").has("gen_ai.agent.name")).isFalse();
    JsonNode chat = spans.get("chat");
    assertThat(chat.path("events").toString()).isEqualTo(events); // not the reasoning part again
    assertThat(chat.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(chat.path("output").path("content").asText()).isEqualTo("Done.");
    assertThat(chat.path("user_metadata").has("galileo.llm.events")).isFalse();
    assertThat(chat.path("user_metadata").has("llm.finish_reason")).isFalse();
  }

  @Test
  void valuesThatCannotBeReadStayMetadataAndTheSpanIsKept() throws Exception {
    UUID traceId = UUID.randomUUID();
    Span llm = span(traceId, 0x41L, 0, "chat")
        .addAttributes(attr("gen_ai.operation.name", "chat"))
        .addAttributes(attr("gen_ai.tool.definitions", "[{\"description\":\"no name\"}]"))
        .addAttributes(attr("galileo.llm.events", "[{\"type\":\"teleport\"}]"))
        .addAttributes(KeyValue.newBuilder().setKey("gen_ai.response.finish_reasons")
            .setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                .addValues(AnyValue.newBuilder().setIntValue(3)))).build())
        .addAttributes(attr("llm.tools.0.tool.json_schema", "not json"))
        .addAttributes(attr("gen_ai.usage.audio.input_tokens", "many"))
        .build();
    Span several = span(traceId, 0x44L, 0, "two choices")
        .addAttributes(attr("gen_ai.operation.name", "chat"))
        .addAttributes(strings("gen_ai.response.finish_reasons", "stop", "length"))
        .build();
    Span agent = span(traceId, 0x42L, 0x41L, "agent")
        .addAttributes(attr("openinference.span.kind", "AGENT"))
        .addAttributes(attr("galileo.agent.type", "wizard"))
        .build();
    Span workflow = span(traceId, 0x43L, 0x41L, "step")
        .addAttributes(attr("galileo.agent.type", "react"))
        .addAttributes(attr("gen_ai.tool.call.id", "call_1"))
        .addAttributes(attr("gen_ai.tool.definitions", "[{\"name\":\"t\"}]"))
        .build();
    HttpResponse<byte[]> r = post(request("odd", llm, several, agent, workflow));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(ExportTraceServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();

    Map<String, JsonNode> spans = records(traceId);
    JsonNode chat = spans.get("chat");
    assertThat(chat.has("tools")).isFalse();
    assertThat(chat.has("events")).isFalse();
    assertThat(chat.has("finish_reason")).isFalse();
    assertThat(chat.path("user_metadata").path("gen_ai.tool.definitions").asText())
        .isEqualTo("[{\"description\":\"no name\"}]");
    assertThat(chat.path("user_metadata").path("galileo.llm.events").asText()).isEqualTo("[{\"type\":\"teleport\"}]");
    assertThat(chat.path("user_metadata").path("gen_ai.response.finish_reasons").asText()).isEqualTo("[3]");
    assertThat(chat.path("user_metadata").path("llm.tools.0.tool.json_schema").asText()).isEqualTo("not json");
    assertThat(chat.path("metrics").path("num_audio_input_tokens_invalid").asText()).isEqualTo("many");

    JsonNode choices = spans.get("two choices");
    assertThat(choices.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(choices.path("user_metadata").path("gen_ai.response.finish_reasons").asText())
        .isEqualTo("[\"stop\",\"length\"]");

    assertThat(spans.get("agent").has("agent_type")).isFalse();
    assertThat(spans.get("agent").path("user_metadata").path("galileo.agent.type").asText()).isEqualTo("wizard");
    JsonNode step = spans.get("step");
    assertThat(step.path("type").asText()).isEqualTo("workflow");
    assertThat(step.has("agent_type") || step.has("tool_call_id") || step.has("tools")).isFalse();
    assertThat(step.path("user_metadata").path("galileo.agent.type").asText()).isEqualTo("react");
    assertThat(step.path("user_metadata").path("gen_ai.tool.call.id").asText()).isEqualTo("call_1");
  }

  // --- helpers

  private HttpResponse<byte[]> post(io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest request) {
    return OtlpIntakeTest.post(console.console().url(), request.toByteArray(), PROTOBUF, null, Map.of());
  }

  private static void ok(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(ExportTraceServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();
  }

  /** The stored records (the Galileo span bodies) of the trace's spans, by name. */
  private Map<String, JsonNode> records(UUID traceId) {
    Api.Answer a = Api.ok(console.api("").get("/api/traces/" + traceId));
    Map<String, JsonNode> out = new HashMap<>();
    a.json().path("spans").forEach(s -> out.put(s.path("name").asText(), s.path("record")));
    return out;
  }

  private static KeyValue strings(String key, String... values) {
    ArrayValue.Builder array = ArrayValue.newBuilder();
    for (String v : values) {
      array.addValues(AnyValue.newBuilder().setStringValue(v));
    }
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setArrayValue(array)).build();
  }
}
