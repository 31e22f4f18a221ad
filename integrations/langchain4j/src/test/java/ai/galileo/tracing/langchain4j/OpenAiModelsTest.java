package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LangChain4j's real OpenAI client, against an OpenAI-compatible server on loopback. */
class OpenAiModelsTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private FakeOpenAi openAi;

  @BeforeEach
  void start() {
    openAi = FakeOpenAi.start();
  }

  @AfterEach
  void stop() {
    openAi.close();
  }

  private OpenAiChatModel chatModel() {
    return OpenAiChatModel.builder()
        .baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey())
        .modelName("gpt-4o-mini").temperature(0.3).maxRetries(0)
        .listeners(GalileoLangChain4j.create().chatModelListener())
        .build();
  }

  private OpenAiStreamingChatModel streamingModel() {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey())
        .modelName("gpt-4o-mini").temperature(0.3)
        .listeners(GalileoLangChain4j.create().chatModelListener())
        .build();
  }

  private SpanData llmSpan() {
    List<SpanData> llm = tracing.spans().stream().filter(s -> s.type() == SpanType.LLM).toList();
    assertThat(llm).hasSize(1);
    return llm.get(0);
  }

  @Test
  void aChatCompletionIsAnLlmSpanWithEveryFieldTheApiReported() {
    openAi.enqueue(Reply.text("Galileo studied pendulums.").usage(12, 5));
    Span trace = tracing.tracer().traceBuilder("ask").start();
    ChatResponse response;
    try (Scope scope = trace.makeCurrent()) {
      response = chatModel().chat(SystemMessage.from("Be brief."), UserMessage.from("What did Galileo study?"));
    } finally {
      trace.end();
    }

    SpanData llm = llmSpan();
    assertThat(llm.name()).isEqualTo("chat gpt-4o-mini");
    assertThat(llm.parentId()).isEqualTo(trace.context().spanId());
    assertThat(llm.input()).isEqualTo(Content.messages(
        Message.system("Be brief."), Message.user("What did Galileo study?")));
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Galileo studied pendulums.")));
    assertThat(llm.llm().model()).isEqualTo(response.metadata().modelName()).startsWith("gpt-4o-mini");
    assertThat(llm.llm().temperature()).isEqualTo(0.3);
    assertThat(llm.llm().inputTokens()).isEqualTo(12L);
    assertThat(llm.llm().outputTokens()).isEqualTo(5L);
    assertThat(llm.llm().totalTokens()).isEqualTo(17L);
    assertThat(llm.llm().finishReason()).isEqualTo("stop");
    assertThat(llm.metadata())
        .containsEntry("response_id", response.metadata().id())
        .containsEntry("provider", "open_ai");
    assertThat(llm.statusCode()).isEqualTo(200);
  }

  @Test
  void aToolCallAnswerKeepsTheCallsIdNameAndArguments() {
    openAi.enqueue(Reply.toolCalls(ai.galileo.tracing.testing.openai.ToolCall.of("call_7", "lookup", "{\"city\":\"Padua\"}")));

    chatModel().chat(UserMessage.from("Where?"));

    SpanData llm = llmSpan();
    assertThat(llm.output()).isEqualTo(Content.message(new Message(Role.ASSISTANT, "", null,
        List.of(new ToolCall("call_7", "lookup", "{\"city\":\"Padua\"}")))));
    assertThat(llm.llm().finishReason()).isEqualTo("tool_calls");
  }

  @Test
  void aProviderThatSendsNoUsageGetsNoTokenCounts() {
    openAi.enqueue(Reply.text("ok").noUsage());

    chatModel().chat("hi");

    assertThat(llmSpan().llm().inputTokens()).isNull();
    assertThat(llmSpan().llm().outputTokens()).isNull();
    assertThat(llmSpan().llm().totalTokens()).isNull();
  }

  @Test
  void a429EndsTheSpanWithTheStatusAndTheError() {
    openAi.enqueue(Reply.rateLimited(Duration.ofSeconds(1)));

    assertThatThrownBy(() -> chatModel().chat("hi")).isInstanceOf(RateLimitException.class);

    SpanData llm = llmSpan();
    assertThat(llm.statusCode()).isEqualTo(429);
    assertThat(llm.metadata()).containsEntry("error.type", RateLimitException.class.getName());
    assertThat(llm.output()).isNull();
  }

  @Test
  void a500EndsTheSpanWithTheStatusAndTheError() {
    openAi.enqueue(Reply.serverError());

    assertThatThrownBy(() -> chatModel().chat("hi")).isInstanceOf(InternalServerException.class);

    SpanData llm = llmSpan();
    assertThat(llm.statusCode()).isEqualTo(500);
    assertThat(llm.metadata()).containsEntry("error.type", InternalServerException.class.getName())
        .containsKey("error.message");
  }

  @Test
  void aStreamedAnswerFinishedOnTheClientsThreadEndsTheSpanUnderTheCallersSpan() throws Exception {
    openAi.enqueue(Reply.text("Galileo studied pendulums.").usage(9, 4));
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    CompletableFuture<Thread> finishedOn = new CompletableFuture<>();
    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      streamingModel().chat("What did Galileo study?", new StreamingChatResponseHandler() {
        @Override
        public void onPartialResponse(String partial) {}

        @Override
        public void onCompleteResponse(ChatResponse response) {
          finishedOn.complete(Thread.currentThread());
          done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
          done.completeExceptionally(error);
        }
      });
    }
    done.get(10, TimeUnit.SECONDS);
    trace.end();

    assertThat(finishedOn.get()).isNotSameAs(Thread.currentThread());
    SpanData llm = llmSpan();
    assertThat(llm.parentId()).isEqualTo(trace.context().spanId());
    assertThat(llm.input()).isEqualTo(Content.messages(Message.user("What did Galileo study?")));
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Galileo studied pendulums.")));
    assertThat(llm.llm().model()).startsWith("gpt-4o-mini");
    assertThat(llm.llm().temperature()).isEqualTo(0.3);
    assertThat(llm.llm().inputTokens()).isEqualTo(9L);
    assertThat(llm.llm().outputTokens()).isEqualTo(4L);
    assertThat(llm.llm().timeToFirstTokenNanos()).isNull(); // the listener API does not show it
    assertThat(llm.llm().finishReason()).isEqualTo("stop");
  }

  @Test
  void aStreamedErrorEndsTheSpanWithTheStatus() throws Exception {
    openAi.enqueue(Reply.serverError());
    CompletableFuture<Throwable> failed = new CompletableFuture<>();

    streamingModel().chat("hi", new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {}

      @Override
      public void onCompleteResponse(ChatResponse response) {}

      @Override
      public void onError(Throwable error) {
        failed.complete(error);
      }
    });

    assertThat(failed.get(10, TimeUnit.SECONDS)).isNotNull();
    SpanData llm = llmSpan();
    assertThat(llm.statusCode()).isEqualTo(500);
    assertThat(llm.metadata()).containsKey("error.type");
  }
}
