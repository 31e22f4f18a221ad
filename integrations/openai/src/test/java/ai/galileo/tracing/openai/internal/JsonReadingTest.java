package ai.galileo.tracing.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.ToolDefinition;
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
    assertThat(r.finishReason()).isEqualTo("failed");
    assertThat(r.metadata()).containsEntry("error.type", "response.failed").containsEntry("error.code", "server_error")
        .containsEntry("error.message", "The model failed.");
  }

  @Test
  void outputItemsWithNoChatShapeNorEventAreNamedAndARefusalIsTheText() throws Exception {
    LlmResult r = Responses.result(json("{'id':'resp_2','model':'o4-mini','status':'completed','output':["
        + "{'type':'reasoning','id':'rs_1','summary':[]},"
        + "{'type':'web_search_call','id':'ws_1','status':'completed'},"
        + "{'type':'mcp_approval_request','id':'mcpr_1','server_label':'s','name':'t','arguments':'{}'},"
        + "{'type':'message','role':'assistant','content':[{'type':'refusal','refusal':'I cannot help with that.'}]},"
        + "{'type':'custom_tool_call','call_id':'call_c','name':'sql','input':'SELECT 1'}],"
        + "'usage':{'input_tokens':7,'output_tokens':2,'total_tokens':9}}"));

    assertThat(r.output()).isEqualTo(new Message(Role.ASSISTANT, "I cannot help with that.", null,
        List.of(new ToolCall("call_c", "sql", "SELECT 1"))));
    assertThat(r.metadata()).containsEntry("refusal", "true")
        .containsEntry("other_output_items", "mcp_approval_request");
    assertThat(r.events()).containsExactly(new LlmEvent.Reasoning("rs_1", null, null, null),
        new LlmEvent.InternalToolCall("ws_1", "web_search", null, null, LlmEvent.Status.COMPLETED));
    assertThat(r.finishReason()).isEqualTo("tool_calls");
    assertThat(r.totalTokens()).isEqualTo(9L);
  }

  @Test
  void reasoningHostedToolsAndMcpItemsAreEventsInTheirOrder() throws Exception {
    LlmResult r = Responses.result(json("{'id':'resp_4','status':'completed','output':["
        + "{'type':'reasoning','id':'rs_1','summary':[{'type':'summary_text','text':'Plan.'},"
        + "{'type':'summary_text','text':'Search.'}],'content':[{'type':'reasoning_text','text':'Think.'}]},"
        + "{'type':'file_search_call','id':'fs_1','status':'completed','queries':['pisa'],"
        + "'results':[{'file_id':'f1','text':'Pisa.'}]},"
        + "{'type':'code_interpreter_call','id':'ci_1','status':'completed','code':'1+1','container_id':'c',"
        + "'outputs':[{'type':'logs','logs':'2'}]},"
        + "{'type':'image_generation_call','id':'ig_1','status':'completed','result':'iVBORw0KGgo='},"
        + "{'type':'mcp_list_tools','id':'mcpl_1','server_label':'wiki','tools':[{'name':'ask',"
        + "'description':'Asks','input_schema':{'type':'object'},'annotations':null}],'error':null},"
        + "{'type':'mcp_call','id':'mcp_1','server_label':'wiki','name':'ask','arguments':'{\\'q\\':1}',"
        + "'output':'an answer','error':null,'status':'completed'},"
        + "{'type':'mcp_call','id':'mcp_2','server_label':'wiki','name':'ask','arguments':'{}','output':null,"
        + "'error':{'type':'mcp_tool_execution_error','content':[{'type':'text','text':'timed out'}]},"
        + "'status':'failed'},"
        + "{'type':'mcp_call','id':'mcp_3','name':'ask','error':'refused','status':'calling'},"
        + "{'type':'message','role':'assistant','content':[{'type':'output_text','text':'Done.'}]}]}"));

    assertThat(r.events()).containsExactly(
        new LlmEvent.Reasoning("rs_1", "Think.", "Plan.\n\nSearch.", null),
        new LlmEvent.InternalToolCall("fs_1", "file_search", "{\"queries\":[\"pisa\"]}",
            "{\"results\":[{\"file_id\":\"f1\",\"text\":\"Pisa.\"}]}", LlmEvent.Status.COMPLETED),
        new LlmEvent.InternalToolCall("ci_1", "code_interpreter", "{\"code\":\"1+1\",\"container_id\":\"c\"}",
            "{\"outputs\":[{\"type\":\"logs\",\"logs\":\"2\"}]}", LlmEvent.Status.COMPLETED),
        new LlmEvent.InternalToolCall("ig_1", "image_generation", null, "{\"result\":\"[image]\"}",
            LlmEvent.Status.COMPLETED),
        new LlmEvent.McpListTools("mcpl_1", "wiki", List.of(ToolDefinition.of("ask", "Asks", "{\"type\":\"object\"}")),
            null, null),
        new LlmEvent.McpCall("mcp_1", "wiki", "ask", "{\"q\":1}", "an answer", null, LlmEvent.Status.COMPLETED),
        new LlmEvent.McpCall("mcp_2", "wiki", "ask", "{}", null, "timed out", LlmEvent.Status.FAILED),
        new LlmEvent.McpCall("mcp_3", null, "ask", null, null, "refused", null));
    assertThat(r.output()).isEqualTo(Message.assistant("Done."));
    assertThat(r.metadata()).doesNotContainKey("other_output_items");
    assertThat(r.finishReason()).isEqualTo("stop");
  }

  @Test
  void theFinishReasonOfAResponseIsDerivedFromItsStatusInChatCompletionsWords() throws Exception {
    JsonNode none = json("[]");
    JsonNode shell = json("[{'type':'local_shell_call','call_id':'c1'}]");
    assertThat(Responses.finishReason("completed", null, none)).isEqualTo("stop");
    assertThat(Responses.finishReason("completed", null, shell)).isEqualTo("tool_calls");
    assertThat(Responses.finishReason("incomplete", "max_output_tokens", none)).isEqualTo("length");
    assertThat(Responses.finishReason("incomplete", "content_filter", none)).isEqualTo("content_filter");
    assertThat(Responses.finishReason("incomplete", "something_new", none)).isEqualTo("something_new");
    assertThat(Responses.finishReason("incomplete", null, none)).isEqualTo("incomplete");
    assertThat(Responses.finishReason("cancelled", null, none)).isEqualTo("cancelled");
    assertThat(Responses.finishReason("in_progress", null, none)).isNull();
    assertThat(Responses.finishReason(null, null, none)).isNull();
  }

  @Test
  void answersOfTheWrongShapeReadAsFarAsTheyGoAndNeverThrow() throws Exception {
    LlmResult r = Responses.result(json("{'id':7,'status':['x'],'output':{'type':'reasoning'},"
        + "'usage':{'input_tokens':'7','output_tokens':2.5,'input_tokens_details':'none',"
        + "'output_tokens_details':{'audio_tokens':'many'}}}"));
    assertThat(r.output()).isNull();
    assertThat(r.finishReason()).isNull();
    assertThat(r.inputTokens()).isNull();
    assertThat(r.modalityTokens().hasAudio()).isFalse();

    LlmResult items = Responses.result(json("{'status':'completed','output':[7,null,'text',"
        + "{'type':'reasoning','summary':'just text','content':{'text':'odd'}},"
        + "{'type':'mcp_list_tools','tools':{'name':'x'},'error':{'code':1}},"
        + "{'type':'mcp_list_tools','tools':[{'description':'no name'},3]},"
        + "{'type':'web_search_call','status':7,'action':'searched'}]}"));
    assertThat(items.events()).containsExactly(
        new LlmEvent.Reasoning(null, "odd", "just text", null),
        new LlmEvent.McpListTools(null, null, List.of(), "{\"code\":1}", null),
        new LlmEvent.McpListTools(null, null, List.of(), null, null),
        new LlmEvent.InternalToolCall(null, "web_search", "{\"action\":\"searched\"}", null, null));

    LlmResult chat = ChatCompletions.result(com.openai.models.chat.completions.ChatCompletion.builder()
        .id("c").created(0).model("m").choices(List.of()).build());
    assertThat(chat.finishReason()).isNull();
    assertThat(chat.output()).isNull();
  }

  @Test
  void toolsOfEveryShapeAreOfferedAndASchemaThatIsNotJsonIsKeptAsText() throws Exception {
    assertThat(Tools.offered(json("[{'type':'function','function':{'name':'a','description':'A',"
        + "'parameters':{'type':'object'}}},"
        + "{'type':'function','name':'b','parameters':'not json {'},"
        + "{'type':'function','function':{'description':'nameless','parameters':[1]}},"
        + "{'type':'custom','custom':{'name':'sql','description':'SQL','format':{'type':'text'}}},"
        + "{'type':'custom','name':'grep'},"
        + "{'type':'web_search'},{'type':'mcp','server_label':'wiki'},{'no_type':true},7,null]")))
        .containsExactly(
            ToolDefinition.of("a", "A", "{\"type\":\"object\"}"),
            ToolDefinition.of("b", null, "not json {"),
            ToolDefinition.of("function", "nameless", "[1]"),
            ToolDefinition.of("sql", "SQL", null),
            ToolDefinition.of("grep", null, null),
            ToolDefinition.of("web_search", null, null),
            ToolDefinition.of("mcp", null, null),
            ToolDefinition.of("unknown", null, null));
    assertThat(Tools.offered(json("{'type':'function'}"))).isEmpty();
    assertThat(Tools.offered(null)).isEmpty();
  }

  @Test
  void aCompatibleServersReasoningAndAudioAndImageTokensAreReadFromAChatAnswer() throws Exception {
    com.openai.models.chat.completions.ChatCompletion completion = com.openai.models.chat.completions.ChatCompletion
        .builder().id("c").created(0).model("deepseek-reasoner")
        .choices(List.of(com.openai.models.chat.completions.ChatCompletion.Choice.builder().index(0)
            .logprobs((com.openai.models.chat.completions.ChatCompletion.Choice.Logprobs) null)
            .finishReason(com.openai.models.chat.completions.ChatCompletion.Choice.FinishReason.LENGTH)
            .message(com.openai.models.chat.completions.ChatCompletionMessage.builder().content("42").refusal((String) null)
                .putAdditionalProperty("reasoning_content", com.openai.core.JsonValue.from("Six times seven."))
                .build())
            .build()))
        .usage(com.openai.models.completions.CompletionUsage.builder().promptTokens(10).completionTokens(3)
            .totalTokens(13)
            .promptTokensDetails(com.openai.models.completions.CompletionUsage.PromptTokensDetails.builder()
                .audioTokens(0).putAdditionalProperty("image_tokens", com.openai.core.JsonValue.from(6)).build())
            .completionTokensDetails(com.openai.models.completions.CompletionUsage.CompletionTokensDetails.builder()
                .audioTokens(0).build())
            .build())
        .build();

    LlmResult r = ChatCompletions.result(completion);

    assertThat(r.finishReason()).isEqualTo("length");
    assertThat(r.events()).containsExactly(LlmEvent.Reasoning.of("Six times seven."));
    assertThat(r.modalityTokens()).isEqualTo(new ModalityTokens(6L, null, 0L, 0L));
    assertThat(r.modalityTokens().hasImage()).isTrue();
    assertThat(r.modalityTokens().hasAudio()).isFalse();
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
