package ai.galileo.tracing.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageCustomToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseCustomToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseReasoningItem;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The readings of requests and answers, for shapes the fake server does not produce: failed and
 * refused answers, custom tool calls, items with no chat shape.
 */
class JsonReadingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void aFailedResponseRecordsTheErrorItCarriesAndNoSuccess() throws Exception {
    LlmResult r = Responses.result(json("{'id':'resp_1','model':'gpt-4.1','status':'failed','output':[],"
        + "'error':{'code':'server_error','message':'The model failed.'},'usage':null}"));

    assertThat(r.failed()).isTrue();
    assertThat(r.output()).isNull();
    assertThat(r.inputTokens()).isNull();
    assertThat(r.metadata()).containsEntry("finish_reason", "failed")
        .containsEntry("error.type", "response.failed").containsEntry("error.code", "server_error")
        .containsEntry("error.message", "The model failed.");
  }

  @Test
  void outputItemsWithNoChatShapeAreNamedAndARefusalIsTheText() throws Exception {
    LlmResult r = Responses.result(json("{'id':'resp_2','model':'o4-mini','status':'completed','output':["
        + "{'type':'reasoning','id':'rs_1','summary':[]},"
        + "{'type':'web_search_call','id':'ws_1','status':'completed'},"
        + "{'type':'message','role':'assistant','content':[{'type':'refusal','refusal':'I cannot help with that.'}]},"
        + "{'type':'custom_tool_call','call_id':'call_c','name':'sql','input':'SELECT 1'}],"
        + "'usage':{'input_tokens':7,'output_tokens':2,'total_tokens':9}}"));

    assertThat(r.output()).isEqualTo(new Message(Role.ASSISTANT, "I cannot help with that.", null,
        List.of(new ToolCall("call_c", "sql", "SELECT 1"))));
    assertThat(r.metadata()).containsEntry("refusal", "true")
        .containsEntry("other_output_items", "reasoning,web_search_call");
    assertThat(r.totalTokens()).isEqualTo(9L);
  }

  @Test
  void usageWithACountMissingRecordsOnlyWhatWasSent() throws Exception {
    LlmResult r = Responses.result(json("{'id':'resp_3','status':'completed','output':[],"
        + "'usage':{'input_tokens':7,'total_tokens':9}}"));

    assertThat(r.inputTokens()).isEqualTo(7L);
    assertThat(r.outputTokens()).isNull();
    assertThat(r.totalTokens()).isEqualTo(9L);
  }

  @Test
  void requestItemsWithNoChatShapeAreNamedAndCustomToolCallsAreToolCalls() {
    LlmRequest request = Responses.request(ResponseCreateParams.builder().model("o4-mini")
        .inputOfResponse(List.of(
            ResponseInputItem.ofReasoning(ResponseReasoningItem.builder().id("rs_1").summary(List.of()).build()),
            ResponseInputItem.ofCustomToolCall(ResponseCustomToolCall.builder()
                .callId("call_c").name("sql").input("SELECT 1").build()),
            ResponseInputItem.ofCustomToolCallOutput(com.openai.models.responses.ResponseCustomToolCallOutput.builder()
                .callId("call_c").output("1").build())))
        .previousResponseId("resp_0")
        .build(), true);

    assertThat(request.input()).isEqualTo(Content.messages(
        new Message(Role.ASSISTANT, "", null, List.of(new ToolCall("call_c", "sql", "SELECT 1"))),
        Message.tool("1", "call_c")));
    assertThat(request.metadata()).containsEntry("other_input_items", "reasoning")
        .containsEntry("previous_response_id", "resp_0").containsEntry("stream", "true");
    assertThat(request.name()).isEqualTo("responses o4-mini");
    assertThat(request.temperature()).isNull();
  }

  @Test
  void chatMessagesKeepDeveloperRolesRefusalsCustomCallsAndLegacyFunctionCalls() {
    LlmRequest request = ChatCompletions.request(ChatCompletionCreateParams.builder().model("gpt-4o")
        .addDeveloperMessage("Use SQL.")
        .addUserMessage("Count the rows.")
        .addMessage(ChatCompletionAssistantMessageParam.builder()
            .addToolCall(ChatCompletionMessageToolCall.ofCustom(ChatCompletionMessageCustomToolCall.builder()
                .id("call_c").custom(ChatCompletionMessageCustomToolCall.Custom.builder()
                    .name("sql").input("SELECT count(*) FROM t").build()).build()))
            .build())
        .addMessage(ChatCompletionAssistantMessageParam.builder().refusal("No.").build())
        .addMessage(ChatCompletionAssistantMessageParam.builder()
            .functionCall(ChatCompletionAssistantMessageParam.FunctionCall.builder()
                .name("lookup").arguments("{}").build()).build())
        .n(2)
        .build(), false);

    assertThat(request.input()).isEqualTo(Content.messages(
        Message.of(Role.DEVELOPER, "Use SQL."),
        Message.user("Count the rows."),
        new Message(Role.ASSISTANT, "", null, List.of(new ToolCall("call_c", "sql", "SELECT count(*) FROM t"))),
        Message.assistant("No."),
        new Message(Role.ASSISTANT, "", null, List.of(new ToolCall("", "lookup", "{}")))));
    assertThat(request.metadata()).containsEntry("n", "2").doesNotContainKey("stream");
  }

  @Test
  void aChatAnswerThatIsOnlyAudioIsItsTranscript() throws Exception {
    Message m = ChatCompletions.message(json("{'role':'assistant','content':null,'refusal':null,"
        + "'audio':{'id':'a1','data':'...','expires_at':0,'transcript':'Hello there.'}}"));

    assertThat(m).isEqualTo(Message.assistant("Hello there."));
  }
}
