package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat completions as an {@code LLM} span: the request's messages (roles, text, tool calls, the
 * tool answers' call ids), model, temperature, limits and the tools it offers; the answer's first
 * choice, its finish reason as OpenAI wrote it, the reasoning an OpenAI-compatible server sent with
 * it, the model that answered and the usage with its audio and image parts.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ChatCompletions {
  static final String API = "chat.completions";

  private ChatCompletions() {}

  static LlmRequest request(ChatCompletionCreateParams params, boolean stream) {
    JsonNode body = Json.tree(params._body());
    String model = Json.text(body, "model");
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("api", API);
    if (stream) {
      metadata.put("stream", "true");
    }
    Long max = Json.count(body, "max_completion_tokens");
    if (max == null) {
      max = Json.count(body, "max_tokens");
    }
    if (max != null) {
      metadata.put("max_output_tokens", max.toString());
    }
    Long n = Json.count(body, "n");
    if (n != null && n > 1) {
      metadata.put("n", n.toString());
    }
    List<Message> messages = new ArrayList<>();
    for (JsonNode m : body.path("messages")) {
      if (m.isObject()) {
        messages.add(message(m));
      }
    }
    return new LlmRequest(model == null ? "chat" : "chat " + model, model,
        Content.messages(messages), Json.number(body, "temperature"), Tools.offered(body.get("tools")),
        metadata);
  }

  static LlmResult result(ChatCompletion completion) {
    JsonNode c = Json.tree(completion);
    Map<String, String> metadata = new LinkedHashMap<>();
    String id = Json.text(c, "id");
    if (id != null) {
      metadata.put("response_id", id);
    }
    JsonNode choices = c.path("choices");
    JsonNode first = null;
    for (JsonNode choice : choices) {
      if (first == null || Long.valueOf(0).equals(Json.count(choice, "index"))) {
        first = choice;
      }
    }
    Message output = null;
    String finish = null;
    List<LlmEvent> events = List.of();
    if (first != null) {
      JsonNode m = first.path("message");
      output = message(m);
      if (Json.text(m, "content") == null && Json.text(m, "refusal") != null) {
        metadata.put("refusal", "true");
      }
      finish = Json.text(first, "finish_reason");
      String reasoning = reasoning(m);
      if (reasoning != null) {
        events = List.of(LlmEvent.Reasoning.of(reasoning));
      }
    }
    if (choices.size() > 1) {
      metadata.put("choices", Integer.toString(choices.size())); // the output is the first
    }
    JsonNode usage = c.path("usage");
    return new LlmResult(output, Json.text(c, "model"), Json.count(usage, "prompt_tokens"),
        Json.count(usage, "completion_tokens"), Json.count(usage, "total_tokens"), modalityTokens(usage),
        finish, events, metadata, false);
  }

  /** The image and audio parts of a usage's counts. */
  static ModalityTokens modalityTokens(JsonNode usage) {
    return usage == null || !usage.isObject() ? ModalityTokens.NONE
        : ModalityTokens.of(usage.get("prompt_tokens_details"), usage.get("completion_tokens_details"));
  }

  /**
   * The reasoning text of a message or a delta, which OpenAI's chat completions do not return but
   * OpenAI-compatible servers do ({@code reasoning_content}, as DeepSeek and vLLM write it, or
   * {@code reasoning}); the SDK keeps such fields as they came. Null when there is none.
   */
  static String reasoning(JsonNode message) {
    String text = Json.text(message, "reasoning_content");
    if (text == null || text.isEmpty()) {
      text = Json.text(message, "reasoning");
    }
    return text == null || text.isEmpty() ? null : text;
  }

  /**
   * One message of a request or an answer: its role and text (an assistant's refusal, or its
   * audio's transcript, when it has no text), its tool calls, a tool answer's call id.
   */
  static Message message(JsonNode m) {
    Role role = m.has("role") ? Json.role(Json.text(m, "role")) : Role.ASSISTANT;
    String text = Json.content(m.get("content"));
    if (role == Role.ASSISTANT) {
      if (text.isEmpty() && Json.text(m, "refusal") != null) {
        text = Json.text(m, "refusal");
      }
      if (text.isEmpty() && Json.text(m.path("audio"), "transcript") != null) {
        text = Json.text(m.path("audio"), "transcript");
      }
      return new Message(role, text, null, toolCalls(m));
    }
    if (role == Role.TOOL) {
      return Message.tool(text, Json.text(m, "tool_call_id"));
    }
    return Message.of(role, text);
  }

  /** An assistant message's {@code tool_calls} (function and custom), and a legacy function call. */
  static List<ToolCall> toolCalls(JsonNode m) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : m.path("tool_calls")) {
      String id = Json.nonNull(Json.text(call, "id"));
      if (call.has("custom")) {
        JsonNode c = call.path("custom");
        calls.add(new ToolCall(id, Json.nonNull(Json.text(c, "name")), Json.text(c, "input")));
      } else {
        JsonNode f = call.path("function");
        calls.add(new ToolCall(id, Json.nonNull(Json.text(f, "name")), Json.text(f, "arguments")));
      }
    }
    JsonNode legacy = m.path("function_call");
    if (legacy.isObject()) {
      calls.add(new ToolCall("", Json.nonNull(Json.text(legacy, "name")), Json.text(legacy, "arguments")));
    }
    return calls;
  }
}
