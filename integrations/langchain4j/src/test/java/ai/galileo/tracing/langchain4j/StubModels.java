package ai.galileo.tracing.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Chat models answered in-process, driven through LangChain4j's own {@code chat} (which calls the
 * listeners); only {@code doChat}, the provider's part, is ours.
 */
final class StubModels {
  private StubModels() {}

  static final ChatRequestParameters DEFAULTS =
      ChatRequestParameters.builder().modelName("stub-model").temperature(0.25).build();

  static ChatModel chat(Function<ChatRequest, ChatResponse> answer, ChatModelListener... listeners) {
    return new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        return answer.apply(request);
      }

      @Override
      public ChatRequestParameters defaultRequestParameters() {
        return DEFAULTS;
      }

      @Override
      public List<ChatModelListener> listeners() {
        return List.of(listeners);
      }
    };
  }

  /** A streaming model that answers on the given executor's thread, as HTTP clients do. */
  static StreamingChatModel streaming(Executor executor, Function<ChatRequest, ChatResponse> answer,
      ChatModelListener... listeners) {
    return new StreamingChatModel() {
      @Override
      public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        executor.execute(() -> {
          ChatResponse response;
          try {
            response = answer.apply(request);
          } catch (RuntimeException e) {
            handler.onError(e);
            return;
          }
          if (response.aiMessage().text() != null) {
            handler.onPartialResponse(response.aiMessage().text());
          }
          handler.onCompleteResponse(response);
        });
      }

      @Override
      public ChatRequestParameters defaultRequestParameters() {
        return DEFAULTS;
      }

      @Override
      public List<ChatModelListener> listeners() {
        return List.of(listeners);
      }
    };
  }
}
