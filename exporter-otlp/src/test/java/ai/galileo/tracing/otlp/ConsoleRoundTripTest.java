package ai.galileo.tracing.otlp;

import static ai.galileo.tracing.otlp.AgentAttributesTest.WEATHER_SCHEMA;
import static ai.galileo.tracing.otlp.OtlpExporterTest.tracer;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.console.GalileoConsole;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every field Galileo's agent views read, through the real {@code otlp} exporter (protobuf and
 * JSON) into the real console's OTLP intake, and back out of the console's API as the Galileo
 * record: an OTLP span shows in the console what a Galileo one would.
 */
class ConsoleRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "http/json"})
  void everyAgentFieldSurvivesTheExporterAndTheConsolesIntake(String protocol) throws Exception {
    try (GalileoConsole console = GalileoConsole.builder().host("127.0.0.1").port(0)
        .database(":memory:").start()) {
      DeliveryReceipt receipt;
      try (GalileoTracer tracer = tracer(Map.of(
          "OTEL_EXPORTER_OTLP_ENDPOINT", console.url().toString(),
          "OTEL_EXPORTER_OTLP_PROTOCOL", protocol))) {
        AgentAttributesTest.agentTrace(tracer);
        receipt = tracer.flush(Duration.ofSeconds(10));
      }
      assertThat(receipt.failed() + receipt.dropped()).as("%s", receipt).isZero();

      JsonNode traces = get(console.url(), "/api/traces").path("traces");
      assertThat(traces).hasSize(1);
      Map<String, JsonNode> spans = new LinkedHashMap<>();
      get(console.url(), "/api/traces/" + traces.get(0).path("id").asText()).path("spans")
          .forEach(s -> spans.put(s.path("name").asText(), s));
      assertThat(spans).containsOnlyKeys("weather agent", "chat", "get_weather");

      JsonNode agent = spans.get("weather agent");
      assertThat(agent.path("type").asText()).isEqualTo("agent");
      assertThat(agent.path("record").path("agent_type").asText()).isEqualTo("react");

      JsonNode llm = spans.get("chat").path("record");
      assertThat(spans.get("chat").path("parent_id").asText()).isEqualTo(agent.path("id").asText());
      assertThat(llm.path("finish_reason").asText()).isEqualTo("tool_calls");
      assertThat(llm.path("tools").toString()).isEqualTo("[{\"type\":\"function\",\"function\":{"
          + "\"name\":\"get_weather\",\"description\":\"The weather in a city\",\"parameters\":"
          + WEATHER_SCHEMA + "}},{\"type\":\"function\",\"function\":{\"name\":\"clock\","
          + "\"parameters\":\"not json {\"}}]");
      JsonNode events = llm.path("events");
      assertThat(events).extracting(e -> e.path("type").asText())
          .containsExactly("reasoning", "internal_tool_call", "mcp_call", "mcp_list_tools");
      assertThat(events.get(0).path("content").asText()).isEqualTo("The user wants Pisa's weather.");
      assertThat(events.get(0).path("summary").asText()).isEqualTo("Look up Pisa");
      assertThat(events.get(0).path("status").asText()).isEqualTo("completed");
      assertThat(events.get(1).path("input").path("query").asText()).isEqualTo("pisa");
      assertThat(events.get(2).path("server_name").asText()).isEqualTo("maps");
      assertThat(events.get(3).path("tools").get(0).path("name").asText()).isEqualTo("geocode");
      JsonNode metrics = llm.path("metrics");
      assertThat(metrics.path("num_input_tokens").asLong()).isEqualTo(120);
      assertThat(metrics.path("num_image_input_tokens").asLong()).isEqualTo(40);
      assertThat(metrics.path("num_image_output_tokens").asLong()).isEqualTo(2);
      assertThat(metrics.path("num_audio_input_tokens").asLong()).isEqualTo(7);
      assertThat(metrics.path("num_audio_output_tokens").asLong()).isEqualTo(9);
      JsonNode out = llm.path("output");
      assertThat(out.path("content").asText()).isEqualTo("Checking.");
      assertThat(out.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_1");

      JsonNode tool = spans.get("get_weather");
      assertThat(tool.path("type").asText()).isEqualTo("tool");
      assertThat(tool.path("record").path("tool_call_id").asText()).isEqualTo("call_1");
      assertThat(tool.path("record").path("output").asText()).isEqualTo("sunny");

      // Read into fields, not left beside them as metadata.
      for (JsonNode s : spans.values()) {
        JsonNode meta = s.path("record").path("user_metadata");
        assertThat(meta.fieldNames()).toIterable().as(s.path("name").asText()).doesNotContain(
            "galileo.agent.type", "galileo.llm.events", "gen_ai.tool.definitions",
            "gen_ai.response.finish_reasons", "llm.finish_reason", "gen_ai.tool.call.id", "tool.id",
            "gen_ai.usage.image.input_tokens", "llm.tools.0.tool.name", "gen_ai.agent.name");
      }
    }
  }

  private static JsonNode get(URI base, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
