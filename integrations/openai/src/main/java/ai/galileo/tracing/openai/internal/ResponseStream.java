package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A streamed Responses API answer. Its last event ({@code response.completed},
 * {@code response.incomplete} or {@code response.failed}) carries the whole response, which is
 * recorded as a non-streamed one is; until then the text deltas, the finished function calls and
 * the finished items that are events (reasoning, hosted and MCP tool calls) are kept, so a stream
 * closed early still shows what had arrived, with no finish reason. The first delta of generated
 * content (text, a refusal, a call's arguments, reasoning) marks the time to first token.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ResponseStream implements StreamObserver<ResponseStreamEvent> {
  private final LlmCall call;
  private final StringBuilder text = new StringBuilder();
  private final List<ToolCall> calls = new ArrayList<>();
  private final List<LlmEvent> events = new ArrayList<>();
  private JsonNode started;
  private JsonNode last;
  private JsonNode error;

  ResponseStream(LlmCall call) {
    this.call = call;
  }

  @Override
  public void next(ResponseStreamEvent item) {
    JsonNode event = Json.tree(item);
    boolean content = false;
    synchronized (this) {
      switch (Json.type(event)) {
        case "response.output_text.delta", "response.refusal.delta" -> {
          text.append(Json.nonNull(Json.text(event, "delta")));
          content = true;
        }
        case "response.function_call_arguments.delta", "response.custom_tool_call_input.delta",
            "response.reasoning_text.delta", "response.reasoning_summary_text.delta" -> content = true;
        case "response.output_item.done" -> {
          JsonNode done = event.path("item");
          String type = Json.type(done);
          if (type.equals("function_call") || type.equals("custom_tool_call")) {
            calls.add(Responses.toolCall(done));
          } else if (OutputEvents.isEvent(type)) {
            LlmEvent e = OutputEvents.event(done);
            if (e != null) {
              events.add(e);
            }
          }
        }
        case "response.created", "response.in_progress" -> started = event.path("response");
        case "response.completed", "response.incomplete", "response.failed" -> last = event.path("response");
        case "error" -> error = event;
        default -> { }
      }
    }
    if (content) {
      call.firstToken();
    }
  }

  @Override
  public synchronized LlmResult result() {
    if (last != null && error == null) {
      return Responses.result(last);
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode known = last != null ? last : started;
    String model = null;
    if (known != null) {
      if (Json.text(known, "id") != null) {
        metadata.put("response_id", Json.text(known, "id"));
      }
      model = Json.text(known, "model");
    }
    if (error != null) {
      metadata.put("error.type", "response.error");
      if (Json.text(error, "code") != null) {
        metadata.put("error.code", Json.text(error, "code"));
      }
      metadata.put("error.message", Json.nonNull(Json.text(error, "message")));
    }
    Message output = text.length() == 0 && calls.isEmpty()
        ? null : new Message(Role.ASSISTANT, text.toString(), null, calls);
    return new LlmResult(output, model, null, null, null, ModalityTokens.NONE, null, List.copyOf(events),
        metadata, error != null);
  }
}
