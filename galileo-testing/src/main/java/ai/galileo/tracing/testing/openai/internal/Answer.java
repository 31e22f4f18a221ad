package ai.galileo.tracing.testing.openai.internal;

import ai.galileo.tracing.testing.openai.OutputItem;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.openai.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer, ready to render in either API: the text (or null), the tool calls with their ids,
 * the token counts (with their audio and image parts, -1 when not set), the finish reason, and the
 * Responses API's other output items.
 */
record Answer(String text, List<ToolCall> toolCalls, long promptTokens, long completionTokens,
    boolean usage, String finishReason, List<OutputItem> items, long audioPromptTokens,
    long audioCompletionTokens, long imagePromptTokens) {

  /** A scripted reply, or (when null) the default answer, for this prompt. */
  static Answer of(Reply reply, String defaultText, Prompts prompts, Ids ids) {
    if (reply == null) {
      reply = Reply.text(defaultText);
    }
    List<ToolCall> calls = new ArrayList<>();
    for (ToolCall call : reply.toolCalls()) {
      calls.add(call.id() != null ? call : ToolCall.of(ids.next("call_"), call.name(), call.arguments()));
    }
    long prompt = reply.promptTokens() >= 0 ? reply.promptTokens() : Words.count(prompts.texts());
    long completion = reply.completionTokens();
    if (completion < 0) {
      completion = Words.count(reply.text() == null ? "" : reply.text());
      for (ToolCall call : calls) {
        completion += Words.count(call.name()) + Words.count(call.arguments());
      }
    }
    return new Answer(reply.text(), List.copyOf(calls), prompt, completion, reply.hasUsage(),
        reply.finishReason(), reply.items(), reply.audioPromptTokens(), reply.audioCompletionTokens(),
        reply.imagePromptTokens());
  }
}
