package ai.galileo.tracing.openai;

import static ai.galileo.tracing.openai.Fakes.llmSpan;
import static ai.galileo.tracing.openai.Fakes.llmSpans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.RequestOptions;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code client.chat().completions().create(...)}, blocking, through the real client. */
class ChatCompletionsTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private FakeOpenAi openAi;
  private OpenAIClient client;

  @BeforeEach
  void start() {
    openAi = FakeOpenAi.start();
    client = GalileoOpenAI.create().wrap(Fakes.client(openAi));
  }

  @AfterEach
  void stop() {
    client.close();
    openAi.close();
  }

  private static ChatCompletionCreateParams.Builder ask(String question) {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").temperature(0.3)
        .addSystemMessage("Be brief.").addUserMessage(question);
  }

  private static final ChatCompletionFunctionTool WEATHER = ChatCompletionFunctionTool.builder()
      .function(FunctionDefinition.builder().name("get_weather")
          .parameters(FunctionParameters.builder()
              .putAdditionalProperty("type", JsonValue.from("object"))
              .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
              .build())
          .build())
      .build();

  @Test
  void aChatCompletionIsOneLlmSpanUnderTheCurrentSpanWithEveryFieldTheApiReported() {
    openAi.enqueue(Reply.text("Galileo studied pendulums.").usage(12, 5));
    Span trace = tracing.tracer().traceBuilder("ask").start();
    ChatCompletion completion;
    try (Scope scope = trace.makeCurrent()) {
      completion = client.chat().completions().create(ask("What did Galileo study?").maxCompletionTokens(50).build());
    } finally {
      trace.end();
    }

    assertThat(completion.choices().get(0).message().content()).contains("Galileo studied pendulums.");
    SpanData llm = llmSpan(tracing);
    assertThat(llm.name()).isEqualTo("chat gpt-4o-mini");
    assertThat(llm.traceId()).isEqualTo(trace.context().traceId());
    assertThat(llm.parentId()).isEqualTo(trace.context().spanId());
    assertThat(llm.input()).isEqualTo(Content.messages(
        Message.system("Be brief."), Message.user("What did Galileo study?")));
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Galileo studied pendulums.")));
    assertThat(llm.llm().model()).isEqualTo(completion.model());
    assertThat(llm.llm().temperature()).isEqualTo(0.3);
    assertThat(llm.llm().inputTokens()).isEqualTo(12L);
    assertThat(llm.llm().outputTokens()).isEqualTo(5L);
    assertThat(llm.llm().totalTokens()).isEqualTo(17L);
    assertThat(llm.llm().timeToFirstTokenNanos()).isNull();
    assertThat(llm.metadata())
        .containsEntry("api", "chat.completions")
        .containsEntry("response_id", completion.id())
        .containsEntry("max_output_tokens", "50")
        .doesNotContainKeys("stream", "error.type", "tools", "finish_reason");
    assertThat(llm.llm().finishReason()).isEqualTo("stop");
    assertThat(llm.llm().tools()).isEmpty();
    assertThat(llm.llm().events()).isEmpty();
    assertThat(llm.llm().audioInputTokens()).as("OpenAI's audio_tokens: 0 is not recorded").isNull();
    assertThat(llm.llm().imageInputTokens()).isNull();
    assertThat(llm.statusCode()).isEqualTo(200);
    assertThat(llm.ended()).isTrue();
  }

  @Test
  void aToolCallAnswerAndTheToolResultSentBackKeepTheirIdsNamesAndArguments() {
    openAi.enqueue(Reply.toolCalls(ai.galileo.tracing.testing.openai.ToolCall.of("call_7", "get_weather", "{\"city\":\"Pisa\"}")),
        Reply.text("Sunny in Pisa.").usage(30, 4));

    ChatCompletion first = client.chat().completions().create(ask("Weather in Pisa?").addTool(WEATHER).build());
    ChatCompletionMessageToolCall call = first.choices().get(0).message().toolCalls().orElseThrow().get(0);
    client.chat().completions().create(ask("Weather in Pisa?").addTool(WEATHER)
        .addMessage(first.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id()).content("sunny, 24C").build())
        .build());

    List<SpanData> llm = llmSpans(tracing);
    assertThat(llm).hasSize(2);
    ToolCall expected = new ToolCall("call_7", "get_weather", "{\"city\":\"Pisa\"}");
    assertThat(llm.get(0).output()).isEqualTo(Content.message(
        new Message(Role.ASSISTANT, "", null, List.of(expected))));
    assertThat(llm.get(0).llm().finishReason()).isEqualTo("tool_calls");
    assertThat(llm).allSatisfy(s -> assertThat(s.llm().tools()).containsExactly(ToolDefinition.of("get_weather", null,
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")));
    assertThat(llm.get(1).llm().finishReason()).isEqualTo("stop");
    assertThat(llm.get(1).input()).isEqualTo(Content.messages(
        Message.system("Be brief."), Message.user("Weather in Pisa?"),
        new Message(Role.ASSISTANT, "", null, List.of(expected)),
        Message.tool("sunny, 24C", "call_7")));
    assertThat(llm.get(1).output()).isEqualTo(Content.message(Message.assistant("Sunny in Pisa.")));
  }

  @Test
  void audioAndImageTokensAreRecordedWhenTheUsageReportsThem() {
    openAi.enqueue(Reply.text("Hello.").usage(40, 20).audioTokens(25, 15).imageTokens(8));

    client.chat().completions().create(ask("Say hello.").build());

    SpanData llm = llmSpan(tracing);
    assertThat(llm.llm().audioInputTokens()).isEqualTo(25L);
    assertThat(llm.llm().audioOutputTokens()).isEqualTo(15L);
    assertThat(llm.llm().imageInputTokens()).isEqualTo(8L);
    assertThat(llm.llm().imageOutputTokens()).as("none sent: 0 beside a reported count").isEqualTo(0L);
    assertThat(llm.llm().inputTokens()).isEqualTo(40L);
  }

  @Test
  void aToolWhoseSchemaIsNotJsonIsOfferedWithItsTextAndTheCallGoesOn() {
    openAi.enqueue(Reply.text("ok"));
    ChatCompletionFunctionTool odd = ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder().name("odd").description("Takes anything")
            .putAdditionalProperty("parameters", JsonValue.from("a schema? {")).build())
        .build();

    client.chat().completions().create(ask("hi").addTool(odd).build());

    assertThat(openAi.lastRequest().toolNames()).containsExactly("odd");
    // Kept as its text: the core holds text that is not JSON as a JSON string of it.
    assertThat(llmSpan(tracing).llm().tools())
        .containsExactly(ToolDefinition.of("odd", "Takes anything", "\"a schema? {\""));
  }

  @Test
  void partsThatAreNotTextAreNamedInTheirPlace() {
    openAi.enqueue(Reply.text("A pendulum."));

    client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
        .addUserMessageOfArrayOfContentParts(List.of(
            ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("What is this?").build()),
            ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url("https://example.com/p.png").build())
                .build())))
        .build());

    assertThat(llmSpan(tracing).input()).isEqualTo(Content.messages(Message.user("What is this?\n[image]")));
    assertThat(llmSpan(tracing).llm().temperature()).isNull(); // left to the model: not guessed
  }

  @Test
  void aProviderThatSendsNoUsageGetsNoTokenCounts() {
    openAi.enqueue(Reply.text("ok").noUsage());

    client.chat().completions().create(ask("hi").build());

    SpanData llm = llmSpan(tracing);
    assertThat(llm.llm().inputTokens()).isNull();
    assertThat(llm.llm().outputTokens()).isNull();
    assertThat(llm.llm().totalTokens()).isNull();
    assertThat(llm.statusCode()).isEqualTo(200);
  }

  @Test
  void a429ReachesTheCallerUnchangedAndEndsTheSpanWithTheStatusAndOpenAisErrorCode() {
    openAi.enqueue(Reply.rateLimited(Duration.ofSeconds(3)));

    assertThatThrownBy(() -> client.chat().completions().create(ask("hi").build()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.statusCode()).isEqualTo(429));

    SpanData llm = llmSpan(tracing);
    assertThat(llm.statusCode()).isEqualTo(429);
    assertThat(llm.metadata())
        .containsEntry("error.type", RateLimitException.class.getName())
        .containsEntry("error.code", "rate_limit_exceeded")
        .containsKey("error.message");
    assertThat(llm.output()).isNull();
    assertThat(llm.input()).isEqualTo(Content.messages(Message.system("Be brief."), Message.user("hi")));
  }

  @Test
  void a500ReachesTheCallerUnchangedAndEndsTheSpanWithTheStatus() {
    openAi.enqueue(Reply.serverError());

    assertThatThrownBy(() -> client.chat().completions().create(ask("hi").build()))
        .isInstanceOf(InternalServerException.class);

    SpanData llm = llmSpan(tracing);
    assertThat(llm.statusCode()).isEqualTo(500);
    assertThat(llm.metadata()).containsEntry("error.type", InternalServerException.class.getName())
        .doesNotContainKey("error.code"); // OpenAI sends none for a 500
  }

  @Test
  void aRefusedKeyThatOpenAiNamesInItsErrorIsNotRecorded() {
    openAi.enqueue(Reply.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: sk-proj-********cdef. You can find your API key at https://platform.openai.com."));

    assertThatThrownBy(() -> client.chat().completions().create(ask("hi").build()))
        .isInstanceOf(UnauthorizedException.class);

    SpanData llm = llmSpan(tracing);
    assertThat(llm.statusCode()).isEqualTo(401);
    assertThat(llm.metadata().get("error.message"))
        .contains("Incorrect API key provided: sk-[redacted]. You can find")
        .doesNotContain("cdef");
  }

  @Test
  void theSdksRetriesAreInsideTheOneSpanOfTheCall() {
    openAi.enqueue(Reply.rateLimited(Duration.ZERO), Reply.text("after the retry").usage(3, 3));
    OpenAIClient retrying = client.withOptions(o -> o.maxRetries(1));

    retrying.chat().completions().create(ask("hi").build());

    assertThat(openAi.requests()).hasSize(2);
    assertThat(llmSpan(tracing).statusCode()).isEqualTo(200);
    assertThat(llmSpan(tracing).output()).isEqualTo(Content.message(Message.assistant("after the retry")));
  }

  /** A structured output's shape. */
  public static class City {
    public String name;
  }

  @Test
  void everyOverloadEndsInTheOneTracedCall() {
    openAi.enqueue(Reply.text("one"), Reply.text("two"), Reply.text("three"), Reply.text("{\"name\":\"Pisa\"}"));

    client.chat().completions().create(ask("1").build());
    client.chat().completions().create(ask("2").build(), RequestOptions.none());
    client.chat().completions().withOptions(o -> o.maxRetries(0)).create(ask("3").build());
    StructuredChatCompletion<City> structured = client.chat().completions().create(
        ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Where?").responseFormat(City.class).build());

    assertThat(structured.choices().get(0).message().content().orElseThrow().name).isEqualTo("Pisa");
    assertThat(llmSpans(tracing)).extracting(s -> s.output().asText())
        .containsExactly("one", "two", "three", "{\"name\":\"Pisa\"}");
  }
}
