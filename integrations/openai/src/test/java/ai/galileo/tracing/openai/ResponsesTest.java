package ai.galileo.tracing.openai;

import static ai.galileo.tracing.openai.Fakes.llmSpan;
import static ai.galileo.tracing.openai.Fakes.llmSpans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.OutputItem;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.Tool;
import com.openai.models.responses.WebSearchTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code client.responses().create(...)} and {@code createStreaming(...)}, blocking. */
class ResponsesTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private static final FunctionTool WEATHER = FunctionTool.builder().name("get_weather").strict(false)
      .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
      .build();

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

  private static ResponseCreateParams.Builder ask(String question) {
    return ResponseCreateParams.builder().model("gpt-4.1-mini").instructions("Answer briefly.")
        .temperature(0.7).input(question);
  }

  @Test
  void aResponseIsOneLlmSpanWithInstructionsInputOutputModelAndUsage() {
    openAi.enqueue(Reply.text("Padua and Pisa.").usage(11, 3));
    Span trace = tracing.tracer().traceBuilder("ask").start();
    Response response;
    try (Scope scope = trace.makeCurrent()) {
      response = client.responses().create(ask("Where did Galileo work?").maxOutputTokens(64L).build());
    } finally {
      trace.end();
    }

    SpanData llm = llmSpan(tracing);
    assertThat(llm.name()).isEqualTo("responses gpt-4.1-mini");
    assertThat(llm.parentId()).isEqualTo(trace.context().spanId());
    assertThat(llm.input()).isEqualTo(Content.messages(
        Message.system("Answer briefly."), Message.user("Where did Galileo work?")));
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Padua and Pisa.")));
    assertThat(llm.llm().model()).isEqualTo("gpt-4.1-mini"); // as answered: the fake echoes the request
    assertThat(llm.llm().temperature()).isEqualTo(0.7);
    assertThat(llm.llm().inputTokens()).isEqualTo(11L);
    assertThat(llm.llm().outputTokens()).isEqualTo(3L);
    assertThat(llm.llm().totalTokens()).isEqualTo(14L);
    assertThat(llm.metadata())
        .containsEntry("api", "responses")
        .containsEntry("response_id", response.id())
        .containsEntry("max_output_tokens", "64")
        .doesNotContainKeys("stream", "incomplete_reason", "error.type", "finish_reason");
    assertThat(llm.llm().finishReason()).isEqualTo("stop");
    assertThat(llm.statusCode()).isEqualTo(200);
  }

  @Test
  void aFunctionCallAndItsOutputSentBackReadAsToolCallsAndAToolMessage() {
    openAi.enqueue(Reply.toolCalls(ai.galileo.tracing.testing.openai.ToolCall.of("call_9", "get_weather", "{\"city\":\"Pisa\"}")),
        Reply.text("Sunny in Pisa."));

    Response first = client.responses().create(ask("Weather in Pisa?").addTool(WEATHER).build());
    ResponseFunctionToolCall call = first.output().get(0).asFunctionCall();
    client.responses().create(ask("ignored").addTool(WEATHER).inputOfResponse(List.of(
        ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
            .role(EasyInputMessage.Role.USER).content("Weather in Pisa?").build()),
        ResponseInputItem.ofFunctionCall(call),
        ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
            .callId(call.callId()).output("sunny, 24C").build())))
        .build());

    List<SpanData> llm = llmSpans(tracing);
    ToolCall expected = new ToolCall("call_9", "get_weather", "{\"city\":\"Pisa\"}");
    assertThat(llm.get(0).output()).isEqualTo(Content.message(new Message(Role.ASSISTANT, "", null, List.of(expected))));
    assertThat(llm).allSatisfy(s -> assertThat(s.llm().tools())
        .containsExactly(ToolDefinition.of("get_weather", null, "{\"type\":\"object\"}")));
    assertThat(llm.get(0).llm().finishReason()).as("a completed response that asks for a function").isEqualTo("tool_calls");
    assertThat(llm.get(1).llm().finishReason()).isEqualTo("stop");
    assertThat(llm.get(1).input()).isEqualTo(Content.messages(
        Message.system("Answer briefly."), Message.user("Weather in Pisa?"),
        new Message(Role.ASSISTANT, "", null, List.of(expected)),
        Message.tool("sunny, 24C", "call_9")));
    assertThat(llm.get(1).output()).isEqualTo(Content.message(Message.assistant("Sunny in Pisa.")));
  }

  @Test
  void aResponseCutShortIsIncompleteWithItsReason() {
    openAi.enqueue(Reply.text("Galileo studied").finishReason("length"));

    client.responses().create(ask("Tell me everything about Galileo.").build());

    assertThat(llmSpan(tracing).metadata()).containsEntry("incomplete_reason", "max_output_tokens");
    assertThat(llmSpan(tracing).llm().finishReason()).isEqualTo("length");
    assertThat(llmSpan(tracing).statusCode()).isEqualTo(200);
  }

  @Test
  void aProviderThatSendsNoUsageGetsNoTokenCounts() {
    openAi.enqueue(Reply.text("ok").noUsage());

    client.responses().create(ask("hi").build());

    SpanData llm = llmSpan(tracing);
    assertThat(llm.llm().inputTokens()).isNull();
    assertThat(llm.llm().outputTokens()).isNull();
    assertThat(llm.llm().totalTokens()).isNull();
  }

  @Test
  void a429And500EndTheirSpansWithTheStatus() {
    openAi.enqueue(Reply.rateLimited(Duration.ofSeconds(2)), Reply.serverError());

    assertThatThrownBy(() -> client.responses().create(ask("one").build())).isInstanceOf(RateLimitException.class);
    assertThatThrownBy(() -> client.responses().create(ask("two").build())).isInstanceOf(InternalServerException.class);

    List<SpanData> llm = llmSpans(tracing);
    assertThat(llm).extracting(SpanData::statusCode).containsExactly(429, 500);
    assertThat(llm.get(0).metadata()).containsEntry("error.code", "rate_limit_exceeded")
        .containsEntry("error.type", RateLimitException.class.getName());
    assertThat(llm.get(1).metadata()).containsEntry("error.type", InternalServerException.class.getName());
  }

  @Test
  void aStreamedResponsePassesEveryEventThroughAndRecordsTheCompletedResponse() {
    openAi.enqueue(Reply.text("Padua and Pisa.").usage(11, 3), 2);
    List<ResponseStreamEvent> direct = read(raw, ask("Where did Galileo work?").build());

    Span trace = tracing.tracer().traceBuilder("ask").start();
    List<ResponseStreamEvent> traced;
    try (Scope scope = trace.makeCurrent()) {
      traced = read(client, ask("Where did Galileo work?").build());
    } finally {
      trace.end();
    }

    assertThat(traced).extracting(ResponseStreamEvent::isOutputTextDelta)
        .containsExactlyElementsOf(direct.stream().map(ResponseStreamEvent::isOutputTextDelta).toList());
    assertThat(traced).hasSize(11);
    Response completed = traced.get(traced.size() - 1).asCompleted().response();

    SpanData llm = llmSpan(tracing);
    assertThat(llm.parentId()).isEqualTo(trace.context().spanId());
    assertThat(llm.input()).isEqualTo(Content.messages(
        Message.system("Answer briefly."), Message.user("Where did Galileo work?")));
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Padua and Pisa.")));
    assertThat(llm.llm().model()).isEqualTo("gpt-4.1-mini");
    assertThat(llm.llm().inputTokens()).isEqualTo(11L);
    assertThat(llm.llm().outputTokens()).isEqualTo(3L);
    assertThat(llm.llm().timeToFirstTokenNanos()).isPositive().isLessThanOrEqualTo(llm.durationNanos());
    assertThat(llm.metadata()).containsEntry("stream", "true").containsEntry("response_id", completed.id());
    assertThat(llm.llm().finishReason()).isEqualTo("stop");
  }

  @Test
  void aStreamedFunctionCallIsRecordedAsAToolCall() {
    openAi.enqueue(Reply.toolCall("get_weather", "{\"city\":\"Pisa\"}").noUsage());

    read(client, ask("Weather in Pisa?").addTool(WEATHER).build());

    SpanData llm = llmSpan(tracing);
    Message out = ((Content.SingleMessage) llm.output()).message();
    assertThat(out.toolCalls()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("get_weather");
      assertThat(c.arguments()).isEqualTo("{\"city\":\"Pisa\"}");
      assertThat(c.id()).startsWith("call_");
    });
    assertThat(llm.llm().inputTokens()).isNull();
    assertThat(llm.llm().timeToFirstTokenNanos()).isPositive();
  }

  @Test
  void aStreamedResponseClosedEarlyKeepsTheTextThatHadArrived() {
    openAi.enqueue(Reply.text("one two three four"));

    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ask("Count").build())) {
      assertThat(stream.stream().limit(6)).hasSize(6); // created, in_progress, item, part, "one", " two"
    }

    SpanData llm = llmSpan(tracing);
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("one two")));
    assertThat(llm.llm().model()).isEqualTo("gpt-4.1-mini");
    assertThat(llm.metadata()).containsEntry("stream_closed_early", "true").containsKey("response_id");
    assertThat(llm.llm().finishReason()).isNull();
  }

  @Test
  void aStreamed500EndsTheSpanWithTheStatus() {
    openAi.enqueue(Reply.serverError());

    assertThatThrownBy(() -> client.responses().createStreaming(ask("hi").build()).close())
        .isInstanceOf(InternalServerException.class);

    assertThat(llmSpan(tracing).statusCode()).isEqualTo(500);
  }

  private static final Reply AGENTIC = Reply.text("Sunny in Pisa.").usage(40, 6).withItems(
      OutputItem.reasoning("The user wants the weather; search, then ask the weather server.", null),
      OutputItem.webSearch("weather Pisa today"),
      OutputItem.mcpListTools("weather", new OutputItem.McpTool("forecast", "Tomorrow's forecast",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")),
      // A failed MCP call's error object is read in JsonReadingTest: openai-java 4.0's response
      // validation, which these tests turn on, still expects the string of older API versions.
      OutputItem.mcpCall("weather", "forecast", "{\"city\":\"Pisa\"}", "sunny, 24C"));

  private static ResponseCreateParams agentic() {
    return ask("Weather in Pisa?").addTool(WEATHER)
        .addTool(WebSearchTool.builder().type(WebSearchTool.Type.WEB_SEARCH).build())
        .addTool(Tool.Mcp.builder().serverLabel("weather").serverUrl("https://mcp.example/weather").build())
        .build();
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** What the fake's AGENTIC reply becomes on the span, whole or streamed. */
  private static void assertAgenticEvents(SpanData llm) {
    List<LlmEvent> events = llm.llm().events();
    assertThat(events).hasSize(4);
    assertThat(events.get(0)).isInstanceOfSatisfying(LlmEvent.Reasoning.class, r -> {
      assertThat(r.id()).startsWith("rs_");
      assertThat(r.summary()).isEqualTo("The user wants the weather; search, then ask the weather server.");
      assertThat(r.content()).isNull();
    });
    assertThat(events.get(1)).isInstanceOfSatisfying(LlmEvent.InternalToolCall.class, w -> {
      assertThat(w.id()).startsWith("ws_");
      assertThat(w.name()).isEqualTo("web_search");
      // As JSON: the SDK's versions write the action's fields in different orders.
      assertThat(json(w.inputJson())).isEqualTo(json("{\"action\":{\"type\":\"search\",\"query\":\"weather Pisa today\"}}"));
      assertThat(w.status()).isEqualTo(LlmEvent.Status.COMPLETED);
    });
    assertThat(events.get(2)).isInstanceOfSatisfying(LlmEvent.McpListTools.class, l -> {
      assertThat(l.serverName()).isEqualTo("weather");
      assertThat(l.tools()).singleElement().satisfies(t -> {
        assertThat(t.name()).isEqualTo("forecast");
        assertThat(t.description()).isEqualTo("Tomorrow's forecast");
        assertThat(json(t.parametersJson()))
            .isEqualTo(json("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"));
      });
      assertThat(l.errorMessage()).isNull();
    });
    assertThat(events.get(3)).isInstanceOfSatisfying(LlmEvent.McpCall.class, c -> {
      assertThat(c.id()).startsWith("mcp_");
      assertThat(c).extracting(LlmEvent.McpCall::serverName, LlmEvent.McpCall::toolName,
          LlmEvent.McpCall::argumentsJson, LlmEvent.McpCall::resultJson, LlmEvent.McpCall::errorMessage,
          LlmEvent.McpCall::status)
          // The MCP server's text result, held as the JSON string the core makes of text that is not JSON.
          .containsExactly("weather", "forecast", "{\"city\":\"Pisa\"}", "\"sunny, 24C\"", null,
              LlmEvent.Status.COMPLETED);
    });
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Sunny in Pisa.")));
    assertThat(llm.llm().tools()).containsExactly(ToolDefinition.of("get_weather", null, "{\"type\":\"object\"}"),
        ToolDefinition.of("web_search", null, null), ToolDefinition.of("mcp", null, null));
    assertThat(llm.llm().finishReason()).isEqualTo("stop");
    assertThat(llm.metadata()).doesNotContainKeys("other_output_items", "tools", "finish_reason");
  }

  @Test
  void reasoningHostedToolsAndMcpItemsOfAResponseAreTheSpansEventsAndItsToolsTheOnesOffered() {
    openAi.enqueue(AGENTIC);

    client.responses().create(agentic());

    assertThat(openAi.lastRequest().toolNames()).containsExactly("get_weather", "web_search", "mcp");
    assertAgenticEvents(llmSpan(tracing));
  }

  @Test
  void aStreamedResponsesEventsAreTheSameAsAWholeOnesAndItsReasoningMarksTheFirstToken() {
    openAi.enqueue(AGENTIC);

    List<ResponseStreamEvent> events = read(client, agentic());

    assertThat(events.get(events.size() - 1).isCompleted()).isTrue();
    SpanData llm = llmSpan(tracing);
    assertAgenticEvents(llm);
    assertThat(llm.llm().timeToFirstTokenNanos()).isPositive();
  }

  @Test
  void aStreamedResponseClosedEarlyKeepsTheEventsThatHadFinished() {
    openAi.enqueue(AGENTIC);

    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(agentic())) {
      // Up to the web search's output_item.done: the reasoning and the search have finished.
      assertThat(stream.stream().takeWhile(e -> !e.isMcpListToolsInProgress())).isNotEmpty();
    }

    SpanData llm = llmSpan(tracing);
    assertThat(llm.llm().events()).hasSize(2).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("Reasoning", "InternalToolCall");
    assertThat(llm.llm().finishReason()).isNull();
    assertThat(llm.metadata()).containsEntry("stream_closed_early", "true");
  }

  private static List<ResponseStreamEvent> read(OpenAIClient client, ResponseCreateParams params) {
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
      stream.stream().forEach(events::add);
    }
    return events;
  }
}
