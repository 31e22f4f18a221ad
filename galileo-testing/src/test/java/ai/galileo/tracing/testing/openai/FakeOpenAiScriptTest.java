package ai.galileo.tracing.testing.openai;

import static ai.galileo.tracing.testing.openai.FakeOpenAi.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fluent script ({@link FakeOpenAi#answer}, {@link FakeOpenAi#toolCalls},
 * {@link FakeOpenAi#fail}, {@link FakeOpenAi#usage}) as users' tests write it, read by the real
 * openai-java client (response validation on) and LangChain4j's {@link OpenAiChatModel}.
 */
class FakeOpenAiScriptTest {
  private static final String MODEL = "gpt-4o-mini";

  private FakeOpenAi fake;
  private OpenAIClient client;

  @BeforeEach
  void start() {
    fake = FakeOpenAi.start();
    client = OpenAIOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey(fake.apiKey())
        .responseValidation(true).maxRetries(2).timeout(Duration.ofSeconds(30)).build();
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  private static final ChatCompletionFunctionTool WEATHER = ChatCompletionFunctionTool.builder()
      .function(FunctionDefinition.builder().name("get_weather").description("Weather in a city")
          .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
              .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
              .build())
          .build())
      .build();

  private static ChatCompletionCreateParams.Builder chat(String question) {
    return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(question).addTool(WEATHER);
  }

  @Test
  void openAiJavaGetsTheScriptedToolCallThenTheAnswerWithItsTokenCounts() {
    fake.toolCalls(call("get_weather", "{\"city\":\"Pisa\"}")).thenAnswer("Sunny in Pisa.").usage(42, 4);

    ChatCompletion first = client.chat().completions().create(chat("Weather in Pisa?").build());
    ChatCompletionMessageToolCall toolCall = first.choices().get(0).message().toolCalls().orElseThrow().get(0);
    ChatCompletion second = client.chat().completions().create(chat("Weather in Pisa?")
        .addMessage(first.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.asFunction().id()).content("sunny").build())
        .build());

    assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertThat(toolCall.asFunction().function().name()).isEqualTo("get_weather");
    assertThat(toolCall.asFunction().function().arguments()).isEqualTo("{\"city\":\"Pisa\"}");
    assertThat(second.choices().get(0).message().content()).contains("Sunny in Pisa.");
    assertThat(second.usage().orElseThrow().promptTokens()).isEqualTo(42);
    assertThat(second.usage().orElseThrow().completionTokens()).isEqualTo(4);
    assertThat(fake.requests()).hasSize(2);
    assertThat(fake.lastRequest().json().path("messages").get(2).path("tool_call_id").asText())
        .isEqualTo(toolCall.asFunction().id());
    assertThat(fake.pendingReplies()).isEmpty();
  }

  @Test
  void aScriptedAnswerIsStreamedWhenTheClientAsksForAStream() {
    fake.answer("He studied the motion of pendulums.").usage(10, 6);

    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        chat("What did Galileo study?")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      stream.stream().forEach(accumulator::accumulate);
    }

    ChatCompletion whole = accumulator.chatCompletion();
    assertThat(whole.choices().get(0).message().content()).contains("He studied the motion of pendulums.");
    assertThat(whole.usage().orElseThrow().totalTokens()).isEqualTo(16);
    assertThat(fake.lastRequest().stream()).isTrue();
  }

  @Test
  void aScriptedRateLimitIsRetriedByTheClientAndTheAnswerAfterItArrives() {
    fake.fail(429, Duration.ZERO).answer("after the retry");

    ChatCompletion completion = client.chat().completions().create(chat("Hello?").build());

    assertThat(completion.choices().get(0).message().content()).contains("after the retry");
    assertThat(fake.requests()).extracting(RecordedRequest::status).containsExactly(429, 200);
  }

  @Test
  void scriptedFailuresBeyondTheRetriesReachTheCallerWithTheirStatusAndRetryAfter() {
    fake.fail(429, Duration.ofMillis(1)).fail(429).fail(429);

    assertThatThrownBy(() -> client.chat().completions().create(chat("Hello?").build()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(429);
          assertThat(e.headers().values("Retry-After")).containsExactly("0");
        });
    assertThat(fake.requests()).extracting(RecordedRequest::status).containsExactly(429, 429, 429);
  }

  @Test
  void aScriptedServerErrorHasOpenAisErrorBodyAndTheRetryAfterAsked() {
    fake.fail(503, Duration.ofSeconds(2));
    OpenAIClient noRetries = client.withOptions(o -> o.maxRetries(0));

    assertThatThrownBy(() -> noRetries.chat().completions().create(chat("Hello?").build()))
        .isInstanceOfSatisfying(InternalServerException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(503);
          assertThat(e.type()).contains("server_error");
          assertThat(e.headers().values("Retry-After")).containsExactly("2");
        });
  }

  @Test
  void langChain4jGetsTheScriptedToolCallThenTheAnswer() {
    fake.toolCalls(call("get_weather", "{\"city\":\"Pisa\"}")).thenAnswer("Sunny in Pisa.").usage(30, 4);
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(fake.baseUrl()).apiKey(fake.apiKey())
        .modelName(MODEL).maxRetries(0).build();
    ToolSpecification weather = ToolSpecification.builder().name("get_weather").description("Weather in a city")
        .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
    UserMessage question = UserMessage.from("Weather in Pisa?");

    ChatResponse first = model.chat(ChatRequest.builder().messages(question).toolSpecifications(weather).build());
    ToolExecutionRequest request = first.aiMessage().toolExecutionRequests().get(0);
    ChatResponse second = model.chat(ChatRequest.builder()
        .messages(question, first.aiMessage(), ToolExecutionResultMessage.from(request, "sunny"))
        .toolSpecifications(weather).build());

    assertThat(first.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    assertThat(request.name()).isEqualTo("get_weather");
    assertThat(request.arguments()).isEqualTo("{\"city\":\"Pisa\"}");
    assertThat(second.aiMessage().text()).isEqualTo("Sunny in Pisa.");
    assertThat(second.tokenUsage().inputTokenCount()).isEqualTo(30);
    assertThat(second.tokenUsage().outputTokenCount()).isEqualTo(4);
  }

  @Test
  void langChain4jSeesAScriptedServerErrorAsItsOwnException() {
    fake.fail(500);
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(fake.baseUrl()).apiKey(fake.apiKey())
        .modelName(MODEL).maxRetries(0).build();

    assertThatThrownBy(() -> model.chat("Hello?")).isInstanceOf(dev.langchain4j.exception.InternalServerException.class);
    assertThat(fake.lastRequest().status()).isEqualTo(500);
  }

  @Test
  void withNothingScriptedEveryCallGetsTheDefaultAnswerTheBuilderSet() {
    try (FakeOpenAi fixed = FakeOpenAi.builder().defaultAnswer("Always this.").start()) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(fixed.baseUrl()).apiKey(fixed.apiKey())
          .modelName(MODEL).maxRetries(0).build();

      assertThat(model.chat("One?")).isEqualTo("Always this.");
      assertThat(model.chat("Two?")).isEqualTo("Always this.");
      assertThat(fixed.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void usageWithNothingQueuedIsRefusedAndUsageOnAFailureLeavesTheScriptAsItWas() {
    assertThatThrownBy(() -> fake.usage(1, 1)).isInstanceOf(IllegalStateException.class);

    fake.answer("kept").fail(500);
    assertThatThrownBy(() -> fake.usage(1, 1)).isInstanceOf(IllegalStateException.class);

    assertThat(fake.pendingReplies()).extracting(Reply::status).containsExactly(200, 500);
  }
}
