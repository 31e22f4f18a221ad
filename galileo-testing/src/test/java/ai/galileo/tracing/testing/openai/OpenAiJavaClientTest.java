package ai.galileo.tracing.testing.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingModel;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.WebSearchTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's own Java SDK against the fake, with response validation on: every answer and every
 * streamed event must have each field the SDK requires, of the right type.
 */
class OpenAiJavaClientTest {
  private static final String MODEL = "gpt-4o-mini";

  private FakeOpenAi fake;
  private OpenAIClient client;

  @BeforeEach
  void start() {
    fake = FakeOpenAi.start();
    client = client(fake.apiKey());
  }

  private OpenAIClient client(String key) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(fake.baseUrl())
        .apiKey(key)
        .responseValidation(true)
        .maxRetries(2)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  /** The text of every output_text part of every message item. */
  private static String outputText(Response response) {
    StringBuilder text = new StringBuilder();
    for (ResponseOutputItem item : response.output()) {
      item.message().ifPresent(m -> m.content().forEach(c -> c.outputText().ifPresent(t -> text.append(t.text()))));
    }
    return text.toString();
  }

  /** An event's {@code type}, as it came over the wire. */
  private static String type(ResponseStreamEvent event) {
    Map<?, ?> json = (Map<?, ?>) event._json().orElseThrow().asObject().orElseThrow();
    return ((JsonValue) json.get("type")).asStringOrThrow();
  }

  private static ChatCompletionCreateParams.Builder chat(String question) {
    return ChatCompletionCreateParams.builder().model(MODEL)
        .addSystemMessage("Answer briefly.").addUserMessage(question);
  }

  @Test
  void aChatCompletionCarriesTheScriptedTextAndUsage() {
    fake.enqueue(Reply.text("Galileo studied the motion of pendulums.").usage(21, 7));

    ChatCompletion completion = client.chat().completions().create(chat("What did Galileo study?").build());

    assertThat(completion.choices()).hasSize(1);
    assertThat(completion.choices().get(0).message().content()).contains("Galileo studied the motion of pendulums.");
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(completion.model()).isEqualTo("gpt-4o-mini");
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(21);
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(7);
    assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(28);

    RecordedRequest request = fake.lastRequest();
    assertThat(request.endpoint()).isEqualTo(Endpoint.CHAT_COMPLETIONS);
    assertThat(request.json().path("messages").get(1).path("content").asText()).isEqualTo("What did Galileo study?");
    assertThat(request.header("Authorization")).isEqualTo(RecordedRequest.REDACTED);
  }

