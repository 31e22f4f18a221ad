package ai.galileo.tracing.console.internal;

import ai.galileo.tracing.console.internal.Problems.Loc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the span fields Galileo's agent views read, as the spec types them: an LLM span's
 * {@code tools} (a list of objects, in whatever shape the provider uses) and {@code events} (a list
 * tagged by {@code type}: reasoning, internal tool calls, MCP calls, ...), and an agent span's
 * {@code agent_type}. Fields of an event that the spec does not list pass, as elsewhere.
 */
final class AgentFields {
  static final List<String> AGENT_TYPES = List.of(
      "default", "planner", "react", "reflection", "router", "classifier", "supervisor", "judge");
  static final List<String> EVENT_STATUSES =
      List.of("in_progress", "completed", "failed", "cancelled", "incomplete");
  static final List<String> MESSAGE_ROLES =
      List.of("agent", "assistant", "developer", "function", "system", "tool", "user");

  /** What a field of an event may hold. */
  private enum Kind {
    STRING, TEXT, OBJECT, OBJECT_LIST, TEXT_OR_OBJECT_LIST, BOOLEAN, STATUS, ROLE, SEARCH_ACTION
  }

  private record Field(Kind kind, boolean required) {}

  private static final Field TEXT = new Field(Kind.TEXT, false);
  private static final Field OBJECT = new Field(Kind.OBJECT, false);
  private static final Field OBJECTS = new Field(Kind.OBJECT_LIST, false);

  /** The fields every event has. */
  private static final Map<String, Field> COMMON = fields(
      "id", TEXT, "status", new Field(Kind.STATUS, false), "metadata", OBJECT,
      "error_message", TEXT);

  /**
   * The event types by their tag, in the order Galileo's error message lists them, with the
   * fields of each beyond the common ones.
   */
  private static final Map<String, Map<String, Field>> EVENTS = new LinkedHashMap<>();

  static {
    EVENTS.put("message", fields("role", new Field(Kind.ROLE, true), "content", TEXT,
        "content_parts", OBJECTS));
    EVENTS.put("reasoning", fields("content", TEXT,
        "summary", new Field(Kind.TEXT_OR_OBJECT_LIST, false)));
    EVENTS.put("internal_tool_call", fields("name", new Field(Kind.STRING, true), "input", OBJECT,
        "output", OBJECT));
    EVENTS.put("web_search_call", fields("action", new Field(Kind.SEARCH_ACTION, true)));
    EVENTS.put("image_generation", fields("prompt", TEXT, "images", OBJECTS, "model", TEXT));
    EVENTS.put("mcp_call", fields("tool_name", TEXT, "server_name", TEXT, "arguments", OBJECT,
        "result", OBJECT));
    EVENTS.put("mcp_list_tools", fields("server_name", TEXT, "tools", OBJECTS));
    EVENTS.put("mcp_approval_request", fields("tool_name", TEXT, "tool_invocation", OBJECT,
        "approved", new Field(Kind.BOOLEAN, false)));
  }

  private AgentFields() {}

  /** {@code agent_type}: one of Galileo's {@code AgentType} values; null is not one. */
  static void agentType(JsonNode v, Loc at, Problems p) {
    if (!v.isTextual() || !AGENT_TYPES.contains(v.textValue())) {
      p.add(at, "enum", "Input should be " + oneOf(AGENT_TYPES), v);
    }
  }

  /** {@code tools}: null, or a list of objects. */
  static void tools(JsonNode v, Loc at, Problems p) {
    objectList(v, at, p);
  }

  /** {@code events}: null, or a list of events, each tagged by a known {@code type}. */
  static void events(JsonNode v, Loc at, Problems p) {
    if (v.isNull()) {
      return;
    }
    if (!v.isArray()) {
      p.add(at, "list_type", "Input should be a valid list", v);
      return;
    }
    for (int i = 0; i < v.size(); i++) {
      event(v.get(i), at.index(i), p);
    }
  }

  private static void event(JsonNode e, Loc at, Problems p) {
    if (!e.isObject()) {
      p.add(at, "model_attributes_type",
          "Input should be a valid dictionary or object to extract fields from", e);
      return;
    }
    JsonNode tag = e.get("type");
    if (tag == null || tag.isNull()) {
      p.add(at, "union_tag_not_found", "Unable to extract tag using discriminator 'type'", null);
      return;
    }
    Map<String, Field> own = tag.isTextual() ? EVENTS.get(tag.textValue()) : null;
    if (own == null) {
      p.add(at, "union_tag_invalid", "Input tag '" + tag.asText() + "' found using 'type' does not"
          + " match any of the expected tags: " + quoted(EVENTS.keySet()), tag);
      return;
    }
    check(e, COMMON, at, p);
    check(e, own, at, p);
  }

