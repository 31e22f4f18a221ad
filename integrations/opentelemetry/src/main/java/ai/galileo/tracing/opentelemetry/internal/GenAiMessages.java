package ai.galileo.tracing.opentelemetry.internal;

import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.ToolCall;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the GenAI semantic conventions' {@code gen_ai.input.messages} / {@code
 * gen_ai.output.messages}: a JSON array of {@code {"role": ..., "parts": [...], "finish_reason":
 * ...}}. Parts read: {@code text} (the message's content), {@code tool_call} (its tool calls),
 * {@code tool_call_response} (the id it answers and its content) and {@code reasoning} (the
 * model's reasoning, an event of the LLM span rather than text of its answer). Anything else (a
 * part of another type, such as media, a role Galileo does not know, malformed JSON) gives null,
 * and the caller keeps the value as text, so nothing is lost.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class GenAiMessages {

  /**
   * What the attribute held.
   *
   * @param messages the messages, never empty
   * @param reasoning the reasoning parts, in order
   * @param finishReason the first message's {@code finish_reason}, or null
   */
  record Parsed(List<Message> messages, List<LlmEvent.Reasoning> reasoning, String finishReason) {}

  private GenAiMessages() {}

  /** The messages, or null when the value is not an array of messages made of known parts. */
  static Parsed parse(String json) {
    try (JsonParser p = JsonValues.parser(json)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      Reader reader = new Reader();
      while (p.nextToken() == JsonToken.START_OBJECT) {
        if (!reader.message(p)) {
          return null;
        }
      }
      return p.currentToken() == JsonToken.END_ARRAY && p.nextToken() == null
          && !reader.messages.isEmpty()
          ? new Parsed(reader.messages, reader.reasoning, reader.finishReason)
          : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static final class Reader {
    final List<Message> messages = new ArrayList<>();
    final List<LlmEvent.Reasoning> reasoning = new ArrayList<>();
    String finishReason;

    /** One message object, the parser on its START_OBJECT; false unless role and known parts. */
    boolean message(JsonParser p) throws IOException {
      Role role = null;
      StringBuilder text = null;
      String toolCallId = null;
      List<ToolCall> calls = new ArrayList<>();
      String finish = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("role".equals(field) && value == JsonToken.VALUE_STRING) {
          role = SpanMapping.knownRole(p.getText()); // an unknown one: kept as text
        } else if ("finish_reason".equals(field) && value == JsonToken.VALUE_STRING) {
          finish = p.getText();
        } else if ("parts".equals(field) && value == JsonToken.START_ARRAY) {
          text = new StringBuilder();
          while (p.nextToken() == JsonToken.START_OBJECT) {
            Part part = part(p);
            if (part == null) {
              return false;
            }
            switch (part.type) {
              case "text" -> text.append(part.content);
              case "reasoning" -> reasoning.add(LlmEvent.Reasoning.of(part.content));
              case "tool_call" -> calls.add(new ToolCall(part.id, part.name, part.content));
              default -> { // tool_call_response
                toolCallId = part.id;
                text.append(part.content);
              }
            }
          }
        } else {
          p.skipChildren(); // name, ...: not part of a Galileo message
        }
      }
      if (role == null || text == null) {
        return false;
      }
      if (messages.isEmpty()) {
        finishReason = finish;
      }
      messages.add(new Message(role, text.toString(), toolCallId, calls));
      return true;
    }
  }

  /** A part: its type, its text (content, arguments or response), the call's id and name. */
  private record Part(String type, String content, String id, String name) {}

  /** A part object, the parser on its START_OBJECT; null unless of a known type and whole. */
  private static Part part(JsonParser p) throws IOException {
    String type = null;
    String content = null;
    String arguments = null;
    String response = null;
    String id = null;
    String name = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "type" -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "content" -> content = value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "id" -> id = value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "name" -> name = value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "arguments" -> arguments = JsonValues.text(p);
        case "response", "result" -> response = JsonValues.text(p); // result: before semconv 1.38
        default -> p.skipChildren();
      }
    }
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "text", "reasoning" -> content == null ? null : new Part(type, content, null, null);
      case "tool_call" -> name == null ? null : new Part(type, arguments, id == null ? "" : id, name);
      case "tool_call_response" -> new Part(type, response == null ? "" : response, id, null);
      default -> null;
    };
  }
}
