package ai.galileo.tracing.openai;

import static ai.galileo.tracing.openai.Fakes.llmSpan;
import static ai.galileo.tracing.openai.Fakes.llmSpans;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.OutputItem;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The asynchronous client: each span keeps the parent current when the call was made and ends on
 * the thread that completes the call, before the caller's own continuations run.
 */
class AsyncTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private FakeOpenAi openAi;
  private OpenAIClientAsync client;

  @BeforeEach
  void start() {
    openAi = FakeOpenAi.start();
    client = GalileoOpenAI.create().wrap(Fakes.asyncClient(openAi));
  }

  @AfterEach
  void stop() {
    client.close();
    openAi.close();
  }

  private static ChatCompletionCreateParams.Builder chat(String question) {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").temperature(0.1).addUserMessage(question);
  }

  private static ResponseCreateParams.Builder responses(String question) {
    return ResponseCreateParams.builder().model("gpt-4.1-mini").input(question);
  }

  /** A handler that collects what the caller sees, and the spans that had ended when it was told the end. */
  private final class Collecting<T> implements AsyncStreamResponse.Handler<T> {
    final List<T> items = new CopyOnWriteArrayList<>();
    final CompletableFuture<List<SpanData>> spansAtEnd = new CompletableFuture<>();
    final CompletableFuture<Thread> endedOn = new CompletableFuture<>();
    volatile Optional<Throwable> error;

    @Override
    public void onNext(T value) {
      items.add(value);
    }

    @Override
    public void onComplete(Optional<Throwable> error) {
      this.error = error;
      endedOn.complete(Thread.currentThread());
      spansAtEnd.complete(llmSpans(tracing));
    }
  }

  @Test
  void anAsyncCompletionEndsItsSpanUnderTheCallersSpanBeforeTheCallersContinuationRuns() throws Exception {
    openAi.enqueue(Reply.text("Pendulums.").usage(4, 1));
    Span trace = tracing.tracer().traceBuilder("ask").start();
    CompletableFuture<List<SpanData>> seenByContinuation;
    CompletableFuture<ChatCompletion> future;
    try (Scope scope = trace.makeCurrent()) {
      future = client.chat().completions().create(chat("What did Galileo study?").build());
      seenByContinuation = future.thenApply(c -> llmSpans(tracing));
    }
    ChatCompletion completion = future.get(10, TimeUnit.SECONDS);
    trace.end();

    assertThat(seenByContinuation.get(10, TimeUnit.SECONDS)).hasSize(1);
    SpanData llm = llmSpan(tracing);
    assertThat(llm.parentId()).isEqualTo(trace.context().spanId());
    assertThat(llm.input()).isEqualTo(Content.messages(Message.user("What did Galileo study?")));
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Pendulums.")));
    assertThat(llm.llm().model()).isEqualTo(completion.model());
    assertThat(llm.llm().temperature()).isEqualTo(0.1);
    assertThat(llm.llm().inputTokens()).isEqualTo(4L);
    assertThat(llm.llm().outputTokens()).isEqualTo(1L);
    assertThat(llm.metadata()).containsEntry("response_id", completion.id());
    assertThat(llm.llm().finishReason()).isEqualTo("stop");
    assertThat(llm.statusCode()).isEqualTo(200);
  }

  @Test
  void anAsyncErrorCompletesTheFutureAsTheSdkDoesAndEndsTheSpanWithTheStatus() throws Exception {
    openAi.enqueue(Reply.rateLimited(Duration.ofSeconds(1)));

    CompletableFuture<ChatCompletion> future = client.chat().completions().create(chat("hi").build());

    assertThat(future).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(RateLimitException.class);
    SpanData llm = llmSpan(tracing);
    assertThat(llm.statusCode()).isEqualTo(429);
    assertThat(llm.metadata()).containsEntry("error.type", RateLimitException.class.getName())
        .containsEntry("error.code", "rate_limit_exceeded");
  }

  @Test
  void anAsyncStreamReachesTheHandlerUnchangedAndItsSpanEndsOnTheThreadThatDeliversTheEnd() throws Exception {
    openAi.enqueue(Reply.text("He studied pendulums.").usage(5, 3));
    Collecting<ChatCompletionChunk> handler = new Collecting<>();
    Span trace = tracing.tracer().traceBuilder("ask").start();
    AsyncStreamResponse<ChatCompletionChunk> stream;
    try (Scope scope = trace.makeCurrent()) {
      stream = client.chat().completions().createStreaming(chat("What did Galileo study?")
          .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());
    }
    assertThat(stream.subscribe(handler)).isSameAs(stream);
    stream.onCompleteFuture().get(10, TimeUnit.SECONDS);
    trace.end();

    assertThat(handler.endedOn.get()).isNotSameAs(Thread.currentThread());
    assertThat(handler.spansAtEnd.get()).hasSize(1); // ended before the caller's onComplete
    assertThat(handler.error).isEmpty();
    assertThat(handler.items).hasSize(6); // role, three words, finish, usage
    SpanData llm = llmSpan(tracing);
    assertThat(llm.parentId()).isEqualTo(trace.context().spanId());
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("He studied pendulums.")));
    assertThat(llm.llm().inputTokens()).isEqualTo(5L);
    assertThat(llm.llm().outputTokens()).isEqualTo(3L);
    assertThat(llm.llm().timeToFirstTokenNanos()).isPositive().isLessThanOrEqualTo(llm.durationNanos());
    assertThat(llm.metadata()).containsEntry("stream", "true");
    assertThat(llm.llm().finishReason()).isEqualTo("stop");
  }

  @Test
  void anAsyncStreamThatFailsTellsTheHandlerAndEndsTheSpanWithTheStatus() throws Exception {
    openAi.enqueue(Reply.serverError());
    Collecting<ChatCompletionChunk> handler = new Collecting<>();

    AsyncStreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(chat("hi").build()).subscribe(handler);

    assertThat(stream.onCompleteFuture()).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(InternalServerException.class);
    assertThat(handler.spansAtEnd.get(10, TimeUnit.SECONDS)).hasSize(1);
    assertThat(handler.error).hasValueSatisfying( // as the SDK hands it over: in a CompletionException
        e -> assertThat(e).hasCauseInstanceOf(InternalServerException.class));
    assertThat(llmSpan(tracing).statusCode()).isEqualTo(500);
    assertThat(handler.items).isEmpty();
  }

  @Test
  void anAsyncStreamNobodySubscribesToEndsItsSpanWhenTheRequestFails() {
    openAi.enqueue(Reply.serverError());

    AsyncStreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat("hi").build());

    assertThat(stream.onCompleteFuture()).failsWithin(Duration.ofSeconds(10));
    assertThat(llmSpan(tracing).statusCode()).isEqualTo(500);
  }

  @Test
  void anAsyncResponseAndAnAsyncStreamedResponseAreOneSpanEach() throws Exception {
    openAi.enqueue(Reply.text("Padua.").usage(3, 1).withItems(OutputItem.reasoning("First Padua.", null)),
        Reply.text("Pisa.").usage(3, 1).withItems(OutputItem.webSearch("Galileo Pisa")));

    Response response = client.responses().create(responses("Where first?").build()).get(10, TimeUnit.SECONDS);
    Collecting<ResponseStreamEvent> handler = new Collecting<>();
    AsyncStreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(responses("Where then?").build()).subscribe(handler);
    stream.onCompleteFuture().get(10, TimeUnit.SECONDS);

    List<SpanData> llm = llmSpans(tracing);
    assertThat(llm).extracting(s -> s.output().asText()).containsExactly("Padua.", "Pisa.");
    assertThat(llm.get(0).metadata()).containsEntry("response_id", response.id()).doesNotContainKey("stream");
    assertThat(llm.get(1).metadata()).containsEntry("stream", "true");
    assertThat(llm).extracting(s -> s.llm().finishReason()).containsExactly("stop", "stop");
    assertThat(llm.get(0).llm().events()).singleElement().isInstanceOfSatisfying(LlmEvent.Reasoning.class,
        r -> assertThat(r.summary()).isEqualTo("First Padua."));
    assertThat(llm.get(1).llm().events()).singleElement().isInstanceOfSatisfying(LlmEvent.InternalToolCall.class,
        w -> assertThat(w.name()).isEqualTo("web_search"));
    assertThat(llm.get(1).llm().timeToFirstTokenNanos()).isPositive();
    assertThat(llm).extracting(s -> s.llm().inputTokens()).containsExactly(3L, 3L);
    assertThat(handler.items).hasSize(14); // nine for the message, five for the web search
  }

  @Test
  void theSyncTwinOfATracedAsyncClientIsTracedAndTheAsyncTwinOfATracedClientToo() throws Exception {
    openAi.enqueue(Reply.text("one"), Reply.text("two"));

    OpenAIClient sync = client.sync();
    sync.chat().completions().create(chat("1").build());
    sync.async().chat().completions().create(chat("2").build()).get(10, TimeUnit.SECONDS);

    assertThat(llmSpans(tracing)).extracting(s -> s.output().asText()).containsExactly("one", "two");
  }

  @Test
  void cancellingTheFutureTheCallerGotCancelsTheSdksAndEndsTheSpan() {
    openAi.enqueue(Reply.text("slow").delay(Duration.ofSeconds(30)));

    CompletableFuture<ChatCompletion> future = client.chat().completions().create(chat("hi").build());
    future.cancel(true);

    assertThat(future).isCancelled();
    SpanData llm = llmSpan(tracing);
    assertThat(llm.metadata()).containsEntry("error.type", java.util.concurrent.CancellationException.class.getName());
  }
}
