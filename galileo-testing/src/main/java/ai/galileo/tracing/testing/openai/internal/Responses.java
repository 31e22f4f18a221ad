package ai.galileo.tracing.testing.openai.internal;

import ai.galileo.tracing.testing.openai.OutputItem;
import ai.galileo.tracing.testing.openai.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code POST /v1/responses}: the checks on a request, and the response, whole or as events. */
final class Responses {
  private static final int ARGUMENT_PIECE = 8;

  private Responses() {}

  static void validate(JsonNode body) throws ApiError {
    Requests.requireModel(body);
    Requests.streamOptionsOnlyWithStream(body);
    JsonNode input = body.get("input");
    if (input != null && !input.isNull() && !input.isTextual() && !input.isArray()) {
      throw ApiError.invalid("input", "invalid_type",
          "Invalid type for 'input': expected one of a string or array of input items, but got "
              + Requests.typeName(input) + " instead.");
    }
    if (input == null || !input.isArray() || body.path("previous_response_id").isTextual()
        || body.path("conversation").isTextual() || body.path("conversation").isObject()) {
      return; // the calls may be in an earlier response, which this fake does not keep
    }
    Set<String> calls = new HashSet<>();
    for (JsonNode item : input) {
      if (item.path("type").asText("").equals("function_call")) {
        calls.add(item.path("call_id").asText(""));
      }
    }
    for (JsonNode item : input) {
      if (item.path("type").asText("").equals("function_call_output")) {
        String callId = item.path("call_id").asText("");
        if (!calls.contains(callId)) {
          throw ApiError.invalid("input", null,
              "No tool call found for function call output with call_id " + callId + ".");
        }
      }
    }
  }

  /** The response and the ids of its output items, numbered once so a stream repeats them. */
  static final class Plan {
    final String id;
    final long createdAt;
    final JsonNode request;
    final Answer answer;
    final String messageId;
    final List<String> callItemIds = new ArrayList<>();
    final List<String> otherItemIds = new ArrayList<>();

    Plan(String id, long createdAt, JsonNode request, Answer answer, Ids ids) {
      this.id = id;
      this.createdAt = createdAt;
      this.request = request;
      this.answer = answer;
      for (OutputItem item : answer.items()) {
        otherItemIds.add(ids.next(item.idPrefix()));
      }
      this.messageId = answer.text() != null ? ids.next("msg_") : null;
      for (int i = 0; i < answer.toolCalls().size(); i++) {
        callItemIds.add(ids.next("fc_"));
      }
    }

    /** {@code length} and {@code content_filter} end a response as incomplete, with that reason. */
    String incompleteReason() {
      return switch (answer.finishReason()) {
        case "length" -> "max_output_tokens";
        case "content_filter" -> "content_filter";
        default -> null;
      };
    }

    String finalStatus() {
      return incompleteReason() == null ? "completed" : "incomplete";
    }
  }

  static ObjectNode response(Plan p) {
    ArrayNode output = Json.array();
    for (int i = 0; i < p.answer.items().size(); i++) {
      output.add(p.answer.items().get(i).done(p.otherItemIds.get(i)));
    }
    if (p.messageId != null) {
      output.add(message(p, p.finalStatus(), p.answer.text()));
    }
    for (int i = 0; i < p.answer.toolCalls().size(); i++) {
      output.add(functionCall(p, i, "completed", p.answer.toolCalls().get(i).arguments()));
    }
    return envelope(p, p.finalStatus(), output, true);
  }

