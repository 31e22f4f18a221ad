package ai.galileo.tracing.opentelemetry.internal;

import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the GenAI semantic conventions' {@code gen_ai.input.messages} / {@code
 * gen_ai.output.messages}: a JSON array of {@code {"role": ..., "parts": [{"type": "text",
 * "content": ...}, ...]}}. Only messages made of text parts are read as messages; anything else
 * (tool calls, media, a role Galileo does not know, malformed JSON) gives null, and the caller keeps the value as text, so
 * nothing is lost.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class GenAiMessages {
  private static final JsonFactory JSON = new JsonFactory();

  private GenAiMessages() {}

  /** The messages, or null when the value is not an array of text-only messages. */
  static List<Message> parse(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      List<Message> messages = new ArrayList<>();
      while (p.nextToken() == JsonToken.START_OBJECT) {
        Message m = message(p);
        if (m == null) {
          return null;
        }
        messages.add(m);
      }
      return p.currentToken() == JsonToken.END_ARRAY && p.nextToken() == null && !messages.isEmpty()
          ? messages
          : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** One message object, the parser on its START_OBJECT; null unless role and text parts only. */
  private static Message message(JsonParser p) throws IOException {
    Role role = null;
    StringBuilder text = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if ("role".equals(field) && value == JsonToken.VALUE_STRING) {
        role = SpanMapping.knownRole(p.getText()); // an unknown one: kept as text
      } else if ("parts".equals(field) && value == JsonToken.START_ARRAY) {
        text = new StringBuilder();
        while (p.nextToken() == JsonToken.START_OBJECT) {
          String part = textPart(p);
          if (part == null) {
            return null;
          }
          text.append(part);
        }
      } else {
        p.skipChildren(); // finish_reason, name, ...: not part of a Galileo message
      }
    }
    return role == null || text == null ? null : Message.of(role, text.toString());
  }

  /** A part object's text, or null unless it is {@code {"type": "text", "content": "..."}}. */
  private static String textPart(JsonParser p) throws IOException {
    String type = null;
    String content = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if ("type".equals(field) && value == JsonToken.VALUE_STRING) {
        type = p.getText();
      } else if ("content".equals(field) && value == JsonToken.VALUE_STRING) {
        content = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return "text".equals(type) && content != null ? content : null;
  }
}
