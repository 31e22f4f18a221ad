package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import java.util.List;
import java.util.Map;

/**
 * One {@code LLM} span per chat call, sync or streaming. The span lives in the call's listener
 * attributes, which LangChain4j hands to {@code onResponse} and {@code onError} on whatever thread
 * finishes the call; its parent is the context current when the request left. A call that a traced
 * AI Service issued is left to the AI Service's own LLM span, so it is not logged twice.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ChatListener implements ChatModelListener {
  /** The attribute holding the span; one key for every instance, so two listeners log once. */
  private static final Object SPAN = new Object() {
    @Override
    public String toString() {
      return "galileo.span";
    }
  };

  private final TracerRef tracer;

  ChatListener(TracerRef tracer) {
    this.tracer = tracer;
  }

  @Override
  public void onRequest(ChatModelRequestContext request) {
    Guard.run("ChatModelListener.onRequest", () -> {
      Map<Object, Object> attributes = request.attributes();
      if (attributes.containsKey(SPAN) || issuedByTracedAiService(request.chatRequest().messages())) {
        return;
      }
      Span span = LlmSpans.start(tracer.get(), Context.current(), request.chatRequest(),
          request.modelProvider(), null);
      if (attributes.putIfAbsent(SPAN, span) != null) {
        span.end(); // another listener of ours got there first; cannot happen on one thread
      }
    });
  }

  @Override
  public void onResponse(ChatModelResponseContext response) {
    Guard.run("ChatModelListener.onResponse", () -> {
      if (response.attributes().remove(SPAN) instanceof Span span) {
        LlmSpans.end(span, response.chatResponse());
      }
    });
  }

  @Override
  public void onError(ChatModelErrorContext error) {
    Guard.run("ChatModelListener.onError", () -> {
      if (error.attributes().remove(SPAN) instanceof Span span) {
        LlmSpans.fail(span, error.error());
      }
    });
  }

  private static boolean issuedByTracedAiService(List<ChatMessage> messages) {
    return !messages.isEmpty() && Invocations.issued(messages.get(messages.size() - 1)) != null;
  }
}