  /**
   * The events the real API sends: {@code response.created}, {@code response.in_progress}, for
   * each output item {@code response.output_item.added}, its content or arguments as deltas and
   * their {@code .done} events, {@code response.output_item.done}, and last
   * {@code response.completed} (or {@code response.incomplete}). No {@code [DONE]}.
   */
  static void stream(EventStream out, Plan p) throws IOException {
    int[] seq = {0};
    ArrayNode none = Json.array();
    send(out, seq, "response.created", Json.object().set("response", envelope(p, "in_progress", none, false)));
    send(out, seq, "response.in_progress", Json.object().set("response", envelope(p, "in_progress", none, false)));
    int index = 0;
    for (int i = 0; i < p.answer.items().size(); i++, index++) {
      streamItem(out, seq, index, p.answer.items().get(i), p.otherItemIds.get(i));
    }
    String itemStatus = p.finalStatus();
    if (p.messageId != null) {
      String text = p.answer.text();
      ObjectNode added = message(p, "in_progress", null);
      send(out, seq, "response.output_item.added", Json.object().put("output_index", index).set("item", added));
      send(out, seq, "response.content_part.added", part(p, index).set("part", outputText("")));
      for (String piece : Words.pieces(text)) {
        ObjectNode delta = part(p, index).put("delta", piece);
        delta.putArray("logprobs");
        send(out, seq, "response.output_text.delta", delta);
      }
      ObjectNode done = part(p, index).put("text", text);
      done.putArray("logprobs");
      send(out, seq, "response.output_text.done", done);
      send(out, seq, "response.content_part.done", part(p, index).set("part", outputText(text)));
      send(out, seq, "response.output_item.done",
          Json.object().put("output_index", index).set("item", message(p, itemStatus, text)));
      index++;
    }
    for (int i = 0; i < p.answer.toolCalls().size(); i++, index++) {
      ToolCall call = p.answer.toolCalls().get(i);
      String itemId = p.callItemIds.get(i);
      send(out, seq, "response.output_item.added",
          Json.object().put("output_index", index).set("item", functionCall(p, i, "in_progress", "")));
      for (String piece : Words.slices(call.arguments(), ARGUMENT_PIECE)) {
        send(out, seq, "response.function_call_arguments.delta",
            Json.object().put("item_id", itemId).put("output_index", index).put("delta", piece));
      }
      send(out, seq, "response.function_call_arguments.done", Json.object().put("item_id", itemId)
          .put("output_index", index).put("name", call.name()).put("arguments", call.arguments()));
      send(out, seq, "response.output_item.done",
          Json.object().put("output_index", index).set("item", functionCall(p, i, "completed", call.arguments())));
    }
    String last = p.incompleteReason() == null ? "response.completed" : "response.incomplete";
    send(out, seq, last, Json.object().set("response", response(p)));
  }

  /**
   * An item other than the message and calls, with the events the real API sends for its kind:
   * its progress events ({@code response.web_search_call.searching}, {@code response.mcp_call.failed},
   * ...) or, for reasoning, its summary and text as deltas.
   */
  private static void streamItem(EventStream out, int[] seq, int index, OutputItem item, String id)
      throws IOException {
    send(out, seq, "response.output_item.added",
        Json.object().put("output_index", index).set("item", item.inProgress(id)));
    String kind = "response." + item.type();
    switch (item.type()) {
      case "reasoning" -> {
        if (item.summaryText() != null) {
          ObjectNode at = Json.object().put("item_id", id).put("output_index", index).put("summary_index", 0);
          send(out, seq, "response.reasoning_summary_part.added",
              at.deepCopy().set("part", Json.object().put("type", "summary_text").put("text", "")));
          for (String piece : Words.pieces(item.summaryText())) {
            send(out, seq, "response.reasoning_summary_text.delta", at.deepCopy().put("delta", piece));
          }
          send(out, seq, "response.reasoning_summary_text.done", at.deepCopy().put("text", item.summaryText()));
          send(out, seq, "response.reasoning_summary_part.done",
              at.deepCopy().set("part", Json.object().put("type", "summary_text").put("text", item.summaryText())));
        }
        if (item.reasoningText() != null) {
          ObjectNode at = Json.object().put("item_id", id).put("output_index", index).put("content_index", 0);
          for (String piece : Words.pieces(item.reasoningText())) {
            send(out, seq, "response.reasoning_text.delta", at.deepCopy().put("delta", piece));
          }
          send(out, seq, "response.reasoning_text.done", at.deepCopy().put("text", item.reasoningText()));
        }
      }
      case "web_search_call", "file_search_call" -> {
        send(out, seq, kind + ".in_progress", itemEvent(id, index));
        send(out, seq, kind + ".searching", itemEvent(id, index));
        send(out, seq, kind + ".completed", itemEvent(id, index));
      }
      case "code_interpreter_call" -> {
        send(out, seq, kind + ".in_progress", itemEvent(id, index));
        send(out, seq, "response.code_interpreter_call_code.done", itemEvent(id, index).put("code", item.input()));
        send(out, seq, kind + ".interpreting", itemEvent(id, index));
        send(out, seq, kind + ".completed", itemEvent(id, index));
      }
      case "mcp_call" -> {
        send(out, seq, kind + ".in_progress", itemEvent(id, index));
        send(out, seq, "response.mcp_call_arguments.done", itemEvent(id, index).put("arguments", item.input()));
        send(out, seq, kind + (item.failed() ? ".failed" : ".completed"), itemEvent(id, index));
      }
      case "mcp_list_tools" -> {
        send(out, seq, kind + ".in_progress", itemEvent(id, index));
        send(out, seq, kind + ".completed", itemEvent(id, index));
      }
      default -> { }
    }
    send(out, seq, "response.output_item.done", Json.object().put("output_index", index).set("item", item.done(id)));
  }

  private static ObjectNode itemEvent(String id, int index) {
    return Json.object().put("item_id", id).put("output_index", index);
  }

  private static void send(EventStream out, int[] seq, String type, ObjectNode event) throws IOException {
    ObjectNode e = Json.object().put("type", type);
    e.setAll(event);
    e.put("sequence_number", seq[0]++);
    out.event(type, e);
  }

