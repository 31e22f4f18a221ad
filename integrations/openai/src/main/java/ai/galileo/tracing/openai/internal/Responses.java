package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Responses API as an {@code LLM} span. The request's {@code instructions} become a system
 * message and its {@code input} the conversation: messages with their roles, function calls as
 * an assistant's tool calls, function call outputs as tool messages with their call ids; its
 * {@code tools} the tools offered. The answer's message items and function calls become one
 * assistant message; its reasoning, the tools OpenAI ran and its MCP items become the span's
 * events ({@link OutputEvents}); its status becomes a finish reason ({@link #finishReason}). Items
 * with neither a chat shape nor an event (an input's earlier reasoning, a {@code computer_call},
 * an MCP approval request) are named in the {@code other_input_items} and
 * {@code other_output_items} metadata instead of being left out without a word.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Responses {
  static final String API = "responses";

  private Responses() {}

  static LlmRequest request(ResponseCreateParams params, boolean stream) {
    JsonNode body = Json.tree(params._body());
    String model = Json.text(body, "model");
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("api", API);
    if (stream) {
      metadata.put("stream", "true");
    }
    Long max = Json.count(body, "max_output_tokens");
    if (max != null) {
      metadata.put("max_output_tokens", max.toString());
    }
    String previous = Json.text(body, "previous_response_id");
    if (previous != null) {
      metadata.put("previous_response_id", previous);
    }

    List<Message> messages = new ArrayList<>();
    JsonNode instructions = body.get("instructions");
    if (instructions != null && !instructions.isNull()) {
      messages.add(Message.system(Json.content(instructions)));
    }
    Set<String> other = new TreeSet<>();
    JsonNode input = body.path("input");
    if (input.isTextual()) {
      messages.add(Message.user(input.asText()));
    }
    for (JsonNode item : input) {
      if (item.isObject()) {
        add(messages, other, item);
      }
    }
    if (!other.isEmpty()) {
      metadata.put("other_input_items", String.join(",", other));
    }
    return new LlmRequest(model == null ? API : API + " " + model, model, Content.messages(messages),
        Json.number(body, "temperature"), Tools.offered(body.get("tools")), metadata);
  }

  static LlmResult result(Response response) {
    return result(Json.tree(response));
  }

  static LlmResult result(JsonNode r) {
    Map<String, String> metadata = new LinkedHashMap<>();
    String id = Json.text(r, "id");
    if (id != null) {
      metadata.put("response_id", id);
    }
    String status = Json.text(r, "status");
    boolean failed = "failed".equals(status);
    String incomplete = Json.text(r.path("incomplete_details"), "reason");
    if (incomplete != null) {
      metadata.put("incomplete_reason", incomplete);
    }
    JsonNode error = r.path("error");
    if (error.isObject()) {
      failed = true;
      metadata.put("error.type", "response." + (status == null ? "failed" : status));
      if (Json.text(error, "code") != null) {
        metadata.put("error.code", Json.text(error, "code"));
      }
      metadata.put("error.message", Json.nonNull(Json.text(error, "message")));
    }
    JsonNode items = r.path("output");
    Message output = output(items, metadata);
    JsonNode usage = r.path("usage");
    ModalityTokens modality = usage.isObject()
        ? ModalityTokens.of(usage.get("input_tokens_details"), usage.get("output_tokens_details"))
        : ModalityTokens.NONE;
    return new LlmResult(output, Json.text(r, "model"), Json.count(usage, "input_tokens"),
        Json.count(usage, "output_tokens"), Json.count(usage, "total_tokens"), modality,
        finishReason(status, incomplete, items), OutputEvents.of(items), metadata, failed);
  }

  /**
   * The Responses API has no finish reason; it is derived from the status in chat completions'
   * words, so that both APIs' spans read alike: a completed response is {@code tool_calls} when its
   * output asks the application to run something (a function or custom tool call, or a
   * {@code computer_call}, {@code local_shell_call}, {@code shell_call}, {@code apply_patch_call}),
   * else {@code stop}; an incomplete one is {@code length} for {@code max_output_tokens},
   * {@code content_filter} for that reason, any other reason as it is, or {@code incomplete}; a
   * {@code failed} or {@code cancelled} one is its status. A response still {@code queued} or
   * {@code in_progress} (background mode) has not finished: null.
   */
  static String finishReason(String status, String incompleteReason, JsonNode items) {
    if (status == null) {
      return null;
    }
    return switch (status) {
      case "completed" -> asksForTools(items) ? "tool_calls" : "stop";
      case "incomplete" -> incompleteReason == null ? "incomplete" : switch (incompleteReason) {
        case "max_output_tokens" -> "length";
        default -> incompleteReason;
      };
      case "queued", "in_progress" -> null;
      default -> status;
    };
  }

  private static boolean asksForTools(JsonNode items) {
    for (JsonNode item : items) {
      switch (Json.type(item)) {
        case "function_call", "custom_tool_call", "computer_call", "local_shell_call", "shell_call",
            "apply_patch_call" -> {
          return true;
        }
        default -> { }
      }
    }
    return false;
  }

  /** The output items as one assistant message: the text of every message, and the calls. */
  static Message output(JsonNode items, Map<String, String> metadata) {
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    Set<String> other = new TreeSet<>();
    for (JsonNode item : items) {
      String type = Json.type(item);
      switch (type) {
        case "message" -> {
          String part = Json.content(item.get("content"));
          text.append(text.length() == 0 || part.isEmpty() ? "" : "\n").append(part);
          for (JsonNode c : item.path("content")) {
            if ("refusal".equals(Json.text(c, "type"))) {
              metadata.put("refusal", "true");
            }
          }
        }
        case "function_call", "custom_tool_call" -> calls.add(toolCall(item));
        default -> {
          if (!OutputEvents.isEvent(type)) {
            other.add(type);
          }
        }
      }
    }
    if (!other.isEmpty()) {
      metadata.put("other_output_items", String.join(",", other));
    }
    if (text.length() == 0 && calls.isEmpty()) {
      return null;
    }
    return new Message(Role.ASSISTANT, text.toString(), null, calls);
  }

  /** A function call (its {@code arguments}) or a custom tool call (its {@code input}). */
  static ToolCall toolCall(JsonNode item) {
    String arguments = item.has("arguments") ? Json.text(item, "arguments") : Json.text(item, "input");
    return new ToolCall(Json.nonNull(Json.text(item, "call_id")), Json.nonNull(Json.text(item, "name")),
        arguments);
  }

  private static void add(List<Message> messages, Set<String> other, JsonNode item) {
    String type = Json.text(item, "type");
    if (type == null && item.has("role")) {
      type = "message"; // the short form: {"role": ..., "content": ...}
    }
    switch (type == null ? "unknown" : type) {
      case "message" -> messages.add(
          Message.of(Json.role(Json.text(item, "role")), Json.content(item.get("content"))));
      case "function_call", "custom_tool_call" -> addCall(messages, toolCall(item));
      case "function_call_output", "custom_tool_call_output" -> messages.add(
          Message.tool(Json.content(item.get("output")), Json.text(item, "call_id")));
      default -> other.add(type == null ? "unknown" : type);
    }
  }

  /** A call joins the assistant message just before it, as chat completions carry calls. */
  private static void addCall(List<Message> messages, ToolCall call) {
    int last = messages.size() - 1;
    if (last >= 0 && messages.get(last).role() == Role.ASSISTANT) {
      Message m = messages.get(last);
      List<ToolCall> calls = new ArrayList<>(m.toolCalls());
      calls.add(call);
      messages.set(last, new Message(Role.ASSISTANT, m.content(), null, calls));
    } else {
      messages.add(new Message(Role.ASSISTANT, "", null, List.of(call)));
    }
  }
}
