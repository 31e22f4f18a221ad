package ai.galileo.tracing.testing.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiResponsesChatModel;
import dev.langchain4j.model.openai.OpenAiResponsesStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.store.embedding.CosineSimilarity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LangChain4j's OpenAI models (its own HTTP client and JSON parsing) against the fake. */
class LangChain4jClientTest {
  private static final String MODEL = "gpt-4o-mini";
  private FakeOpenAi fake;

  @BeforeEach
  void start() {
    fake = FakeOpenAi.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private OpenAiChatModel chatModel(String key) {
    return OpenAiChatModel.builder().baseUrl(fake.baseUrl()).apiKey(key).modelName(MODEL).maxRetries(0).build();
  }

  private OpenAiStreamingChatModel streamingModel() {
    return OpenAiStreamingChatModel.builder().baseUrl(fake.baseUrl()).apiKey(fake.apiKey()).modelName(MODEL).build();
  }

  /** Collects a streamed answer: the partial texts and the complete response. */
  private static final class Collector implements StreamingChatResponseHandler {
    final List<String> partials = new ArrayList<>();
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String partialResponse) {
      partials.add(partialResponse);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      done.complete(completeResponse);
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }

    ChatResponse await() throws Exception {
      return done.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aChatCallGetsTheScriptedTextTokenCountsAndFinishReason() {
    fake.enqueue(Reply.text("Galileo studied pendulums.").usage(12, 3));

    ChatResponse response = chatModel(fake.apiKey()).chat(ChatRequest.builder()
        .messages(UserMessage.from("What did Galileo study?")).build());

    assertThat(response.aiMessage().text()).isEqualTo("Galileo studied pendulums.");
    assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(12);
    assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(3);
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.metadata().modelName()).isEqualTo(MODEL);
  }

  @Test
  void withNothingScriptedTheAnswerComesFromTheLastUserMessage() {
    String first = chatModel(fake.apiKey()).chat("Context: Galileo worked in Padua. Bread is baked.\nWhere did Galileo work?");
    String second = chatModel(fake.apiKey()).chat("Context: Galileo worked in Padua. Bread is baked.\nWhere did Galileo work?");

    assertThat(first).isEqualTo("Galileo worked in Padua.").isEqualTo(second);
  }

  @Test
  void aStreamedChatArrivesWordByWordWithTheUsageLangChain4jAsksFor() throws Exception {
    fake.enqueue(Reply.text("He studied pendulums.").usage(8, 3));
    Collector collector = new Collector();

    streamingModel().chat("What did Galileo study?", collector);
    ChatResponse response = collector.await();

    assertThat(collector.partials).containsExactly("He", " studied", " pendulums.");
    assertThat(response.aiMessage().text()).isEqualTo("He studied pendulums.");
    assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(11);
    assertThat(fake.lastRequest().json().path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void aToolCallRoundTripsThroughLangChain4jStreamingAndNot() throws Exception {
    ToolSpecification weather = ToolSpecification.builder().name("get_weather").description("Weather in a city")
        .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
    fake.enqueue(Reply.toolCall("get_weather", "{\"city\":\"Pisa\"}"), Reply.text("Sunny in Pisa."));
    fake.enqueue(Reply.toolCall("get_weather", "{\"city\":\"Padua\"}"));
    UserMessage question = UserMessage.from("Weather in Pisa?");

    ChatResponse first = chatModel(fake.apiKey()).chat(ChatRequest.builder()
        .messages(question).toolSpecifications(weather).build());
    ToolExecutionRequest call = first.aiMessage().toolExecutionRequests().get(0);
    ChatResponse second = chatModel(fake.apiKey()).chat(ChatRequest.builder()
        .messages(question, first.aiMessage(), ToolExecutionResultMessage.from(call, "sunny"))
        .toolSpecifications(weather).build());
    Collector collector = new Collector();
    streamingModel().chat(ChatRequest.builder().messages(question).toolSpecifications(weather).build(), collector);
    AiMessage streamed = collector.await().aiMessage();

    assertThat(first.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.arguments()).isEqualTo("{\"city\":\"Pisa\"}");
    assertThat(second.aiMessage().text()).isEqualTo("Sunny in Pisa.");
    assertThat(fake.requests(Endpoint.CHAT_COMPLETIONS).get(1).json().path("messages").get(2).path("role").asText())
        .isEqualTo("tool");
    assertThat(streamed.toolExecutionRequests()).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("get_weather");
      assertThat(r.arguments()).isEqualTo("{\"city\":\"Padua\"}");
    });
  }

  @Test
  void theResponsesApiModelsReadTheAnswerWholeAndStreamed() throws Exception {
    fake.enqueue(Reply.text("Padua and Pisa.").usage(10, 3), 2);

    ChatResponse whole = OpenAiResponsesChatModel.builder().baseUrl(fake.baseUrl()).apiKey(fake.apiKey())
        .modelName(MODEL).build().chat(ChatRequest.builder().messages(UserMessage.from("Where?")).build());
    Collector collector = new Collector();
    OpenAiResponsesStreamingChatModel.builder().baseUrl(fake.baseUrl()).apiKey(fake.apiKey()).modelName(MODEL)
        .build().chat("Where?", collector);
    ChatResponse streamed = collector.await();

    for (ChatResponse r : List.of(whole, streamed)) {
      assertThat(r.aiMessage().text()).isEqualTo("Padua and Pisa.");
      assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(10);
      assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(3);
    }
    assertThat(collector.partials).containsExactly("Padua", " and", " Pisa.");
    assertThat(fake.requests(Endpoint.RESPONSES)).hasSize(2);
  }

  @Test
  void embeddingsAreDeterministicAndTextsThatShareWordsAreClose() {
    OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().baseUrl(fake.baseUrl()).apiKey(fake.apiKey())
        .modelName("text-embedding-3-small").build();

    List<Embedding> vectors = model.embedAll(List.of(TextSegment.from("Galileo observed the moons of Jupiter"),
        TextSegment.from("the moons of Jupiter"), TextSegment.from("bread recipes with yeast"))).content();
    Embedding again = model.embed("Galileo observed the moons of Jupiter").content();

    assertThat(vectors).hasSize(3);
    assertThat(vectors.get(0).vector()).hasSize(FakeOpenAi.DEFAULT_EMBEDDING_DIMENSIONS).isEqualTo(again.vector());
    double related = CosineSimilarity.between(vectors.get(0), vectors.get(1));
    double unrelated = CosineSimilarity.between(vectors.get(0), vectors.get(2));
    assertThat(related).isGreaterThan(0.5).isGreaterThan(unrelated);
  }

  @Test
  void aRateLimitWithoutRetriesBecomesLangChain4jsRateLimitException() {
    fake.enqueue(Reply.rateLimited(java.time.Duration.ofSeconds(1)));

    assertThatThrownBy(() -> chatModel(fake.apiKey()).chat("Hello?"))
        .isInstanceOf(RateLimitException.class)
        .hasMessageContaining("rate_limit_exceeded");
    assertThat(fake.lastRequest().status()).isEqualTo(429);
  }

  @Test
  void aWrongKeyBecomesLangChain4jsAuthenticationException() {
    assertThatThrownBy(() -> chatModel("sk-wrong").chat("Hello?"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("invalid_api_key");
  }
}
