package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What Galileo's agent views read, as attributes: an LLM span's finish reason, the tools offered,
 * its events and multimodal token counts; an agent's name and type; a tool's call id. GenAI
 * semantic conventions and OpenInference side by side, as for the rest of the span; what neither
 * has (the agent type, events other than reasoning) under {@code galileo.*}. The names are listed
 * in the module's README.
 */
final class AgentAttributes {
  /** Galileo's agent type (react, router, ...), which no convention has. */
  static final String AGENT_TYPE = "galileo.agent.type";
  /** An LLM span's events, as a JSON array in Galileo's ingest shape. */
  static final String LLM_EVENTS = "galileo.llm.events";
  private static final IndexedKey TOOL_NAME = new IndexedKey("llm.tools.", ".tool.name");
  private static final IndexedKey TOOL_DESCRIPTION = new IndexedKey("llm.tools.", ".tool.description");
  private static final IndexedKey TOOL_SCHEMA = new IndexedKey("llm.tools.", ".tool.json_schema");

  private final JsonStrings strings;
  private final JsonText json;

  AgentAttributes(JsonStrings strings, JsonText json) {
    this.strings = strings;
    this.json = json;
  }

  /** Finish reason, tools offered, events and token details of an LLM span. */
  void llm(SpanData.LlmData llm, OtlpAttributes a) {
    if (llm.finishReason() != null) {
      a.putStrings("gen_ai.response.finish_reasons", llm.finishReason());
      a.put("llm.finish_reason", llm.finishReason());
    }
    List<ToolDefinition> tools = llm.tools();
    if (!tools.isEmpty()) {
      a.putJson("gen_ai.tool.definitions", g -> {
        g.writeStartArray();
        for (ToolDefinition t : tools) {
          g.writeStartObject();
          g.writeStringField("type", "function");
          toolFields(g, t, "parameters");
          g.writeEndObject();
        }
        g.writeEndArray();
      });
      for (int i = 0; i < tools.size(); i++) {
        ToolDefinition t = tools.get(i);
        a.put(TOOL_NAME.at(i), t.name());
        a.put(TOOL_DESCRIPTION.at(i), t.description());
        a.putJson(TOOL_SCHEMA.at(i), g -> openAiTool(g, t));
      }
    }
    if (!llm.events().isEmpty()) {
      a.putJson(LLM_EVENTS, g -> events(g, llm.events()));
    }
    a.put("gen_ai.usage.image.input_tokens", llm.imageInputTokens());
    a.put("llm.token_count.prompt_details.image", llm.imageInputTokens());
    a.put("llm.token_count.completion_details.image", llm.imageOutputTokens());
    a.put("gen_ai.usage.audio.input_tokens", llm.audioInputTokens());
    a.put("llm.token_count.prompt_details.audio", llm.audioInputTokens());
    a.put("gen_ai.usage.audio.output_tokens", llm.audioOutputTokens());
    a.put("llm.token_count.completion_details.audio", llm.audioOutputTokens());
  }

  /** An agent's name (both conventions) and Galileo type. */
  void agent(SpanData s, OtlpAttributes a) {
    a.put("gen_ai.agent.name", s.name());
    a.put("agent.name", s.name());
    if (s.agentType() != null) {
      a.put(AGENT_TYPE, s.agentType().wireName());
    }
  }

  /** The id of the model's tool call a tool span executes. */
  void tool(SpanData s, OtlpAttributes a) {
    if (s.toolCallId() != null) {
      a.put("gen_ai.tool.call.id", s.toolCallId());
      a.put("tool.id", s.toolCallId());
    }
  }

  /** The reasoning events of an LLM span, in order; empty for none. */
  static List<LlmEvent.Reasoning> reasoning(SpanData.LlmData llm) {
    if (llm == null || llm.events().isEmpty()) {
      return List.of();
    }
    List<LlmEvent.Reasoning> out = new ArrayList<>(1);
    for (LlmEvent e : llm.events()) {
      if (e instanceof LlmEvent.Reasoning r && reasoningText(r) != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** The text a reasoning part shows: the reasoning itself, else its summary. */
  static String reasoningText(LlmEvent.Reasoning r) {
    return r.content() != null ? r.content() : r.summary();
  }

  private void toolFields(JsonGenerator g, ToolDefinition t, String schemaField) throws IOException {
    g.writeFieldName("name");
    strings.write(g, t.name());
    if (t.description() != null) {
      g.writeFieldName("description");
      strings.write(g, t.description());
    }
    if (t.parametersJson() != null) {
      g.writeFieldName(schemaField);
      json.value(g, t.parametersJson());
    }
  }

  /** OpenAI's function-tool shape, which OpenInference recommends for {@code tool.json_schema}. */
  private void openAiTool(JsonGenerator g, ToolDefinition t) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "function");
    g.writeObjectFieldStart("function");
    toolFields(g, t, "parameters");
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Galileo's event objects (ReasoningEvent, InternalToolCall, MCPCallEvent, MCPListToolsEvent). */
  private void events(JsonGenerator g, List<LlmEvent> events) throws IOException {
    g.writeStartArray();
    for (LlmEvent e : events) {
      g.writeStartObject();
      if (e instanceof LlmEvent.Reasoning r) {
        g.writeStringField("type", "reasoning");
        common(g, e);
        string(g, "content", r.content());
        string(g, "summary", r.summary());
      } else if (e instanceof LlmEvent.InternalToolCall c) {
        g.writeStringField("type", "internal_tool_call");
        common(g, e);
        string(g, "name", c.name());
        object(g, "input", c.inputJson());
        object(g, "output", c.outputJson());
      } else if (e instanceof LlmEvent.McpCall c) {
        g.writeStringField("type", "mcp_call");
        common(g, e);
        string(g, "server_name", c.serverName());
        string(g, "tool_name", c.toolName());
        object(g, "arguments", c.argumentsJson());
        object(g, "result", c.resultJson());
        string(g, "error_message", c.errorMessage());
      } else if (e instanceof LlmEvent.McpListTools l) {
        g.writeStringField("type", "mcp_list_tools");
        common(g, e);
        string(g, "server_name", l.serverName());
        g.writeArrayFieldStart("tools");
        for (ToolDefinition t : l.tools()) {
          g.writeStartObject();
          toolFields(g, t, "input_schema"); // MCP's name for a tool's parameter schema
          g.writeEndObject();
        }
        g.writeEndArray();
        string(g, "error_message", l.errorMessage());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private void common(JsonGenerator g, LlmEvent e) throws IOException {
    string(g, "id", e.id());
    if (e.status() != null) {
      g.writeStringField("status", e.status().wireName());
    }
  }

  private void string(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeFieldName(field);
      strings.write(g, value);
    }
  }

  private void object(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeFieldName(field);
      json.object(g, value);
    }
  }
}
