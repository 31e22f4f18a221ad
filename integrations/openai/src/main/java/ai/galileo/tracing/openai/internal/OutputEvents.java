package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.ToolDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Responses API output items that happen inside the call beside the answer, as
 * {@link LlmEvent}s:
 * <ul>
 *   <li>{@code reasoning}: {@link LlmEvent.Reasoning}, its {@code content} texts as the content and
 *       its {@code summary} texts as the summary (each joined by blank lines);
 *   <li>{@code web_search_call}, {@code file_search_call}, {@code code_interpreter_call},
 *       {@code image_generation_call} (tools OpenAI runs itself): {@link LlmEvent.InternalToolCall}
 *       named {@code web_search}, {@code file_search}, ..., with what the tool was given as input
 *       and what it found as output ({@code results}, {@code outputs}; a generated image is named
 *       {@code [image]}, not copied in base64);
 *   <li>{@code mcp_call}: {@link LlmEvent.McpCall}; {@code mcp_list_tools}: {@link LlmEvent.McpListTools}.
 * </ul>
 * Other items (messages, function calls, items the application acts on such as
 * {@code computer_call}) are not events. An item missing a field or holding an unexpected type
 * still gives its event, with what could be read.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class OutputEvents {
  /** Item types whose tool OpenAI runs, and the fields holding what the tool gave back. */
  private static final Set<String> HOSTED = Set.of("web_search_call", "file_search_call",
      "code_interpreter_call", "image_generation_call");

  private OutputEvents() {}

  /** Whether an output item of this type is recorded as an event. */
  static boolean isEvent(String type) {
    return type.equals("reasoning") || HOSTED.contains(type) || type.equals("mcp_call")
        || type.equals("mcp_list_tools");
  }

  /** The events of an output array, in its order. */
  static List<LlmEvent> of(JsonNode items) {
    List<LlmEvent> events = new ArrayList<>(2);
    if (items == null || !items.isArray()) {
      return events;
    }
    for (JsonNode item : items) {
      LlmEvent e = event(item);
      if (e != null) {
        events.add(e);
      }
    }
    return events;
  }

  /** The event of one output item, or null when it is not one. */
  static LlmEvent event(JsonNode item) {
    if (item == null || !item.isObject()) {
      return null;
    }
    String type = Json.type(item);
    String id = Json.text(item, "id");
    LlmEvent.Status status = LlmEvent.Status.fromWireName(Json.text(item, "status"));
    switch (type) {
      case "reasoning" -> {
        return new LlmEvent.Reasoning(id, texts(item.get("content")), texts(item.get("summary")), status);
      }
      case "mcp_call" -> {
        return new LlmEvent.McpCall(id, Json.text(item, "server_label"), Json.text(item, "name"),
            Tools.jsonText(item.get("arguments")), Tools.jsonText(item.get("output")),
            error(item.get("error")), status);
      }
      case "mcp_list_tools" -> {
        List<ToolDefinition> tools = new ArrayList<>();
        JsonNode listed = item.get("tools");
        if (listed != null && listed.isArray()) {
          for (JsonNode t : listed) {
            String name = Json.text(t, "name");
            if (name != null) {
              tools.add(new ToolDefinition(name, Json.text(t, "description"),
                  Tools.jsonText(t.get("input_schema"))));
            }
          }
        }
        return new LlmEvent.McpListTools(id, Json.text(item, "server_label"), tools,
            error(item.get("error")), status);
      }
      default -> {
        return HOSTED.contains(type) ? hosted(type, id, item, status) : null;
      }
    }
  }

  /** A tool OpenAI ran: what it was given in, what it found out. */
  private static LlmEvent hosted(String type, String id, JsonNode item, LlmEvent.Status status) {
    String name = type.substring(0, type.length() - "_call".length());
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    item.fieldNames().forEachRemaining(field -> {
      JsonNode value = item.get(field);
      switch (field) {
        case "id", "type", "status" -> { }
        case "results", "outputs" -> output.set(field, value);
        case "result" -> output.put("result", value.isNull() ? null : "[image]");
        default -> input.set(field, value);
      }
    });
    return new LlmEvent.InternalToolCall(id, name, input.isEmpty() ? null : input.toString(),
        output.isEmpty() ? null : output.toString(), status);
  }

  /** The texts of reasoning parts ({@code [{"type":..., "text":...}]}), joined; null when none. */
  private static String texts(JsonNode parts) {
    if (parts == null || parts.isNull() || parts.isMissingNode()) {
      return null;
    }
    if (parts.isTextual()) {
      return parts.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode p : parts) {
      String text = p.isTextual() ? p.asText() : Json.text(p, "text");
      if (text != null && !text.isEmpty()) {
        sb.append(sb.length() == 0 ? "" : "\n\n").append(text);
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /**
   * An MCP error as text: a string as it is (older API versions), else an error object's
   * {@code message}, else the texts of its {@code content}, else the object as JSON.
   */
  private static String error(JsonNode error) {
    if (error == null || error.isNull() || error.isMissingNode()) {
      return null;
    }
    if (error.isTextual()) {
      return error.asText();
    }
    String message = Json.text(error, "message");
    if (message != null) {
      return message;
    }
    String content = texts(error.get("content"));
    return content != null ? content : error.toString();
  }
}
