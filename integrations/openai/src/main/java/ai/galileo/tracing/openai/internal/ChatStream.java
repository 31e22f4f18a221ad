package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.openai.models.chat.completions.ChatCompletionChunk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A streamed chat completion, put back together chunk by chunk: the first choice's text and tool
 * calls (each call's id, name and argument pieces, by index), its finish reason, the reasoning an
 * OpenAI-compatible server streams ({@code reasoning_content} pieces), the model and
 * the usage chunk, which the API sends only when the request asks for it
 * ({@code stream_options.include_usage}). The first chunk with generated content marks the time
 * to first token.
 *
 * <p>Chunks arrive one at a time, but a caller may close the stream from another thread while
 * one is being read, so the state is guarded.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ChatStream implements StreamObserver<ChatCompletionChunk> {
  private final LlmCall call;
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder reasoning = new StringBuilder();
  private final Map<Long, String[]> toolCalls = new TreeMap<>(); // index -> id, name, arguments
  private String id;
  private String model;
  private String finishReason;
  private boolean refusal;
  private long choices = 1;
  private JsonNode usage;

  ChatStream(LlmCall call) {
    this.call = call;
  }

  @Override
  public void next(ChatCompletionChunk item) {
    JsonNode chunk = Json.tree(item);
    boolean content = false;
    synchronized (this) {
      if (Json.text(chunk, "id") != null) {
        id = Json.text(chunk, "id");
      }
      if (Json.text(chunk, "model") != null) {
        model = Json.text(chunk, "model");
      }
      if (chunk.path("usage").isObject()) {
        usage = chunk.path("usage");
      }
      for (JsonNode choice : chunk.path("choices")) {
        Long index = Json.count(choice, "index");
        if (index != null && index != 0) {
          choices = Math.max(choices, index + 1);
          continue;
        }
        content |= delta(choice.path("delta"));
        if (Json.text(choice, "finish_reason") != null) {
          finishReason = Json.text(choice, "finish_reason");
        }
      }
    }
    if (content) {
      call.firstToken();
    }
  }

  /** Adds a delta of the first choice; true when it carries generated content. */
  private boolean delta(JsonNode delta) {
    boolean content = false;
    String piece = Json.nonNull(Json.text(delta, "content"));
    if (!piece.isEmpty()) {
      text.append(piece);
      content = true;
    }
    String thought = ChatCompletions.reasoning(delta);
    if (thought != null) {
      reasoning.append(thought);
      content = true;
    }
    String refused = Json.nonNull(Json.text(delta, "refusal"));
    if (!refused.isEmpty()) {
      text.append(refused);
      refusal = true;
      content = true;
    }
    for (JsonNode d : delta.path("tool_calls")) {
      Long index = Json.count(d, "index");
      String[] c = toolCalls.computeIfAbsent(index == null ? 0L : index, i -> new String[] {"", "", ""});
      if (Json.text(d, "id") != null) {
        c[0] = Json.text(d, "id");
      }
      JsonNode f = d.path("function");
      if (Json.text(f, "name") != null) {
        c[1] = Json.text(f, "name");
      }
      c[2] += Json.nonNull(Json.text(f, "arguments"));
      content = true;
    }
    return content;
  }

  @Override
  public synchronized LlmResult result() {
    Map<String, String> metadata = new LinkedHashMap<>();
    if (id != null) {
      metadata.put("response_id", id);
    }
    if (refusal) {
      metadata.put("refusal", "true");
    }
    if (choices > 1) {
      metadata.put("choices", Long.toString(choices)); // the output is the first
    }
    Message output = null;
    if (text.length() > 0 || !toolCalls.isEmpty()) {
      List<ToolCall> calls = new ArrayList<>(toolCalls.size());
      for (String[] c : toolCalls.values()) {
        calls.add(new ToolCall(c[0], c[1], c[2]));
      }
      output = new Message(Role.ASSISTANT, text.toString(), null, calls);
    }
    JsonNode u = usage == null ? MissingNode.getInstance() : usage;
    List<LlmEvent> events = reasoning.length() == 0 ? List.of() : List.of(LlmEvent.Reasoning.of(reasoning.toString()));
    return new LlmResult(output, model, Json.count(u, "prompt_tokens"),
        Json.count(u, "completion_tokens"), Json.count(u, "total_tokens"), ChatCompletions.modalityTokens(usage),
        finishReason, events, metadata, false);
  }
}
