package ai.galileo.tracing.openai;

import com.openai.client.OpenAIClient;
import com.openai.core.RequestOptions;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.services.blocking.ChatService;
import com.openai.services.blocking.chat.ChatCompletionService;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Function;

/** An {@code OpenAIClient} of the test's own, answering chat completions without any HTTP. */
final class Stubs {
  private Stubs() {}

  static OpenAIClient client(Function<ChatCompletionCreateParams, ChatCompletion> answer) {
    ChatCompletionService completions = stub(ChatCompletionService.class, (name, args) ->
        name.equals("create") && args.length == 2 && args[1] instanceof RequestOptions
            ? answer.apply((ChatCompletionCreateParams) args[0]) : null);
    ChatService chat = stub(ChatService.class, (name, args) -> name.equals("completions") ? completions : null);
    return stub(OpenAIClient.class, (name, args) -> switch (name) {
      case "chat" -> chat;
      case "close" -> "closed";
      default -> null;
    });
  }

  static ChatCompletion completion(String model, String text) {
    return ChatCompletion.builder().id("chatcmpl-stub").created(0).model(model)
        .choices(List.of(ChatCompletion.Choice.builder().index(0).logprobs((ChatCompletion.Choice.Logprobs) null)
            .finishReason(ChatCompletion.Choice.FinishReason.STOP)
            .message(ChatCompletionMessage.builder().content(text).refusal((String) null).build())
            .build()))
        .build();
  }

  interface Answer {
    Object apply(String method, Object[] args);
  }

  /** Answers what {@code answer} knows; anything else is not supported. */
  private static <T> T stub(Class<T> type, Answer answer) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      Object[] a = args == null ? new Object[0] : args;
      if (method.getDeclaringClass() == Object.class) {
        return method.getName().equals("equals") ? proxy == a[0]
            : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "stub " + type.getSimpleName();
      }
      Object result = answer.apply(method.getName(), a);
      if (result == null) {
        throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
      }
      return result.equals("closed") ? null : result;
    }));
  }
}
