package ai.galileo.tracing.langchain4j.internal;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * JSON text for what the spans carry as JSON: a tool's parameters (LangChain4j's JSON-schema
 * element model, written as the JSON Schema providers receive) and an agent's named inputs. Written
 * here rather than through LangChain4j's internal helpers, whose shape may change between 1.x
 * releases, or a JSON library, which the module does not bring.
 *
 * <p>Depth is bounded, so a pathological value costs a cut branch, never a stack overflow; length
 * is not (the core's writer cuts long fields at {@code GALILEO_MAX_FIELD_CHARS}).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class JsonText {
  static final int MAX_DEPTH = 32;

  private JsonText() {}

  /** The schema as JSON Schema text: {@code {"type":"object","properties":{...},...}}. */
  static String schema(JsonSchemaElement element) {
    StringBuilder out = new StringBuilder(128);
    schema(out, element, 0);
    return out.toString();
  }

  /** A value as JSON: maps, collections, text, numbers, booleans; anything else as its text. */
  static String value(Object value) {
    StringBuilder out = new StringBuilder(64);
    value(out, value, 0);
    return out.toString();
  }

  private static void schema(StringBuilder out, JsonSchemaElement e, int depth) {
    if (e == null || depth > MAX_DEPTH) {
      out.append("{}");
      return;
    }
    if (e instanceof JsonRawSchema raw) {
      String text = raw.schema();
      out.append(text == null || text.isBlank() ? "{}" : text.strip());
      return;
    }
    out.append('{');
    boolean first = true;
    if (e instanceof JsonObjectSchema o) {
      first = type(out, "object");
      first = description(out, o.description(), first);
      if (o.properties() != null && !o.properties().isEmpty()) {
        first = key(out, "properties", first);
        schemas(out, o.properties(), depth);
      }
      if (o.required() != null && !o.required().isEmpty()) {
        first = key(out, "required", first);
        strings(out, o.required());
      }
      if (o.additionalProperties() != null) {
        first = key(out, "additionalProperties", first);
        out.append(o.additionalProperties().booleanValue());
      }
      if (o.definitions() != null && !o.definitions().isEmpty()) {
        key(out, "$defs", first);
        schemas(out, o.definitions(), depth);
      }
    } else if (e instanceof JsonArraySchema a) {
      first = type(out, "array");
      first = description(out, a.description(), first);
      if (a.items() != null) {
        key(out, "items", first);
        schema(out, a.items(), depth + 1);
      }
    } else if (e instanceof JsonAnyOfSchema any) {
      first = description(out, any.description(), first);
      key(out, "anyOf", first);
      out.append('[');
      List<JsonSchemaElement> options = any.anyOf() == null ? List.of() : any.anyOf();
      for (int i = 0; i < options.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        schema(out, options.get(i), depth + 1);
      }
      out.append(']');
    } else if (e instanceof JsonEnumSchema en) {
      first = type(out, "string");
      first = description(out, en.description(), first);
      if (en.enumValues() != null) {
        key(out, "enum", first);
        strings(out, en.enumValues());
      }
    } else if (e instanceof JsonReferenceSchema ref) {
      first = description(out, ref.description(), first);
      if (ref.reference() != null) {
        key(out, "$ref", first);
        string(out, "#/$defs/" + ref.reference());
      }
    } else if (e instanceof JsonStringSchema s) {
      description(out, s.description(), type(out, "string"));
    } else if (e instanceof JsonIntegerSchema i) {
      description(out, i.description(), type(out, "integer"));
    } else if (e instanceof JsonNumberSchema n) {
      description(out, n.description(), type(out, "number"));
    } else if (e instanceof JsonBooleanSchema b) {
      description(out, b.description(), type(out, "boolean"));
    } else if (e instanceof JsonNullSchema) {
      type(out, "null");
    }
    // An element type of a later LangChain4j release: an open schema, rather than a wrong one.
    out.append('}');
  }

  private static void schemas(StringBuilder out, Map<String, JsonSchemaElement> byName, int depth) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonSchemaElement> entry : byName.entrySet()) {
      first = key(out, String.valueOf(entry.getKey()), first);
      schema(out, entry.getValue(), depth + 1);
    }
    out.append('}');
  }

  private static boolean type(StringBuilder out, String type) {
    out.append("\"type\":");
    string(out, type);
    return false;
  }

  private static boolean description(StringBuilder out, String description, boolean first) {
    if (description == null) {
      return first;
    }
    key(out, "description", first);
    string(out, description);
    return false;
  }

  /** Writes {@code "name":} (after a comma unless first); returns false, the next one's "first". */
  private static boolean key(StringBuilder out, String name, boolean first) {
    if (!first) {
      out.append(',');
    }
    string(out, name);
    out.append(':');
    return false;
  }

  private static void strings(StringBuilder out, Collection<String> values) {
    out.append('[');
    boolean first = true;
    for (String v : values) {
      if (!first) {
        out.append(',');
      }
      first = false;
      if (v == null) {
        out.append("null");
      } else {
        string(out, v);
      }
    }
    out.append(']');
  }

  private static void value(StringBuilder out, Object v, int depth) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
      string(out, v.toString());
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long
        || v instanceof Short || v instanceof Byte) {
      out.append(v);
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isFinite(d)) {
        out.append(v);
      } else {
        string(out, v.toString()); // NaN and infinities are not JSON numbers
      }
    } else if (depth >= MAX_DEPTH) {
      string(out, "[...]");
    } else if (v instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        first = key(out, String.valueOf(entry.getKey()), first);
        value(out, entry.getValue(), depth + 1);
      }
      out.append('}');
    } else if (v instanceof Collection<?> items) {
      out.append('[');
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          out.append(',');
        }
        first = false;
        value(out, item, depth + 1);
      }
      out.append(']');
    } else {
      string(out, text(v));
    }
  }

  /** The value's own text; a {@code toString} that throws costs the value, not the span. */
  private static String text(Object v) {
    try {
      return String.valueOf(v);
    } catch (RuntimeException | StackOverflowError e) {
      return "[" + v.getClass().getName() + "]";
    }
  }

  /** A JSON string literal, escaped as RFC 8259 requires. */
  static void string(StringBuilder out, String s) {
    ai.galileo.tracing.core.internal.JsonText.appendQuoted(out, s);
  }
}
