package ai.galileo.tracing.testing.openai.internal;

import ai.galileo.tracing.testing.openai.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code POST /v1/chat/completions}: the checks on a request, and the answer, whole or streamed. */
final class ChatCompletions {
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
  /** Tool-call arguments are streamed in pieces this long. */
  private static final int ARGUMENT_PIECE = 8;

  private ChatCompletions() {}

  /** The rules of the real API that this fake checks (see {@code FakeOpenAi}). */
  static void validate(JsonNode body) throws ApiError {
    Requests.requireModel(body);
    Requests.streamOptionsOnlyWithStream(body);
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      throw ApiError.invalid("messages", "missing_required_parameter",
          "Missing required parameter: 'messages'.");
    }
    if (!messages.isArray()) {
      throw ApiError.invalid("messages", "invalid_type",
          "Invalid type for 'messages': expected an array of objects, but got " + Requests.typeName(messages) + " instead.");
    }
    if (messages.isEmpty()) {
      throw ApiError.invalid("messages", "empty_array",
          "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.");
    }
    Set<String> awaited = new LinkedHashSet<>(); // tool_call_ids the last assistant message asked for
    int asker = -1;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String param = "messages[" + i + "]";
      if (!m.isObject()) {
        throw ApiError.invalid(param, "invalid_type",
            "Invalid type for '" + param + "': expected an object, but got " + Requests.typeName(m) + " instead.");
      }
      String role = m.path("role").asText(null);
      if (role == null) {
        throw ApiError.invalid(param + ".role", "missing_required_parameter",
            "Missing required parameter: '" + param + ".role'.");
      }
      if (!ROLES.contains(role)) {
        throw ApiError.invalid(param + ".role", "invalid_value", "Invalid value: '" + role
            + "'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.");
      }
      if (role.equals("tool")) {
        String id = m.path("tool_call_id").asText(null);
        if (id == null) {
          throw ApiError.invalid(param + ".tool_call_id", "missing_required_parameter",
              "Missing required parameter: '" + param + ".tool_call_id'.");
        }
        if (!awaited.remove(id)) {
          // The real message, spelling included.
          throw ApiError.invalid("messages.[" + i + "].role", null,
              "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.");
        }
        continue;
      }
      if (!awaited.isEmpty()) {
        throw ApiError.invalid("messages.[" + asker + "].role", null,
            "An assistant message with 'tool_calls' must be followed by tool messages responding to each "
                + "'tool_call_id'. The following tool_call_ids did not have response messages: "
                + String.join(", ", awaited));
      }
      awaited.clear();
      if (role.equals("assistant")) {
        for (JsonNode call : m.path("tool_calls")) {
          awaited.add(call.path("id").asText(""));
          asker = i;
        }
      }
    }
    if (!awaited.isEmpty()) {
      throw ApiError.invalid("messages.[" + asker + "].role", null,
          "An assistant message with 'tool_calls' must be followed by tool messages responding to each "
              + "'tool_call_id'. The following tool_call_ids did not have response messages: "
              + String.join(", ", awaited));
    }
  }

  static ObjectNode completion(String id, long created, String model, Answer a) {
    ObjectNode root = head(id, "chat.completion", created, model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", a.text());
    message.putNull("refusal");
    message.putArray("annotations");
    if (!a.toolCalls().isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      for (ToolCall call : a.toolCalls()) {
        ObjectNode c = calls.addObject();
        c.put("id", call.id());
        c.put("type", "function");
        c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
      }
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", a.finishReason());
    if (a.usage()) {
      root.set("usage", usage(a));
    }
    return root;
  }

  /**
   * The answer as chunks: the role (with the first tool call when there is no text), the text word
   * by word, each tool call's header and its arguments in pieces, the finish reason, the usage
   * (when asked for, and not scripted away), then {@code [DONE]}.
   */
  static void stream(EventStream out, String id, long created, String model, Answer a, boolean includeUsage)
      throws IOException {
    boolean usageChunk = includeUsage && a.usage();
    List<ToolCall> calls = a.toolCalls();
    ObjectNode first = Json.object().put("role", "assistant");
    int nextCall = 0;
    if (a.text() == null && !calls.isEmpty()) {
      first.putNull("content");
      first.set("tool_calls", Json.array().add(callHeader(0, calls.get(0))));
      nextCall = 1;
    } else {
      first.put("content", "");
    }
    first.putNull("refusal");
    out.data(chunk(id, created, model, first, null, includeUsage));
    if (a.text() != null) {
      for (String piece : Words.pieces(a.text())) {
        out.data(chunk(id, created, model, Json.object().put("content", piece), null, includeUsage));
      }
    }
    for (int i = 0; i < calls.size(); i++) {
      if (i >= nextCall) {
        ObjectNode delta = Json.object();
        delta.set("tool_calls", Json.array().add(callHeader(i, calls.get(i))));
        out.data(chunk(id, created, model, delta, null, includeUsage));
      }
      for (String piece : Words.slices(calls.get(i).arguments(), ARGUMENT_PIECE)) {
        ObjectNode call = Json.object().put("index", i);
        call.putObject("function").put("arguments", piece);
        ObjectNode delta = Json.object();
        delta.set("tool_calls", Json.array().add(call));
        out.data(chunk(id, created, model, delta, null, includeUsage));
      }
    }
    out.data(chunk(id, created, model, Json.object(), a.finishReason(), includeUsage));
    if (usageChunk) {
      ObjectNode last = head(id, "chat.completion.chunk", created, model);
      last.putArray("choices");
      last.set("usage", usage(a));
      out.data(last);
    }
    out.done();
  }

  private static ObjectNode callHeader(int index, ToolCall call) {
    ObjectNode c = Json.object().put("index", index).put("id", call.id()).put("type", "function");
    c.putObject("function").put("name", call.name()).put("arguments", "");
    return c;
  }

  private static ObjectNode chunk(String id, long created, String model, ObjectNode delta,
      String finishReason, boolean includeUsage) {
    ObjectNode root = head(id, "chat.completion.chunk", created, model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    if (includeUsage) {
      root.putNull("usage"); // the real API sends null usage on every chunk but the last
    }
    return root;
  }

  private static ObjectNode head(String id, String object, long created, String model) {
    ObjectNode root = Json.object();
    root.put("id", id);
    root.put("object", object);
    root.put("created", created);
    root.put("model", model);
    root.put("service_tier", "default");
    root.put("system_fingerprint", "fp_openai_fake");
    return root;
  }

  private static ObjectNode usage(Answer a) {
    ObjectNode u = Json.object();
    u.put("prompt_tokens", a.promptTokens());
    u.put("completion_tokens", a.completionTokens());
    u.put("total_tokens", a.promptTokens() + a.completionTokens());
    ObjectNode prompt = u.putObject("prompt_tokens_details").put("cached_tokens", 0)
        .put("audio_tokens", Math.max(0, a.audioPromptTokens()));
    if (a.imagePromptTokens() >= 0) {
      prompt.put("image_tokens", a.imagePromptTokens());
    }
    u.putObject("completion_tokens_details").put("reasoning_tokens", 0)
        .put("audio_tokens", Math.max(0, a.audioCompletionTokens()))
        .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
    return u;
  }
}