  @Test
  void aStreamedChatCompletionArrivesInPiecesAndEndsWithTheUsageChunk() {
    fake.enqueue(Reply.text("He studied pendulums and falling bodies.").usage(9, 6));
    ChatCompletionCreateParams params = chat("What did Galileo study?")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

    List<ChatCompletionChunk> chunks = new ArrayList<>();
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> chunks.add(accumulator.accumulate(chunk)));
    }

    ChatCompletion whole = accumulator.chatCompletion();
    assertThat(whole.choices().get(0).message().content()).contains("He studied pendulums and falling bodies.");
    assertThat(whole.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(chunks.size()).as("role, six words, finish, usage").isEqualTo(9);
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().totalTokens()).isEqualTo(15);
    assertThat(fake.lastRequest().stream()).isTrue();
  }

  @Test
  void aToolCallAnswerIsReadAndTheToolResultIsAccepted() {
    ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder().name("get_weather").description("Weather in a city")
            .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                .build())
            .build())
        .build();
    fake.enqueue(Reply.toolCall("get_weather", "{\"city\":\"Pisa\"}"), Reply.text("Sunny in Pisa."));

    ChatCompletion first = client.chat().completions().create(chat("Weather in Pisa?").addTool(weather).build());

    ChatCompletion.Choice choice = first.choices().get(0);
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertThat(choice.message().content()).isEmpty();
    ChatCompletionMessageToolCall call = choice.message().toolCalls().orElseThrow().get(0);
    assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
    assertThat(call.asFunction().function().arguments()).isEqualTo("{\"city\":\"Pisa\"}");

    ChatCompletion second = client.chat().completions().create(chat("Weather in Pisa?").addTool(weather)
        .addMessage(choice.message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id()).content("sunny").build())
        .build());

    assertThat(second.choices().get(0).message().content()).contains("Sunny in Pisa.");
    assertThat(fake.lastRequest().json().path("messages").get(3).path("tool_call_id").asText())
        .isEqualTo(call.asFunction().id());
  }

  @Test
  void aStreamedToolCallIsAccumulatedFromItsPieces() {
    fake.enqueue(Reply.toolCall("lookup", "{\"query\":\"Galileo Galilei\",\"limit\":3}"));

    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream =
             client.chat().completions().createStreaming(chat("Find Galileo").build())) {
      stream.stream().forEach(accumulator::accumulate);
    }

    ChatCompletion whole = accumulator.chatCompletion();
    assertThat(whole.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    ChatCompletionMessageToolCall call = whole.choices().get(0).message().toolCalls().orElseThrow().get(0);
    assertThat(call.asFunction().function().name()).isEqualTo("lookup");
    assertThat(call.asFunction().function().arguments()).isEqualTo("{\"query\":\"Galileo Galilei\",\"limit\":3}");
  }

  @Test
  void aResponsesApiCallCarriesTextAndUsage() {
    fake.enqueue(Reply.text("Padua and Pisa.").usage(11, 3));

    Response response = client.responses().create(ResponseCreateParams.builder()
        .model(MODEL).instructions("Answer briefly.").input("Where did Galileo work?").build());

    assertThat(response.status()).hasValueSatisfying(s -> assertThat(s.asString()).isEqualTo("completed"));
    assertThat(outputText(response)).isEqualTo("Padua and Pisa.");
    assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(11);
    assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(3);
    assertThat(response.instructions()).isPresent();
    assertThat(fake.lastRequest().endpoint()).isEqualTo(Endpoint.RESPONSES);
  }

  @Test
  void aStreamedResponsesApiCallSendsTheRealEventsInOrder() {
    fake.enqueue(Reply.text("Padua and Pisa.").usage(11, 3));

    List<String> types = new ArrayList<>();
    StringBuilder deltas = new StringBuilder();
    ResponseAccumulator accumulator = ResponseAccumulator.create();
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
        ResponseCreateParams.builder().model(MODEL).input("Where did Galileo work?").build())) {
      stream.stream().forEach(event -> {
        accumulator.accumulate(event);
        event.outputTextDelta().ifPresent(d -> deltas.append(d.delta()));
        types.add(type(event));
      });
    }

    assertThat(types).containsExactly("response.created", "response.in_progress", "response.output_item.added",
        "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
        "response.output_text.delta", "response.output_text.done", "response.content_part.done",
        "response.output_item.done", "response.completed");
    assertThat(deltas).hasToString("Padua and Pisa.");
    Response whole = accumulator.response();
    assertThat(outputText(whole)).isEqualTo("Padua and Pisa.");
    assertThat(whole.usage().orElseThrow().totalTokens()).isEqualTo(14);
  }

  @Test
  void aResponsesApiFunctionCallIsReadWholeAndStreamed() {
    FunctionTool tool = FunctionTool.builder().name("get_weather").strict(false)
        .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
        .build();
    ResponseCreateParams params = ResponseCreateParams.builder().model(MODEL)
        .input("Weather in Pisa?").addTool(tool).build();
    fake.enqueue(Reply.toolCall("get_weather", "{\"city\":\"Pisa\"}"), 2);

    Response whole = client.responses().create(params);
    ResponseAccumulator accumulator = ResponseAccumulator.create();
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
      stream.stream().forEach(accumulator::accumulate);
    }

    for (Response r : List.of(whole, accumulator.response())) {
      ResponseOutputItem item = r.output().get(0);
      ResponseFunctionToolCall call = item.functionCall().orElseThrow();
      assertThat(call.name()).isEqualTo("get_weather");
      assertThat(call.arguments()).isEqualTo("{\"city\":\"Pisa\"}");
      assertThat(call.callId()).startsWith("call_");
    }
    assertThat(fake.pendingReplies()).isEmpty();
  }

  @Test
  void reasoningHostedToolAndMcpItemsAreReadByTheSdkWholeAndStreamed() {
    ResponseCreateParams params = ResponseCreateParams.builder().model(MODEL).input("Weather in Pisa?")
        .addTool(FunctionTool.builder().name("get_weather").strict(false)
            .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
            .build())
        .addTool(WebSearchTool.builder().type(WebSearchTool.Type.WEB_SEARCH).build())
        .addMcpTool("weather")
        .build();
    Reply reply = Reply.text("Sunny.").withItems(
        OutputItem.reasoning("Look it up.", "The user wants Pisa's weather."),
        OutputItem.webSearch("weather Pisa"),
        OutputItem.fileSearch("Pisa", "Pisa is in Tuscany."),
        OutputItem.codeInterpreter("print(24)", "24"),
        OutputItem.mcpListTools("weather", new OutputItem.McpTool("forecast", "The forecast",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")),
        OutputItem.mcpCall("weather", "forecast", "{\"city\":\"Pisa\"}", "sunny, 24C"),
        OutputItem.mcpCallFailed("weather", "alerts", "{}", "upstream timeout"));
    fake.enqueue(reply, 2);

    Response whole = client.responses().create(params);
    List<String> types = new ArrayList<>();
    ResponseAccumulator accumulator = ResponseAccumulator.create();
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
      stream.stream().forEach(event -> {
        accumulator.accumulate(event);
        types.add(type(event));
      });
    }

    assertThat(fake.lastRequest().toolNames()).containsExactly("get_weather", "web_search", "mcp");
    for (Response r : List.of(whole, accumulator.response())) {
      List<ResponseOutputItem> out = r.output();
      assertThat(out).hasSize(8);
      var reasoning = out.get(0).asReasoning();
      assertThat(reasoning.id()).startsWith("rs_");
      assertThat(reasoning.summary()).singleElement().satisfies(s -> assertThat(s.text()).isEqualTo("Look it up."));
      assertThat(reasoning.content().orElseThrow()).singleElement()
          .satisfies(c -> assertThat(c.text()).isEqualTo("The user wants Pisa's weather."));
      assertThat(out.get(1).asWebSearchCall().id()).startsWith("ws_");
      assertThat(out.get(2).asFileSearchCall().results().orElseThrow()).hasSize(1);
      assertThat(out.get(3).asCodeInterpreterCall().code()).contains("print(24)");
      assertThat(out.get(4).asMcpListTools().tools()).singleElement()
          .satisfies(t -> assertThat(t.name()).isEqualTo("forecast"));
      assertThat(out.get(5).asMcpCall().output()).contains("sunny, 24C");
      assertThat(out.get(6).asMcpCall().error()).isPresent(); // its status: see WireFormatTest
      assertThat(outputText(r)).isEqualTo("Sunny.");
    }
    assertThat(types).contains("response.reasoning_summary_text.delta", "response.reasoning_text.done",
        "response.web_search_call.searching", "response.code_interpreter_call_code.done",
        "response.mcp_list_tools.completed", "response.mcp_call_arguments.done", "response.mcp_call.completed",
        "response.mcp_call.failed");
  }

  @Test
  void audioAndImageTokenDetailsAreReadByTheSdk() { // image_tokens itself: see WireFormatTest
    fake.enqueue(Reply.text("Hello.").usage(30, 12).audioTokens(20, 8).imageTokens(5));

    ChatCompletion completion = client.chat().completions().create(chat("Hi?").build());

    var usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokensDetails().orElseThrow().audioTokens()).contains(20L);
    assertThat(usage.completionTokensDetails().orElseThrow().audioTokens()).contains(8L);
  }

  @Test
  void embeddingsComeBackAsTheDefaultBase64AndAsFloats() {
    EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder()
        .model(EmbeddingModel.TEXT_EMBEDDING_3_SMALL).inputOfArrayOfStrings(List.of("Galileo in Pisa", "pendulums"));

    CreateEmbeddingResponse base64 = client.embeddings().create(params.build());
    CreateEmbeddingResponse floats = client.embeddings().create(
        params.encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());

    assertThat(fake.requests(Endpoint.EMBEDDINGS).get(0).json().path("encoding_format").asText()).isEqualTo("base64");
    assertThat(base64.data()).hasSize(2);
    assertThat(base64.data().get(0).embedding()).hasSize(FakeOpenAi.DEFAULT_EMBEDDING_DIMENSIONS);
    assertThat(base64.data().get(0).embedding()).isEqualTo(floats.data().get(0).embedding());
    assertThat(base64.data().get(1).index()).isEqualTo(1);
    assertThat(floats.usage().promptTokens()).isEqualTo(4);
  }

  @Test
  void aRateLimitIsRetriedAfterTheTimeTheServerAsks() {
    fake.enqueue(Reply.rateLimited(Duration.ZERO));
    fake.enqueue(Reply.text("after the retry"));

    ChatCompletion completion = client.chat().completions().create(chat("Hello?").build());

    assertThat(completion.choices().get(0).message().content()).contains("after the retry");
    assertThat(fake.requests()).extracting(RecordedRequest::status).containsExactly(429, 200);
    assertThat(fake.requests().get(1).header("x-stainless-retry-count")).isEqualTo("1");
  }

  @Test
  void rateLimitsBeyondTheRetriesReachTheCallerWithOpenAisErrorBody() {
    fake.enqueue(Reply.rateLimited(Duration.ZERO), 3);

    assertThatThrownBy(() -> client.chat().completions().create(chat("Hello?").build()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(429);
          assertThat(e.code()).contains("rate_limit_exceeded");
          assertThat(e.type()).contains("requests");
          assertThat(e.headers().values("Retry-After")).containsExactly("0");
        });
    assertThat(fake.requests()).hasSize(3);
  }

  @Test
  void aServerErrorIsReportedWithOpenAisErrorBody() {
    fake.enqueue(Reply.serverError());
    OpenAIClient noRetries = client.withOptions(o -> o.maxRetries(0));

    assertThatThrownBy(() -> noRetries.responses().create(ResponseCreateParams.builder()
        .model(MODEL).input("Hello?").build()))
        .isInstanceOfSatisfying(InternalServerException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(500);
          assertThat(e.type()).contains("server_error");
        });
  }

  @Test
  void aWrongKeyIsRefusedWith401AndTheKeyIsNotEchoed() {
    OpenAIClient wrong = client("sk-wrong-key");
    try {
      assertThatThrownBy(() -> wrong.chat().completions().create(chat("Hello?").build()))
          .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(e.code()).contains("invalid_api_key");
            assertThat(e.getMessage()).doesNotContain("sk-wrong-key");
          });
    } finally {
      wrong.close();
    }
    assertThat(fake.lastRequest().status()).isEqualTo(401);
    assertThat(fake.lastRequest().body()).doesNotContain("sk-wrong-key");
    assertThat(fake.lastRequest().headers().toString()).doesNotContain("sk-wrong-key");
  }
}
