package ai.galileo.tracing.adk.internal;

import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.ToolDefinition;
import com.google.adk.JsonBaseModel;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.FunctionResponse;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.Part;
import com.google.genai.types.Tool;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Google GenAI's types, as ADK hands them to plugins, in Galileo's terms: contents as chat messages
 * (a {@code model} turn is the assistant's, a function response a tool message with its call id),
 * function declarations as tool definitions, thought parts as reasoning. Every field is optional in
 * GenAI's types and read as such.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class GenAi {
  /**
   * Definitions already made, by declaration object: an ADK tool builds its declaration once and
   * offers that same immutable object on every model call, so its schema is written as JSON once,
   * not on every call. Bounded: emptied when full, for tools made per request.
   */
  private static final Map<FunctionDeclaration, ToolDefinition> DEFINITIONS = new IdentityHashMap<>();
  private static final int MAX_DEFINITIONS = 1024;

  private GenAi() {}

  /** The request's messages: the system instruction first, then the contents in order. */
  static List<Message> requestMessages(Optional<GenerateContentConfig> config, List<Content> contents) {
    List<Message> out = new ArrayList<>(contents == null ? 1 : contents.size() + 1);
    config.flatMap(GenerateContentConfig::systemInstruction)
        .map(GenAi::text)
        .filter(t -> !t.isEmpty())
        .ifPresent(t -> out.add(Message.system(t)));
    if (contents != null) {
      for (Content c : contents) {
        if (c != null) {
          addMessages(c, out);
        }
      }
    }
    return out;
  }

  /** One content as messages: its function responses as tool messages, the rest as one message. */
  static void addMessages(Content content, List<Message> out) {
    Role role = role(content.role().orElse(null));
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = List.of();
    for (Part p : content.parts().orElse(List.of())) {
      if (p == null || p.thought().orElse(false)) {
        continue; // reasoning is an event of the call that produced it, not part of the dialogue
      }
      p.text().ifPresent(t -> append(text, t));
      Optional<FunctionCall> call = p.functionCall();
      if (call.isPresent()) {
        if (calls.isEmpty()) {
          calls = new ArrayList<>(2);
        }
        calls.add(toolCall(call.get()));
      }
      Optional<FunctionResponse> response = p.functionResponse();
      if (response.isPresent()) {
        FunctionResponse r = response.get();
        out.add(new Message(Role.TOOL, json(r.response().orElse(null)), r.id().orElse(null), List.of()));
      }
    }
    if (text.length() > 0 || !calls.isEmpty()) {
      out.add(new Message(calls.isEmpty() ? role : Role.ASSISTANT, text.toString(), null, calls));
    }
  }

  /** The answer's message, or null when it has no text and no function call. */
  static Message answer(Content content) {
    List<Message> out = new ArrayList<>(1);
    addMessages(content, out);
    for (Message m : out) {
      if (m.role() == Role.ASSISTANT) {
        return m;
      }
    }
    return out.isEmpty() ? null : out.get(0);
  }

  /** The content's thought parts, each as reasoning. */
  static List<LlmEvent> reasoning(Content content) {
    List<LlmEvent> events = List.of();
    for (Part p : content.parts().orElse(List.of())) {
      if (p != null && p.thought().orElse(false) && p.text().isPresent()) {
        if (events.isEmpty()) {
          events = new ArrayList<>(1);
        }
        events.add(LlmEvent.Reasoning.of(p.text().get()));
      }
    }
    return events;
  }

  /** The function declarations offered in the request's config. */
  static List<ToolDefinition> tools(Optional<GenerateContentConfig> config) {
    List<Tool> tools = config.flatMap(GenerateContentConfig::tools).orElse(List.of());
    if (tools.isEmpty()) {
      return List.of();
    }
    List<ToolDefinition> out = new ArrayList<>();
    for (Tool t : tools) {
      if (t == null) {
        continue;
      }
      for (FunctionDeclaration d : t.functionDeclarations().orElse(List.of())) {
        ToolDefinition definition = d == null ? null : definition(d);
        if (definition != null) {
          out.add(definition);
        }
      }
    }
    return out;
  }

  private static ToolDefinition definition(FunctionDeclaration d) {
    synchronized (DEFINITIONS) {
      ToolDefinition known = DEFINITIONS.get(d);
      if (known != null) {
        return known;
      }
    }
    if (d.name().isEmpty()) {
      return null;
    }
    String parameters = d.parametersJsonSchema().map(GenAi::json)
        .orElseGet(() -> d.parameters().map(s -> s.toJson()).orElse(null));
    ToolDefinition made = ToolDefinition.of(d.name().get(), d.description().orElse(null), parameters);
    synchronized (DEFINITIONS) {
      if (DEFINITIONS.size() >= MAX_DEFINITIONS) {
        DEFINITIONS.clear();
      }
      DEFINITIONS.put(d, made);
    }
    return made;
  }

  /** The content's text parts (thoughts left out), joined. */
  static String text(Content content) {
    StringBuilder text = new StringBuilder();
    for (Part p : content.parts().orElse(List.of())) {
      if (p != null && !p.thought().orElse(false)) {
        p.text().ifPresent(t -> append(text, t));
      }
    }
    return text.toString();
  }

  static boolean hasFunctionCall(Content content) {
    for (Part p : content.parts().orElse(List.of())) {
      if (p != null && p.functionCall().isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** A value as JSON text (ADK's own mapper); its string form if it cannot be written. */
  static String json(Object value) {
    if (value == null) {
      return "{}";
    }
    try {
      return JsonBaseModel.getMapper().writeValueAsString(value);
    } catch (Exception e) {
      return String.valueOf(value);
    }
  }

  private static ToolCall toolCall(FunctionCall call) {
    return new ToolCall(call.id().orElse(""), call.name().orElse(""), json(call.args().orElse(null)));
  }

  private static Role role(String role) {
    if (role == null) {
      return Role.USER;
    }
    switch (role) {
      case "model":
      case "assistant":
        return Role.ASSISTANT;
      case "system":
        return Role.SYSTEM;
      case "tool":
      case "function":
        return Role.TOOL;
      default:
        return Role.USER;
    }
  }

  private static void append(StringBuilder text, String part) {
    if (text.length() > 0) {
      text.append('\n');
    }
    text.append(part);
  }
}
