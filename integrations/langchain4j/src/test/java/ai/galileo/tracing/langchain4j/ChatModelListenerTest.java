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
import ai.galileo.tracing.testing.GalileoTracingExtension;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChatModelListenerTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final ExecutorService clientThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "model-client"));

  @AfterEach
  void stop() {
    clientThread.shutdownNow();
  }

  private static ChatResponse answer(String text) {
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(text))
        .id("resp-1")
        .modelName("stub-model-2026-01-01")
        .tokenUsage(new TokenUsage(12, 5, 17))
        .finishReason(FinishReason.STOP)
        .build();
  }

  /** The one LLM span; a call made outside any trace also makes a trace of its own to sit in. */
  private SpanData llmSpan() {
    List<SpanData> llm = tracing.spans().stream().filter(s -> s.type() == SpanType.LLM).toList();
    assertThat(llm).hasSize(1);
    return llm.get(0);
  }

  @Test
  void aChatCallIsOneLlmSpanUnderTheCurrentSpanWithMessagesModelTemperatureTokensAndFinishReason() {
    ChatModel model = StubModels.chat(r -> answer("Pendulums."), GalileoLangChain4j.create().chatModelListener());
    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      model.chat(SystemMessage.from("Be brief."), UserMessage.from("What did Galileo study?"));
    } finally {
      trace.end();
    }

    SpanData llm = llmSpan();
    assertThat(llm.type()).isEqualTo(SpanType.LLM);
    assertThat(llm.parentId()).isEqualTo(trace.context().spanId());
    assertThat(llm.traceId()).isEqualTo(trace.context().traceId());
    assertThat(llm.input()).isEqualTo(Content.messages(
        Message.system("Be brief."), Message.user("What did Galileo study?")));
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Pendulums.")));
    assertThat(llm.llm().model()).isEqualTo("stub-model-2026-01-01");
    assertThat(llm.llm().temperature()).isEqualTo(0.25);
    assertThat(llm.llm().inputTokens()).isEqualTo(12L);
    assertThat(llm.llm().outputTokens()).isEqualTo(5L);
    assertThat(llm.llm().totalTokens()).isEqualTo(17L);
    assertThat(llm.llm().timeToFirstTokenNanos()).isNull();
    assertThat(llm.llm().finishReason()).isEqualTo("stop");
    assertThat(llm.metadata()).doesNotContainKey("finish_reason")
        .containsEntry("response_id", "resp-1")
        .containsEntry("provider", "other")
        .doesNotContainKey("error.type");
    assertThat(llm.statusCode()).isEqualTo(200);
    assertThat(llm.ended()).isTrue();
  }

  @Test
  void toolCallsAndToolAnswersKeepTheirIdsAndRoles() {
    ToolExecutionRequest call = ToolExecutionRequest.builder()
        .id("call_1").name("lookup").arguments("{\"q\":\"Padua\"}").build();
    ChatModel model = StubModels.chat(r -> ChatResponse.builder()
            .aiMessage(AiMessage.from(List.of(call)))
            .finishReason(FinishReason.TOOL_EXECUTION)
            .build(),
        GalileoLangChain4j.create().chatModelListener());

    model.chat(ChatRequest.builder().messages(
        UserMessage.from(TextContent.from("Where?"), ImageContent.from("https://example.invalid/a.png")),
        AiMessage.from(List.of(ToolExecutionRequest.builder().id("call_0").name("lookup").arguments("{}").build())),
        ToolExecutionResultMessage.from("call_0", "lookup", "Padua, 1592")).build());

    SpanData llm = llmSpan();
    assertThat(llm.input()).isEqualTo(Content.messages(
        Message.user("Where?\n[image]"),
        new Message(Role.ASSISTANT, "", null, List.of(new ToolCall("call_0", "lookup", "{}"))),
        Message.tool("Padua, 1592", "call_0")));
    assertThat(llm.output()).isEqualTo(Content.message(
        new Message(Role.ASSISTANT, "", null, List.of(new ToolCall("call_1", "lookup", "{\"q\":\"Padua\"}")))));
    assertThat(llm.llm().finishReason()).isEqualTo("tool_calls");
  }

  @Test
  void tokenCountsTheProviderDidNotSendAreLeftOut() {
    ChatModel model = StubModels.chat(
        r -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).tokenUsage(new TokenUsage(7)).build(),
        GalileoLangChain4j.create().chatModelListener());

    model.chat("hi");

    // Only the input count came (and LangChain4j's total, which it makes of that): the API sets
    // input and output together, so neither is set rather than the output guessed as zero.
    SpanData.LlmData llm = llmSpan().llm();
    assertThat(llm.inputTokens()).isNull();
    assertThat(llm.outputTokens()).isNull();
    assertThat(llm.totalTokens()).isEqualTo(7L);
    assertThat(llmSpan().llm().finishReason()).isNull();
  }

  @Test
  void aResponseWithoutTokenUsageHasNoTokenCounts() {
    ChatModel model = StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).build(),
        GalileoLangChain4j.create().chatModelListener());

    model.chat("hi");

    SpanData.LlmData llm = llmSpan().llm();
    assertThat(llm.inputTokens()).isNull();
    assertThat(llm.outputTokens()).isNull();
    assertThat(llm.totalTokens()).isNull();
    assertThat(llm.model()).isEqualTo("stub-model");
  }

  @Test
  void aFailedCallEndsItsSpanWithTheErrorAndTheProvidersHttpStatus() {
    ChatModel model = StubModels.chat(r -> {
      throw new RateLimitException(new HttpException(429, "{\"error\":\"slow down\"}"));
    }, GalileoLangChain4j.create().chatModelListener());

    assertThatThrownBy(() -> model.chat("hi")).isInstanceOf(RateLimitException.class);

    SpanData llm = llmSpan();
    assertThat(llm.statusCode()).isEqualTo(429);
    assertThat(llm.metadata()).containsEntry("error.type", RateLimitException.class.getName());
    assertThat(llm.output()).isNull();
    assertThat(llm.ended()).isTrue();
  }

  @Test
  void aStreamingCallFinishedOnAnotherThreadEndsTheRightSpanUnderTheRightParent() throws Exception {
    StreamingChatModel model = StubModels.streaming(clientThread, r -> answer("Pendulums."),
        GalileoLangChain4j.create().chatModelListener());
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    CompletableFuture<String> finishedOn = new CompletableFuture<>();
    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      model.chat("What did Galileo study?", new StreamingChatResponseHandler() {
        @Override
        public void onPartialResponse(String partial) {}

        @Override
        public void onCompleteResponse(ChatResponse response) {
          finishedOn.complete(Thread.currentThread().getName());
          done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
          done.completeExceptionally(error);
        }
      });
    }
    // The caller has moved on before the answer: another span is current on its thread now.
    Span other = tracing.tracer().spanBuilder("meanwhile", SpanType.TOOL).setParent(
        ai.galileo.tracing.Context.root().with(trace)).start();
    try (Scope scope = other.makeCurrent()) {
      done.get(5, TimeUnit.SECONDS);
    } finally {
      other.end();
      trace.end();
    }

    assertThat(finishedOn.get()).isEqualTo("model-client");
    SpanData llm = llmSpan();
    assertThat(llm.parentId()).isEqualTo(trace.context().spanId());
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Pendulums.")));
    assertThat(llm.llm().inputTokens()).isEqualTo(12L);
    assertThat(llm.ended()).isTrue();
  }

  @Test
  void aStreamingErrorOnAnotherThreadEndsTheSpanWithTheStatus() throws Exception {
    StreamingChatModel model = StubModels.streaming(clientThread, r -> {
      throw new RuntimeException("stream broke", new HttpException(500, "upstream"));
    }, GalileoLangChain4j.create().chatModelListener());
    CompletableFuture<Throwable> failed = new CompletableFuture<>();

    model.chat("hi", new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {}

      @Override
      public void onCompleteResponse(ChatResponse response) {}

      @Override
      public void onError(Throwable error) {
        failed.complete(error);
      }
    });

    assertThat(failed.get(5, TimeUnit.SECONDS)).hasMessage("stream broke");
    SpanData llm = llmSpan();
    assertThat(llm.statusCode()).isEqualTo(500);
    assertThat(llm.metadata()).containsEntry("error.message", "stream broke");
  }

  @Test
  void theSameListenerTwiceOnOneModelLogsOneSpan() {
    ChatModelListener listener = GalileoLangChain4j.create().chatModelListener();
    ChatModel model = StubModels.chat(r -> answer("ok"), listener, GalileoLangChain4j.create().chatModelListener());

    model.chat("hi");

    assertThat(tracing.spans()).filteredOn(s -> s.type() == SpanType.LLM).hasSize(1);
  }

  @Test
  void aListenerThatFailsNeverBreaksTheCall() {
    ai.galileo.tracing.Tracer broken = new ai.galileo.tracing.Tracer() {
      @Override
      public ai.galileo.tracing.SpanBuilder traceBuilder(String name) {
        throw new IllegalStateException("tracer broken");
      }

      @Override
      public ai.galileo.tracing.SpanBuilder spanBuilder(String name, SpanType type) {
        throw new IllegalStateException("tracer broken");
      }

      @Override
      public ai.galileo.tracing.Propagator propagator() {
        throw new IllegalStateException("tracer broken");
      }
    };
    ChatModel model = StubModels.chat(r -> answer("still answered"), GalileoLangChain4j.create(broken).chatModelListener());

    java.util.logging.Logger log = java.util.logging.Logger.getLogger("ai.galileo.tracing.langchain4j");
    List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(handler);
    try {
      assertThat(model.chat("hi")).isEqualTo("still answered");
      assertThat(model.chat("again")).isEqualTo("still answered");
    } finally {
      log.removeHandler(handler);
    }
    assertThat(tracing.spans()).isEmpty();
    assertThat(records).filteredOn(r -> r.getLevel() == java.util.logging.Level.WARNING).hasSize(1);
    assertThat(records.get(0).getThrown()).hasMessage("tracer broken");
  }
}