  private static ObjectNode part(Plan p, int index) {
    return Json.object().put("item_id", p.messageId).put("output_index", index).put("content_index", 0);
  }

  private static ObjectNode outputText(String text) {
    ObjectNode part = Json.object().put("type", "output_text");
    part.putArray("annotations");
    part.putArray("logprobs");
    part.put("text", text);
    return part;
  }

  /** A message item; its content is empty while in progress (text null). */
  private static ObjectNode message(Plan p, String status, String text) {
    ObjectNode m = Json.object().put("id", p.messageId).put("type", "message").put("status", status);
    ArrayNode content = m.putArray("content");
    if (text != null) {
      content.add(outputText(text));
    }
    m.put("role", "assistant");
    return m;
  }

  private static ObjectNode functionCall(Plan p, int i, String status, String arguments) {
    ToolCall call = p.answer.toolCalls().get(i);
    return Json.object().put("id", p.callItemIds.get(i)).put("type", "function_call")
        .put("status", status).put("arguments", arguments).put("call_id", call.id())
        .put("name", call.name());
  }

  /** The response object; what the request set is echoed, as the real API does. */
  private static ObjectNode envelope(Plan p, String status, ArrayNode output, boolean done) {
    JsonNode req = p.request;
    ObjectNode r = Json.object();
    r.put("id", p.id);
    r.put("object", "response");
    r.put("created_at", p.createdAt);
    r.put("status", status);
    r.put("background", false);
    r.putNull("error");
    String reason = done ? p.incompleteReason() : null;
    if (reason == null) {
      r.putNull("incomplete_details");
    } else {
      r.putObject("incomplete_details").put("reason", reason);
    }
    r.set("instructions", echo(req, "instructions", null));
    r.set("max_output_tokens", echo(req, "max_output_tokens", null));
    r.putNull("max_tool_calls");
    r.put("model", req.path("model").asText());
    r.set("output", output);
    r.set("parallel_tool_calls", echo(req, "parallel_tool_calls", Json.MAPPER.getNodeFactory().booleanNode(true)));
    r.set("previous_response_id", echo(req, "previous_response_id", null));
    ObjectNode reasoning = r.putObject("reasoning");
    reasoning.putNull("effort");
    reasoning.putNull("summary");
    r.put("service_tier", "default");
    r.set("store", echo(req, "store", Json.MAPPER.getNodeFactory().booleanNode(true)));
    r.set("temperature", echo(req, "temperature", Json.MAPPER.getNodeFactory().numberNode(1.0)));
    ObjectNode text = Json.object();
    text.putObject("format").put("type", "text");
    text.put("verbosity", "medium");
    r.set("text", req.path("text").isObject() ? req.get("text").deepCopy() : text);
    r.set("tool_choice", echo(req, "tool_choice", Json.MAPPER.getNodeFactory().textNode("auto")));
    r.set("tools", tools(req.path("tools")));
    r.set("top_p", echo(req, "top_p", Json.MAPPER.getNodeFactory().numberNode(1.0)));
    r.set("truncation", echo(req, "truncation", Json.MAPPER.getNodeFactory().textNode("disabled")));
    if (done && p.answer.usage()) {
      r.set("usage", usage(p.answer));
    } else {
      r.putNull("usage");
    }
    r.set("user", echo(req, "user", null));
    r.set("metadata", echo(req, "metadata", Json.object()));
    return r;
  }

  private static JsonNode echo(JsonNode req, String field, JsonNode otherwise) {
    JsonNode v = req.get(field);
    if (v != null && !v.isNull()) {
      return v.deepCopy();
    }
    return otherwise == null ? Json.MAPPER.getNodeFactory().nullNode() : otherwise;
  }

  /** The request's tools, function tools with the fields the real API fills in. */
  private static ArrayNode tools(JsonNode requested) {
    ArrayNode tools = Json.array();
    for (JsonNode t : requested) {
      if (!t.isObject()) {
        continue;
      }
      ObjectNode tool = ((ObjectNode) t).deepCopy();
      if (tool.path("type").asText("").equals("function")) {
        if (!tool.has("description")) {
          tool.putNull("description");
        }
        if (!tool.has("parameters")) {
          tool.putNull("parameters");
        }
        if (!tool.has("strict") || tool.get("strict").isNull()) {
          tool.put("strict", true);
        }
      }
      tools.add(tool);
    }
    return tools;
  }

  private static ObjectNode usage(Answer a) {
    ObjectNode u = Json.object();
    u.put("input_tokens", a.promptTokens());
    u.putObject("input_tokens_details").put("cached_tokens", 0).put("cache_write_tokens", 0);
    u.put("output_tokens", a.completionTokens());
    u.putObject("output_tokens_details").put("reasoning_tokens", 0);
    u.put("total_tokens", a.promptTokens() + a.completionTokens());
    return u;
  }
}
