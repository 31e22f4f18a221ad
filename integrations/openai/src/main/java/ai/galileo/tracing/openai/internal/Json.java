package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;

/**
 * Requests and answers read as their JSON, the wire format OpenAI keeps stable. The SDK's
 * generated Java types change shape between minor versions (between 4.0 and 4.52 a function call
 * output's {@code callId()} went from {@code String} to {@code Optional<String>}), so a reading
 * compiled against one version would break against another; the JSON the same objects serialize
 * to does not change. The request is the very body the SDK sends ({@code params._body()}); a
 * missing or mistyped field reads as absent, so nothing is guessed.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Json {
  private Json() {}

  /** The object as the SDK writes it. */
  static JsonNode tree(Object value) {
    return ObjectMappers.jsonMapper().valueToTree(value);
  }

  /** The field's text, or null when it is missing or not a string. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /** The field's whole number, or null when it is missing or not one. */
  static Long count(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.canConvertToLong() && v.isIntegralNumber() ? v.asLong() : null;
  }

  /** The field's number, or null when it is missing or not one. */
  static Double number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? v.asDouble() : null;
  }

  /** The object's {@code type}, or {@code unknown}. */
  static String type(JsonNode node) {
    String type = text(node, "type");
    return type == null || type.isEmpty() ? "unknown" : type;
  }

  /**
   * A message's content as text: a string as it is; an array of parts with its text parts
   * ({@code text}, {@code input_text}, {@code output_text}) and refusals as they are and anything
   * else named in brackets ({@code [image]}, {@code [audio]}, {@code [file]}), one per line, so
   * the conversation still reads in order.
   */
  static String content(JsonNode content) {
    if (content == null || content.isNull() || content.isMissingNode()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (!content.isArray()) {
      return content.toString();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      sb.append(sb.length() == 0 ? "" : "\n");
      if (part.isTextual()) {
        sb.append(part.asText());
        continue;
      }
      String type = type(part);
      switch (type) {
        case "text", "input_text", "output_text" -> sb.append(nonNull(text(part, "text")));
        case "refusal" -> sb.append(nonNull(text(part, "refusal")));
        case "image_url", "input_image" -> sb.append("[image]");
        case "input_audio" -> sb.append("[audio]");
        case "file", "input_file" -> sb.append("[file]");
        default -> sb.append('[').append(type).append(']');
      }
    }
    return sb.toString();
  }

  /** A role as Galileo names it; one it does not know is a user's. */
  static Role role(String role) {
    if (role == null) {
      return Role.USER;
    }
    return switch (role) {
      case "system" -> Role.SYSTEM;
      case "developer" -> Role.DEVELOPER;
      case "assistant" -> Role.ASSISTANT;
      case "tool" -> Role.TOOL;
      case "function" -> Role.FUNCTION;
      default -> Role.USER;
    };
  }

  static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
