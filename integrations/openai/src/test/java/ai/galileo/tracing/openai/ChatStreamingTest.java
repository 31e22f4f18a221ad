package ai.galileo.tracing.openai;

import static ai.galileo.tracing.openai.Fakes.llmSpan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code client.chat().completions().createStreaming(...)}, read as a blocking stream. */
class ChatStreamingTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private FakeOpenAi openAi;
  private OpenAIClient raw;
  private OpenAIClient client;

  @BeforeEach
  void start() {
    openAi = FakeOpenAi.start();
    raw = Fakes.client(openAi);
    client = GalileoOpenAI.create().wrap(raw);
  }

  @AfterEach
  void stop() {
    raw.close();
    openAi.close();
  }

  private static ChatCompletionCreateParams.Builder ask(String question) {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").temperature(0.2).addUserMessage(question);
  }

  private static ChatCompletionCreateParams withUsage(String question) {
    return ask(question).streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
  }

  private static List<ChatCompletionChunk> readAll(OpenAIClient client, ChatCompletionCreateParams params) {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunks::add);
    }
    return chunks;
  }

  @Test
  void theCallerGetsEveryChunkAsTheSdkSendsItAndTheSpanHasTheWholeAnswer() {
    openAi.enqueue(Reply.text("He studied pendulums and falling bodies.").usage(9, 6), 2);
    List<ChatCompletionChunk> direct = readAll(raw, withUsage("What did Galileo study?"));

    Span trace = tracing.tracer().traceBuilder("ask").start();
    List<ChatCompletionChunk> traced;
    try (Scope scope = trace.makeCurrent()) {
      traced = readAll(client, withUsage("What did Galileo study?"));
    } finally {
      trace.end();
    }

    assertThat(traced).extracting(ChatCompletionChunk::choices)
        .containsExactlyElementsOf(direct.stream().map(ChatCompletionChunk::choices).toList());
    assertThat(traced).extracting(ChatCompletionChunk::usage)
        .containsExactlyElementsOf(direct.stream().map(ChatCompletionChunk::usage).toList());
    ChatCompletionAccumulator whole = ChatCompletionAccumulator.create();
    traced.forEach(whole::accumulate);

    SpanData llm = llmSpan(tracing);
    assertThat(llm.name()).isEqualTo("chat gpt-4o-mini");
    assertThat(llm.parentId()).isEqualTo(trace.context().spanId());
    assertThat(llm.input()).isEqualTo(Content.messages(Message.user("What did Galileo study?")));
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("He studied pendulums and falling bodies.")));
    assertThat(llm.llm().model()).isEqualTo(whole.chatCompletion().model());
    assertThat(llm.llm().temperature()).isEqualTo(0.2);
    assertThat(llm.llm().inputTokens()).isEqualTo(9L);
    assertThat(llm.llm().outputTokens()).isEqualTo(6L);
    assertThat(llm.llm().totalTokens()).isEqualTo(15L);
    assertThat(llm.llm().timeToFirstTokenNanos()).isPositive().isLessThanOrEqualTo(llm.durationNanos());
    assertThat(llm.metadata())
        .containsEntry("api", "chat.completions")
        .containsEntry("stream", "true")
        .containsEntry("response_id", whole.chatCompletion().id())
        .doesNotContainKeys("stream_closed_early", "error.type", "finish_reason");
    assertThat(llm.llm().finishReason()).isEqualTo("stop");
    assertThat(llm.statusCode()).isEqualTo(200);
  }

  @Test
  void theSpanEndsWhenTheStreamRunsOutBeforeTheCallerClosesIt() {
    openAi.enqueue(Reply.text("Padua."));

    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("Where?").build())) {
      assertThat(stream.stream().count()).isPositive();
      assertThat(llmSpan(tracing).output()).isEqualTo(Content.message(Message.assistant("Padua.")));
    }
    assertThat(llmSpan(tracing).metadata()).doesNotContainKey("stream_closed_early");
  }

  @Test
  void withoutTheUsageChunkTheSpanHasNoTokenCounts() {
    openAi.enqueue(Reply.text("Padua and Pisa.").usage(5, 3));

    readAll(client, ask("Where did he work?").build()); // no stream_options.include_usage

    SpanData llm = llmSpan(tracing);
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Padua and Pisa.")));
    assertThat(llm.llm().inputTokens()).isNull();
    assertThat(llm.llm().outputTokens()).isNull();
    assertThat(llm.llm().totalTokens()).isNull();
  }

  @Test
  void aStreamedToolCallIsPutBackTogetherFromItsPieces() {
    openAi.enqueue(Reply.toolCalls(
        ai.galileo.tracing.testing.openai.ToolCall.of("call_1", "lookup", "{\"query\":\"Galileo Galilei\",\"limit\":3}"),
        ai.galileo.tracing.testing.openai.ToolCall.of("call_2", "weather", "{\"city\":\"Pisa\"}")));

    readAll(client, withUsage("Find Galileo"));

    SpanData llm = llmSpan(tracing);
    assertThat(llm.output()).isEqualTo(Content.message(new Message(Role.ASSISTANT, "", null, List.of(
        new ToolCall("call_1", "lookup", "{\"query\":\"Galileo Galilei\",\"limit\":3}"),
        new ToolCall("call_2", "weather", "{\"city\":\"Pisa\"}")))));
    assertThat(llm.llm().finishReason()).isEqualTo("tool_calls");
    assertThat(llm.llm().timeToFirstTokenNanos()).isPositive();
  }

  @Test
  void aStreamClosedBeforeItsEndEndsTheSpanWithWhatHadArrived() {
    openAi.enqueue(Reply.text("one two three four five six seven"));

    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("Count").build())) {
      assertThat(stream.stream().limit(3)).hasSize(3); // the role, "one", " two"
    }

    SpanData llm = llmSpan(tracing);
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("one two")));
    assertThat(llm.metadata()).containsEntry("stream_closed_early", "true").doesNotContainKeys("error.type");
    assertThat(llm.llm().finishReason()).isNull();
    assertThat(llm.statusCode()).isEqualTo(200);
  }

  @Test
  void aFailureInTheCallersOwnCodeReachesItAndIsNotRecordedAsTheStreams() {
    openAi.enqueue(Reply.text("one two three"));
    IllegalStateException mine = new IllegalStateException("the caller's bug");

    assertThatThrownBy(() -> {
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("Count").build())) {
        stream.stream().forEach(chunk -> {
          if (chunk.choices().get(0).delta().content().orElse("").contains("two")) {
            throw mine;
          }
        });
      }
    }).isSameAs(mine);

    SpanData llm = llmSpan(tracing);
    assertThat(llm.metadata()).doesNotContainKey("error.type").containsEntry("stream_closed_early", "true");
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("one two")));
  }

  @Test
  void a500BeforeTheStreamReachesTheCallerAndEndsTheSpanWithTheStatus() {
    openAi.enqueue(Reply.serverError());

    assertThatThrownBy(() -> client.chat().completions().createStreaming(ask("hi").build()).close())
        .isInstanceOf(InternalServerException.class);

    SpanData llm = llmSpan(tracing);
    assertThat(llm.statusCode()).isEqualTo(500);
    assertThat(llm.metadata()).containsEntry("error.type", InternalServerException.class.getName())
        .containsEntry("stream", "true");
    assertThat(llm.llm().timeToFirstTokenNanos()).isNull();
  }

  @Test
  void aStreamThatIsNeverReadEndsTheSpanWhenItIsClosed() {
    openAi.enqueue(Reply.text("unread"));

    client.chat().completions().createStreaming(ask("hi").build()).close();

    SpanData llm = llmSpan(tracing);
    assertThat(llm.output()).isNull();
    assertThat(llm.metadata()).containsEntry("stream_closed_early", "true");
  }
}
