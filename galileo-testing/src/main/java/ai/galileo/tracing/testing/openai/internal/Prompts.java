package ai.galileo.tracing.testing.openai.internal;

import ai.galileo.tracing.testing.openai.Endpoint;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation in a request, reduced to roles and texts: chat completions' {@code messages},
 * the Responses API's {@code instructions} and {@code input}, or embeddings' {@code input}.
 * Reads whatever it is given; shapes it does not know count as no text.
 */
public final class Prompts {
  /** One message: role {@code system}, {@code developer}, {@code user}, {@code assistant} or {@code tool}. */
  public record Message(String role, String text) {}

  private final List<Message> messages;
  private final boolean embeddings;

  private Prompts(List<Message> messages, boolean embeddings) {
    this.messages = messages;
    this.embeddings = embeddings;
  }

  public static Prompts of(Endpoint endpoint, JsonNode body) {
    List<Message> out = new ArrayList<>();
    switch (endpoint) {
      case CHAT_COMPLETIONS -> {
        for (JsonNode m : body.path("messages")) {
          String role = m.path("role").asText("");
          StringBuilder text = new StringBuilder(text(m.path("content")));
          for (JsonNode call : m.path("tool_calls")) {
            append(text, call.path("function").path("arguments").asText(""));
          }
          out.add(new Message(role, text.toString()));
        }
      }
      case RESPONSES -> {
        if (body.path("instructions").isTextual()) {
          out.add(new Message("developer", body.path("instructions").asText()));
        }
        JsonNode input = body.path("input");
        if (input.isTextual()) {
          out.add(new Message("user", input.asText()));
        }
        for (JsonNode item : input) {
          String type = item.path("type").asText("message");
          switch (type) {
            case "message" -> out.add(new Message(item.path("role").asText(""), text(item.path("content"))));
            case "function_call" -> out.add(new Message("assistant", item.path("arguments").asText("")));
            case "function_call_output" -> out.add(new Message("tool", text(item.path("output"))));
            default -> { } // reasoning and other items carry no prompt text here
          }
        }
      }
      case EMBEDDINGS -> {
        for (String text : embeddingInputs(body.path("input"))) {
          out.add(new Message("user", text));
        }
      }
      default -> throw new IllegalStateException(endpoint.toString());
    }
    return new Prompts(List.copyOf(out), endpoint == Endpoint.EMBEDDINGS);
  }

  /** The texts to embed: a string, or an array of strings; token arrays become their numbers. */
  public static List<String> embeddingInputs(JsonNode input) {
    List<String> texts = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(input.asText());
    } else if (input.isArray()) {
      boolean tokens = input.size() > 0 && input.get(0).isNumber();
      if (tokens) {
        texts.add(input.toString());
      } else {
        for (JsonNode element : input) {
          texts.add(element.isTextual() ? element.asText() : element.toString());
        }
      }
    }
    return texts;
  }

  /** A content: a string, or an array of parts with {@code text} (other parts are skipped). */
  static String text(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    if (content.isArray()) {
      for (JsonNode part : content) {
        if (part.path("text").isTextual()) {
          append(text, part.path("text").asText());
        } else if (part.isTextual()) {
          append(text, part.asText());
        }
      }
    }
    return text.toString();
  }

  private static void append(StringBuilder text, String more) {
    if (more.isEmpty()) {
      return;
    }
    if (text.length() > 0) {
      text.append('\n');
    }
    text.append(more);
  }

  public List<Message> messages() {
    return messages;
  }

  /** The last user message's text, or empty; for embeddings, every input, one per line. */
  public String lastUserMessage() {
    if (embeddings) {
      return String.join("\n", texts());
    }
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals("user")) {
        return messages.get(i).text();
      }
    }
    return "";
  }

  /** The texts an answer may draw on: instructions, and tool results after the last user message. */
  public List<String> context() {
    int lastUser = -1;
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).role().equals("user")) {
        lastUser = i;
      }
    }
    List<String> context = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      boolean instructions = m.role().equals("system") || m.role().equals("developer");
      boolean toolResult = m.role().equals("tool") && i > lastUser;
      if (instructions || toolResult) {
        context.add(m.text());
      }
    }
    return context;
  }

  /** Every message's text, for counting prompt tokens. */
  public List<String> texts() {
    return messages.stream().map(Message::text).toList();
  }
}
