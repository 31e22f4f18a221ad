package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What an LLM span carries besides messages and tokens: the finish reason in the provider's words
 * (unknown ones passing through), the tools offered as JSON Schema, and the model's reasoning.
 */
class LlmFieldsTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final GalileoLangChain4j galileo = GalileoLangChain4j.create();
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpanData llmSpan() {
    List<SpanData> llm = tracing.spans().stream().filter(s -> s.type() == SpanType.LLM).toList();
    assertThat(llm).hasSize(1);
    return llm.get(0);
  }

  private String finishReasonOf(ChatResponseMetadata metadata) {
    ChatModel model = StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("ok"))
        .metadata(metadata).build(), galileo.chatModelListener());
    model.chat("hi");
    return llmSpan().llm().finishReason();
  }

  @ParameterizedTest
  @CsvSource({"STOP,stop", "LENGTH,length", "TOOL_EXECUTION,tool_calls", "CONTENT_FILTER,content_filter",
      "OTHER,other"})
  void langChain4jsFinishReasonsBecomeTheProvidersWords(FinishReason reason, String expected) {
    assertThat(finishReasonOf(ChatResponseMetadata.builder().finishReason(reason).build())).isEqualTo(expected);
    assertThat(llmSpan().metadata()).doesNotContainKey("finish_reason");
  }

  @Test
  void aFinishReasonLangChain4jDoesNotKnowPassesThroughFromTheProvidersAnswer() {
    // LangChain4j's OpenAI client maps only four values, and gives no reason for any other.
    String body = "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"ok\"},\"finish_reason\" : \"insufficient_system_resource\"}]}";
    ChatResponseMetadata metadata = OpenAiChatResponseMetadata.builder()
        .rawHttpResponse(SuccessfulHttpResponse.builder().statusCode(200).body(body).build()).build();

    assertThat(finishReasonOf(metadata)).isEqualTo("insufficient_system_resource");
  }

  @Test
  void aStreamedFinishReasonLangChain4jDoesNotKnowIsReadFromTheLastEventsOfTheStream() {
    ChatResponseMetadata metadata = OpenAiChatResponseMetadata.builder()
        .finishReason(FinishReason.OTHER)
        .rawServerSentEvents(List.of(
            new ServerSentEvent(null, "{\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":null}]}"),
            new ServerSentEvent(null, "{\"choices\":[{\"delta\":{},\"finish_reason\":\"pause_turn\\u0021\"}]}"),
            new ServerSentEvent(null, "[DONE]")))
        .build();

    assertThat(finishReasonOf(metadata)).isEqualTo("pause_turn!");
  }

  /** A provider's metadata whose raw answer cannot be read: the enum's name stands. */
  public static final class HostileMetadata extends ChatResponseMetadata {
    HostileMetadata() {
      super(ChatResponseMetadata.builder().finishReason(FinishReason.OTHER));
    }

    public Object rawHttpResponse() {
      throw new IllegalStateException("no raw answer kept");
    }
  }

  @Test
  void aRawAnswerThatCannotBeReadLeavesTheFinishReasonAsLangChain4jGaveIt() {
    assertThat(finishReasonOf(new HostileMetadata())).isEqualTo("other");
  }

  @Test
  void noFinishReasonAndNoRawAnswerRecordsNone() {
    assertThat(finishReasonOf(ChatResponseMetadata.builder().build())).isNull();
  }

  @Test
  void theModelsThinkingIsAReasoningEventOfItsLlmSpan() {
    ChatModel model = StubModels.chat(r -> ChatResponse.builder()
            .aiMessage(AiMessage.builder().text("Jupiter has four large moons.")
                .thinking("He saw four points of light move with Jupiter night after night.").build())
            .finishReason(FinishReason.STOP).build(),
        galileo.chatModelListener());

    model.chat(UserMessage.from("What did Galileo see near Jupiter?"));

    SpanData llm = llmSpan();
    assertThat(llm.llm().events()).containsExactly(
        LlmEvent.Reasoning.of("He saw four points of light move with Jupiter night after night."));
    assertThat(llm.output().asText()).isEqualTo("Jupiter has four large moons.");
  }

  @Test
  void anAnswerWithoutThinkingHasNoEvents() {
    ChatModel model = StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).build(),
        galileo.chatModelListener());
    model.chat("hi");
    assertThat(llmSpan().llm().events()).isEmpty();
  }

  enum Instrument { TELESCOPE, PENDULUM }

  record Observation(String body, int night, List<String> notes) {}

  static final class Notebook {
    @Tool("Records an observation")
    String record(
        @P(name = "observation", description = "what was seen") Observation observation,
        @P(name = "instrument") Instrument instrument,
        @P(name = "tags", description = "labels") List<String> tags,
        @P(name = "magnification", required = false) Integer magnification,
        @P(name = "confirmed") boolean confirmed,
        @P(name = "weight") double weight) {
      return "ok";
    }
  }

  @Test
  void theToolsOfferedAreWrittenAsTheJsonSchemaLangChain4jSendsProviders() throws Exception {
    ToolSpecification spec = ToolSpecifications.toolSpecificationsFrom(Notebook.class).get(0);
    ChatModel model = StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).build());
    AiServices.builder(LlmFieldsTest.Assistant.class).chatModel(model).tools(new Notebook()).build().chat("note it");

    ToolDefinition offered = llmSpan().llm().tools().get(0);
    assertThat(offered.name()).isEqualTo("record");
    assertThat(offered.description()).isEqualTo("Records an observation");
    // The same JSON Schema as LangChain4j's own rendering of the element model, key for key.
    assertThat(JSON.readValue(offered.parametersJson(), Map.class))
        .isEqualTo(JSON.readValue(JSON.writeValueAsString(JsonSchemaElementJsonUtils.toMap(spec.parameters())), Map.class));
    assertThat(offered.parametersJson()).contains("\"enum\":[\"TELESCOPE\",\"PENDULUM\"]");
  }

  interface Assistant {
    String chat(String question);
  }

  @Test
  void toolsWithoutParametersOrWithRawSchemasAndHostileTextStayValidJson() throws Exception {
    ToolSpecification none = ToolSpecification.builder().name("now").build();
    ToolSpecification raw = ToolSpecification.builder().name("raw").description("quotes \" and \n lines")
        .parameters(JsonObjectSchema.builder()
            .addProperty("shape", JsonRawSchema.from("{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"}"))
            .addStringProperty("odd \u0001 name", "tab\there")
            .build())
        .build();
    ChatModel model = StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).build(),
        galileo.chatModelListener());

    model.chat(ChatRequest.builder().messages(UserMessage.from("hi")).toolSpecifications(none, raw).build());

    List<ToolDefinition> tools = llmSpan().llm().tools();
    assertThat(tools).extracting(ToolDefinition::name).containsExactly("now", "raw");
    assertThat(tools.get(0).parametersJson()).isNull();
    assertThat(tools.get(1).description()).isEqualTo("quotes \" and \n lines");
    com.fasterxml.jackson.databind.JsonNode parsed = JSON.readTree(tools.get(1).parametersJson());
    assertThat(parsed.path("properties").path("shape").path("pattern").asText()).isEqualTo("^[a-z]+$");
    assertThat(parsed.path("properties").path("odd \u0001 name").path("description").asText()).isEqualTo("tab\there");
  }

  @Test
  void aSchemaNestedBeyondTheDepthLimitIsCutNotOverflowed() throws Exception {
    JsonObjectSchema deep = JsonObjectSchema.builder().addStringProperty("leaf").build();
    for (int i = 0; i < 200; i++) {
      deep = JsonObjectSchema.builder().addProperty("level" + i, deep).build();
    }
    ChatModel model = StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).build(),
        galileo.chatModelListener());

    model.chat(ChatRequest.builder().messages(UserMessage.from("hi"))
        .toolSpecifications(ToolSpecification.builder().name("deep").parameters(deep).build()).build());

    String json = llmSpan().llm().tools().get(0).parametersJson();
    assertThat(JSON.readTree(json).isObject()).isTrue(); // valid, with the innermost levels cut
    assertThat(json).doesNotContain("leaf");
  }
}
