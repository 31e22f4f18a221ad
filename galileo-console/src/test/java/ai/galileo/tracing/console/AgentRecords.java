package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Records.span;
import static ai.galileo.tracing.console.Records.withSpans;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * An agent's trace as Galileo's SDKs log it, with every field Galileo's agent views read: an
 * AGENT span with its agent type; an LLM span offered two tools, with reasoning, an MCP call, a
 * built-in tool call and image and audio tokens, that answers with a tool call; the TOOL span
 * that ran it, with the call's id; and the LLM span that gives the final answer.
 */
final class AgentRecords {
  static final String CALL_ID = "call_7Qx2mFz";
  static final String REASONING = "The user wants the weather in Paris and whether to take an umbrella."
      + " I have a get_weather tool: call it for Paris in celsius, then decide from the conditions.";
  static final String SUMMARY = "Needs live weather: call get_weather for Paris.";

  final UUID traceId = UUID.randomUUID();
  final UUID agentId = UUID.randomUUID();
  final UUID llmId = UUID.randomUUID();
  final UUID toolId = UUID.randomUUID();
  final UUID answerId = UUID.randomUUID();

  /** The trace, with its spans nested, as one record of a traces ingest. */
  ObjectNode trace() {
    ObjectNode t = Records.trace(traceId, "weather question");
    t.put("input", "What's the weather in Paris? Do I need an umbrella?");
    t.put("output", "14 °C and light rain in Paris: take an umbrella.");
    t.put("created_at", "2026-01-02T03:04:05.000000Z");
    t.putObject("metrics").put("duration_ns", 2_900_000_000L);
    t.putObject("user_metadata").put("service.name", "weather-agent");
    return withSpans(t, withSpans(agent(), llm(), tool(), answer()));
  }

  ObjectNode agent() {
    ObjectNode a = span("agent", agentId, "weather assistant", "weather-agent");
    a.put("agent_type", "react");
    a.put("input", "What's the weather in Paris? Do I need an umbrella?");
    a.put("output", "14 °C and light rain in Paris: take an umbrella.");
    a.put("created_at", "2026-01-02T03:04:05.010000Z");
    ((ObjectNode) a.get("metrics")).put("duration_ns", 2_850_000_000L);
    return a;
  }

  ObjectNode llm() {
    ObjectNode l = span("llm", llmId, "chat gpt-4o", "weather-agent");
    l.put("model", "gpt-4o");
    l.put("temperature", 0.2);
    l.put("created_at", "2026-01-02T03:04:05.020000Z");
    ArrayNode in = l.putArray("input");
    in.add(message("system", "You are a weather assistant. Use the tools."));
    in.add(message("user", "What's the weather in Paris? Do I need an umbrella?"));
    ObjectNode out = message("assistant", "");
    out.putArray("tool_calls").add(toolCall());
    l.set("output", out);
    l.put("finish_reason", "tool_calls");
    l.set("tools", tools());
    ArrayNode events = l.putArray("events");
    ObjectNode reasoning = events.addObject();
    reasoning.put("type", "reasoning");
    reasoning.put("id", "rs_01");
    reasoning.put("status", "completed");
    reasoning.put("content", REASONING);
    reasoning.putArray("summary").addObject().put("type", "summary_text").put("text", SUMMARY);
    ObjectNode list = events.addObject();
    list.put("type", "mcp_list_tools");
    list.put("server_name", "travel-docs");
    list.putArray("tools").addObject()
        .put("name", "search_docs")
        .put("description", "Full-text search over the travel guides.")
        .set("input_schema", Api.parse("{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}},"
            + "\"required\":[\"query\"]}"));
    ObjectNode mcp = events.addObject();
    mcp.put("type", "mcp_call");
    mcp.put("id", "mcp_01");
    mcp.put("status", "completed");
    mcp.put("server_name", "travel-docs");
    mcp.put("tool_name", "search_docs");
    mcp.set("arguments", Api.parse("{\"query\":\"umbrella Paris spring\"}"));
    mcp.set("result", Api.parse("{\"hits\":[{\"title\":\"Paris in spring\",\"snippet\":\"Showers are common in April.\"}]}"));
    ObjectNode search = events.addObject();
    search.put("type", "internal_tool_call");
    search.put("id", "ws_01");
    search.put("status", "completed");
    search.put("name", "web_search");
    search.set("input", Api.parse("{\"query\":\"Paris weather today\"}"));
    search.set("output", Api.parse("{\"results\":3}"));
    ObjectNode metrics = (ObjectNode) l.get("metrics");
    metrics.put("duration_ns", 1_400_000_000L);
    metrics.put("num_input_tokens", 412);
    metrics.put("num_output_tokens", 38);
    metrics.put("num_total_tokens", 450);
    metrics.put("num_image_input_tokens", 85);
    metrics.put("num_image_output_tokens", 0);
    metrics.put("num_audio_input_tokens", 120);
    metrics.put("num_audio_output_tokens", 0);
    return l;
  }

