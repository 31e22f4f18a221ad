package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.ToolDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The tools a request offers the model, as Galileo's {@link ToolDefinition}s. Both APIs' shapes
 * are read: chat completions nest a function under its type
 * ({@code {"type":"function","function":{"name","description","parameters"}}}), the Responses API
 * does not ({@code {"type":"function","name","description","parameters"}}). A custom tool is its
 * name and description (its input is free text, not a schema); a tool OpenAI runs itself
 * ({@code web_search}, {@code file_search}, {@code mcp}, {@code code_interpreter}, ...) is its
 * type, with no parameters.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Tools {
  private Tools() {}

  /** The tools of a request body's {@code tools}; empty when it has none or it is not an array. */
  static List<ToolDefinition> offered(JsonNode tools) {
    if (tools == null || !tools.isArray() || tools.isEmpty()) {
      return List.of();
    }
    List<ToolDefinition> out = new ArrayList<>(tools.size());
    for (JsonNode t : tools) {
      if (!t.isObject()) {
        continue; // nothing to name it by
      }
      String type = Json.type(t);
      JsonNode nested = t.get(type);
      JsonNode def = nested != null && nested.isObject() ? nested : t;
      String name = Json.text(def, "name");
      if (type.equals("function")) {
        out.add(new ToolDefinition(name == null ? type : name, Json.text(def, "description"),
            jsonText(def.get("parameters"))));
      } else if (type.equals("custom")) {
        out.add(new ToolDefinition(name == null ? type : name, Json.text(def, "description"), null));
      } else {
        out.add(new ToolDefinition(type, null, null));
      }
    }
    return out;
  }

  /**
   * A schema as JSON text: an object or array as written; a string as it is (the SDK lets a
   * caller put any value there, and text that is not JSON is still what the model was given);
   * null when there is none.
   */
  static String jsonText(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    return value.isTextual() ? value.asText() : value.toString();
  }
}
