package ai.galileo.tracing.opentelemetry.internal;

import ai.galileo.tracing.ToolDefinition;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tool definitions offered to a model, as the GenAI conventions' {@code gen_ai.tool.definitions}
 * ({@code [{"type": "function", "name", "description", "parameters"}]}) and OpenInference's
 * {@code tool.json_schema} (OpenAI's {@code {"type": "function", "function": {...}}}) write them;
 * either shape is read in either place.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ToolDefinitions {
  private ToolDefinitions() {}

  /** A JSON array of tool definitions; null unless every element is one with a name. */
  static List<ToolDefinition> parseArray(String json) {
    try (JsonParser p = JsonValues.parser(json)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      List<ToolDefinition> tools = new ArrayList<>();
      while (p.nextToken() == JsonToken.START_OBJECT) {
        ToolDefinition t = tool(p);
        if (t == null) {
          return null;
        }
        tools.add(t);
      }
      return p.currentToken() == JsonToken.END_ARRAY && p.nextToken() == null && !tools.isEmpty()
          ? tools : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** One tool definition as JSON, or null when it is not one. */
  static ToolDefinition parseOne(String json) {
    try (JsonParser p = JsonValues.parser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ToolDefinition t = tool(p);
      return p.nextToken() == null ? t : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A tool object, the parser on its START_OBJECT and left on its END_OBJECT. */
  private static ToolDefinition tool(JsonParser p) throws IOException {
    String name = null;
    String description = null;
    String parameters = null;
    ToolDefinition function = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "name" -> name = value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "description" -> description = value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "parameters" -> parameters = JsonValues.text(p);
        case "function" -> function = value == JsonToken.START_OBJECT ? tool(p) : skip(p);
        default -> p.skipChildren();
      }
    }
    if (function != null) {
      return function;
    }
    return name == null ? null : ToolDefinition.of(name, description, parameters);
  }

  private static ToolDefinition skip(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }
}