  ObjectNode tool() {
    ObjectNode t = span("tool", toolId, "get_weather", "weather-agent");
    t.put("tool_call_id", CALL_ID);
    t.put("input", "{\"city\":\"Paris\",\"unit\":\"celsius\"}");
    t.put("output", "{\"temp_c\":14,\"conditions\":\"light rain\"}");
    t.put("created_at", "2026-01-02T03:04:06.430000Z");
    ((ObjectNode) t.get("metrics")).put("duration_ns", 310_000_000L);
    return t;
  }

  ObjectNode answer() {
    ObjectNode l = span("llm", answerId, "chat gpt-4o", "weather-agent");
    l.put("model", "gpt-4o");
    l.put("created_at", "2026-01-02T03:04:06.760000Z");
    ArrayNode in = l.putArray("input");
    in.add(message("system", "You are a weather assistant. Use the tools."));
    in.add(message("user", "What's the weather in Paris? Do I need an umbrella?"));
    ObjectNode asked = message("assistant", "");
    asked.putArray("tool_calls").add(toolCall());
    in.add(asked);
    in.add(message("tool", "{\"temp_c\":14,\"conditions\":\"light rain\"}").put("tool_call_id", CALL_ID));
    l.set("output", message("assistant", "14 °C and light rain in Paris: take an umbrella."));
    l.put("finish_reason", "stop");
    l.set("tools", tools());
    ObjectNode metrics = (ObjectNode) l.get("metrics");
    metrics.put("duration_ns", 1_100_000_000L);
    metrics.put("num_input_tokens", 468);
    metrics.put("num_output_tokens", 17);
    metrics.put("num_total_tokens", 485);
    return l;
  }

  /** The tools offered, in OpenAI's function-tool shape. */
  static ArrayNode tools() {
    ArrayNode tools = Api.JSON.createArrayNode();
    tools.add(function("get_weather", "Current weather for a city.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"city\":{\"type\":\"string\",\"description\":\"City name, e.g. Paris\"},"
            + "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]}},"
            + "\"required\":[\"city\"]}"));
    tools.add(function("search_docs", "Searches the travel guides for advice.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"query\":{\"type\":\"string\"},"
            + "\"top_k\":{\"type\":\"integer\",\"description\":\"How many passages\"}},"
            + "\"required\":[\"query\"]}"));
    return tools;
  }

  static ObjectNode function(String name, String description, String parameters) {
    ObjectNode t = Api.JSON.createObjectNode();
    t.put("type", "function");
    ObjectNode f = t.putObject("function");
    f.put("name", name);
    f.put("description", description);
    f.set("parameters", Api.parse(parameters));
    return t;
  }

  static ObjectNode toolCall() {
    ObjectNode c = Api.JSON.createObjectNode();
    c.put("id", CALL_ID);
    ObjectNode f = c.putObject("function");
    f.put("name", "get_weather");
    f.put("arguments", "{\"city\":\"Paris\",\"unit\":\"celsius\"}");
    return c;
  }

  static ObjectNode message(String role, String content) {
    ObjectNode m = Api.JSON.createObjectNode();
    m.put("role", role);
    m.put("content", content);
    return m;
  }
}
