package ai.galileo.tracing.openai;

import static ai.galileo.tracing.openai.Fakes.llmSpan;
import static ai.galileo.tracing.openai.Fakes.llmSpans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.Endpoint;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingModel;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the wrapper passes through untouched, and what it does when it fails itself. */
class WrappingTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (logged) {
        logged.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final Logger log = Logger.getLogger("ai.galileo.tracing.openai");
  private Level level;

  private FakeOpenAi openAi;
  private OpenAIClient raw;

  @BeforeEach
  void start() {
    openAi = FakeOpenAi.start();
    raw = Fakes.client(openAi);
    level = log.getLevel();
    log.setLevel(Level.ALL);
    log.addHandler(capture);
  }

  @AfterEach
  void stop() {
    log.removeHandler(capture);
    log.setLevel(level);
    raw.close();
    openAi.close();
  }

  private static ChatCompletionCreateParams ask(String question) {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(question).build();
  }

  @Test
  void wrappingATracedClientAgainReturnsItSoEachCallIsLoggedOnce() {
    OpenAIClient client = GalileoOpenAI.create().wrap(raw);
    openAi.enqueue(Reply.text("once"));

    OpenAIClient again = GalileoOpenAI.create(tracing.tracer()).wrap(client);
    again.chat().completions().create(ask("hi"));

    assertThat(again).isSameAs(client);
    assertThat(llmSpans(tracing)).hasSize(1);
    assertThat(client.toString()).startsWith("Galileo-traced ");
    assertThat(client).isEqualTo(client).isNotEqualTo(raw).hasSameHashCodeAs(client);
  }

  @Test
  void otherServicesAreTheSdksOwnAndLogNothing() {
    OpenAIClient client = GalileoOpenAI.create().wrap(raw);

    CreateEmbeddingResponse embeddings = client.embeddings().create(EmbeddingCreateParams.builder()
        .model(EmbeddingModel.TEXT_EMBEDDING_3_SMALL).input("Galileo in Pisa").build());

    assertThat(embeddings.data()).hasSize(1);
    assertThat(Proxy.isProxyClass(client.embeddings().getClass())).isFalse();
    assertThat(tracing.spans()).isEmpty();
    assertThat(openAi.requests(Endpoint.EMBEDDINGS)).hasSize(1);
  }

  @Test
  void rawHttpResponsesArePassedThroughAndNotTraced() {
    OpenAIClient client = GalileoOpenAI.create().wrap(raw);
    openAi.enqueue(Reply.text("raw"));

    try (HttpResponseFor<ChatCompletion> response = client.withRawResponse().chat().completions().create(ask("hi"))) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.parse().choices().get(0).message().content()).contains("raw");
    }
    assertThat(tracing.spans()).isEmpty();
  }

  @Test
  void theModelRecordedIsTheOneThatAnsweredAndAnyClientImplementationCanBeWrapped() {
    OpenAIClient client = GalileoOpenAI.create().wrap(Stubs.client(
        params -> Stubs.completion("gpt-4o-mini-2024-07-18", "Pendulums.")));

    client.chat().completions().create(ask("What did Galileo study?"));

    SpanData llm = llmSpan(tracing);
    assertThat(llm.name()).isEqualTo("chat gpt-4o-mini");
    assertThat(llm.llm().model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Pendulums.")));
    assertThat(llm.llm().inputTokens()).isNull(); // the stub's answer has no usage
  }

  @Test
  void aTracerThatFailsNeverReachesTheCallWhichGoesOnUntracedAndIsLogged() {
    Tracer broken = failing(Tracer.class, "no tracer today");
    OpenAIClient client = GalileoOpenAI.create(broken).wrap(raw);
    openAi.enqueue(Reply.text("still answered"), Reply.text("streamed anyway"));

    ChatCompletion completion = client.chat().completions().create(ask("hi"));
    StringBuilder streamed = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("hi"))) {
      stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
    }

    assertThat(completion.choices().get(0).message().content()).contains("still answered");
    assertThat(streamed).hasToString("streamed anyway");
    assertThat(messages()).anySatisfy(m -> assertThat(m).contains("chat.completions.create")
        .contains("the OpenAI call goes on untouched"));
    assertThat(messages()).noneSatisfy(m -> assertThat(m).contains(openAi.apiKey()));
  }

  @Test
  void aSpanThatFailsWhileRecordingTheAnswerIsStillEndedAndTheCallerGetsTheAnswer() {
    AtomicInteger ended = new AtomicInteger();
    Span span = (Span) Proxy.newProxyInstance(Span.class.getClassLoader(), new Class<?>[] {Span.class},
        (proxy, method, args) -> {
          if (method.getName().equals("end")) {
            ended.incrementAndGet();
            return null;
          }
          if (method.getName().equals("setOutput")) {
            throw new IllegalStateException("cannot record output");
          }
          return method.getReturnType().isInstance(proxy) ? proxy : null;
        });
    SpanBuilder builder = (SpanBuilder) Proxy.newProxyInstance(SpanBuilder.class.getClassLoader(),
        new Class<?>[] {SpanBuilder.class},
        (proxy, method, args) -> method.getName().equals("start") ? span : proxy);
    Tracer tracer = (Tracer) Proxy.newProxyInstance(Tracer.class.getClassLoader(), new Class<?>[] {Tracer.class},
        (proxy, method, args) -> builder);
    OpenAIClient client = GalileoOpenAI.create(tracer).wrap(raw);
    openAi.enqueue(Reply.text("answer"));

    ChatCompletion completion = client.chat().completions().create(ask("hi"));

    assertThat(completion.choices().get(0).message().content()).contains("answer");
    assertThat(ended).hasValue(1);
    assertThat(messages()).anySatisfy(m -> assertThat(m).contains("chat.completions.create"));
  }

  @Test
  void anSdkErrorIsThrownAsTheSdkThrewIt() {
    OpenAIClient client = GalileoOpenAI.create().wrap(Stubs.client(params -> {
      throw new IllegalArgumentException("the stub refuses");
    }));

    assertThatThrownBy(() -> client.chat().completions().create(ask("hi")))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("the stub refuses");
    assertThatThrownBy(() -> client.embeddings()).isExactlyInstanceOf(UnsupportedOperationException.class);
    assertThat(llmSpan(tracing).metadata()).containsEntry("error.type", IllegalArgumentException.class.getName());
    assertThat(llmSpan(tracing).statusCode()).isEqualTo(500);
  }

  private List<String> messages() {
    synchronized (logged) {
      return logged.stream().map(r -> r.getMessage()
          + (r.getThrown() == null ? "" : " " + r.getThrown())).toList();
    }
  }

  /** Every method throws. */
  private static <T> T failing(Class<T> type, String message) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          throw new IllegalStateException(message);
        }));
  }
}