  private static void check(JsonNode e, Map<String, Field> fields, Loc at, Problems p) {
    fields.forEach((name, field) -> {
      JsonNode v = e.get(name);
      if (v == null) {
        if (field.required()) {
          p.add(at.field(name), "missing", "Field required", null);
        }
        return;
      }
      value(v, field.kind(), at.field(name), p);
    });
  }

  private static void value(JsonNode v, Kind kind, Loc at, Problems p) {
    switch (kind) {
      case STRING -> {
        if (!v.isTextual()) {
          p.add(at, "string_type", "Input should be a valid string", v);
        }
      }
      case TEXT -> {
        if (!v.isNull() && !v.isTextual()) {
          p.add(at, "string_type", "Input should be a valid string", v);
        }
      }
      case OBJECT -> {
        if (!v.isNull() && !v.isObject()) {
          p.add(at, "dict_type", "Input should be a valid dictionary", v);
        }
      }
      case OBJECT_LIST -> objectList(v, at, p);
      case TEXT_OR_OBJECT_LIST -> {
        if (!v.isNull() && !v.isTextual()) {
          if (v.isArray()) {
            objectList(v, at, p);
          } else {
            p.add(at, "string_type",
                "Input should be a valid string or a list of dictionaries", v);
          }
        }
      }
      case BOOLEAN -> {
        if (!v.isNull() && !v.isBoolean()) {
          p.add(at, "bool_type", "Input should be a valid boolean", v);
        }
      }
      case STATUS -> {
        if (!v.isNull() && (!v.isTextual() || !EVENT_STATUSES.contains(v.textValue()))) {
          p.add(at, "enum", "Input should be " + oneOf(EVENT_STATUSES), v);
        }
      }
      case ROLE -> {
        if (!v.isTextual() || !MESSAGE_ROLES.contains(v.textValue())) {
          p.add(at, "enum", "Input should be " + oneOf(MESSAGE_ROLES), v);
        }
      }
      case SEARCH_ACTION -> searchAction(v, at, p);
      default -> throw new IllegalStateException(kind.name());
    }
  }

  /** A web search call's {@code action}: {@code {"type": "search", "query": ..., "sources": ...}}. */
  private static void searchAction(JsonNode v, Loc at, Problems p) {
    if (!v.isObject()) {
      p.add(at, "model_attributes_type",
          "Input should be a valid dictionary or object to extract fields from", v);
      return;
    }
    JsonNode type = v.get("type");
    if (type == null) {
      p.add(at.field("type"), "missing", "Field required", null);
    } else if (!"search".equals(type.asText(null)) || !type.isTextual()) {
      p.add(at.field("type"), "literal_error", "Input should be 'search'", type);
    }
    JsonNode query = v.get("query");
    if (query != null && !query.isNull() && !query.isTextual()) {
      p.add(at.field("query"), "string_type", "Input should be a valid string", query);
    }
  }

  private static void objectList(JsonNode v, Loc at, Problems p) {
    if (v.isNull()) {
      return;
    }
    if (!v.isArray()) {
      p.add(at, "list_type", "Input should be a valid list", v);
      return;
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isObject()) {
        p.add(at.index(i), "dict_type", "Input should be a valid dictionary", v.get(i));
      }
    }
  }

  /**
   * Renames the camelCase keys of each event to snake_case ({@code toolName} to
   * {@code tool_name}), as the record's own keys are: Galileo's TypeScript SDK writes its events
   * with the names of its own types. The keys inside an event's values are the provider's.
   */
  static void normalizeEventKeys(ObjectNode record) {
    JsonNode events = record.get("events");
    if (events != null && events.isArray()) {
      events.forEach(e -> {
        if (e instanceof ObjectNode o) {
          IngestRequests.rename(o);
        }
      });
    }
  }

  private static String oneOf(List<String> values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(i == values.size() - 1 ? " or " : ", ");
      }
      b.append('\'').append(values.get(i)).append('\'');
    }
    return b.toString();
  }

  /** Field names and what they hold, in order (name, field, name, field, ...). */
  private static Map<String, Field> fields(Object... pairs) {
    Map<String, Field> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (Field) pairs[i + 1]);
    }
    return Collections.unmodifiableMap(out);
  }

  private static String quoted(Collection<String> values) {
    StringBuilder b = new StringBuilder();
    for (String v : values) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append('\'').append(v).append('\'');
    }
    return b.toString();
  }
}
