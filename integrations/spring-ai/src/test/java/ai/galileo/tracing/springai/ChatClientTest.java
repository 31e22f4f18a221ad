package ai.galileo.tracing.springai;

import static ai.galileo.tracing.springai.SpringAiApp.SPRING_AI_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.tool.annotation.Tool;

/**
 * The real OpenAI chat model and ChatClient, set up by Spring Boot and answered by the fake OpenAI
 * server on loopback, with galileo-spring-ai found on the class path.
 */
class ChatClientTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private static FakeOpenAi openAi;
  private static SpringAiApp app;

  @BeforeAll
  static void start() {
    openAi = FakeOpenAi.start();
    app = SpringAiApp.start(openAi);
  }

  @AfterAll
  static void stop() {
    app.close();
    openAi.close();
  }

  @BeforeEach
  void reset() {
    openAi.reset();
  }

  static final class Archive {
    @Tool(description = "Tells where a person worked")
    String workplace(String person) {
      return person + " worked in Padua";
    }
  }

  private Spans ask(String question, Object tools) {
    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      String answer = app.chatClient().prompt().system("Be brief.").user(question).tools(tools).call().content();
      trace.setOutput(answer);
    } finally {
      trace.end();
    }
    return new Spans(tracing.assertSingleTrace());
  }

  @Test
  void aChatClientCallWithAToolIsAWorkflowWithTwoLlmCallsAndTheToolUnderIt() {
    openAi.enqueue(
        Reply.toolCalls(ai.galileo.tracing.testing.openai.ToolCall.of("call_1", "workplace", "{\"person\":\"Galileo\"}"))
            .usage(20, 7),
        Reply.text("Galileo worked in Padua.").usage(31, 6));

    Spans spans = ask("Where did Galileo work?", new Archive());

    SpanData trace = spans.named("ask");
    assertThat(trace.output()).isEqualTo(Content.text("Galileo worked in Padua."));
    SpanData client = spans.named("ChatClient.call");
    assertThat(client.type()).isEqualTo(SpanType.WORKFLOW);
    assertThat(client.parentId()).isEqualTo(trace.spanId());
    Content question = Content.messages(Message.system("Be brief."), Message.user("Where did Galileo work?"));
    assertThat(client.input()).isEqualTo(question);
    assertThat(client.output()).isEqualTo(Content.text("Galileo worked in Padua."));
    assertThat(client.metadata()).containsEntry("stream", "false");
    assertThat(client.metadata().get("advisors")).endsWith("call");

    ToolCall call = new ToolCall("call_1", "workplace", "{\"person\":\"Galileo\"}");
    Message askedForTool = new Message(Role.ASSISTANT, "", null, List.of(call));
    // Spring AI hands the model the tool's result as JSON.
    String result = "\"Galileo worked in Padua\"";

    List<SpanData> llm = spans.ofType(SpanType.LLM);
    assertThat(llm).hasSize(2).allSatisfy(s -> {
      assertThat(s.name()).isEqualTo("chat gpt-4o-mini");
      assertThat(s.llm().model()).isEqualTo("gpt-4o-mini");
      assertThat(s.llm().temperature()).isEqualTo(0.2);
      assertThat(s.statusCode()).isEqualTo(200);
      assertThat(s.metadata()).containsEntry("provider", "openai").doesNotContainKeys("tools", "finish_reason");
      assertThat(s.llm().tools()).singleElement().satisfies(t -> {
        assertThat(t.name()).isEqualTo("workplace");
        assertThat(t.description()).isEqualTo("Tells where a person worked");
        assertThat(t.parametersJson()).contains("\"person\"");
      });
      assertThat(s.metadata().get("response_id")).startsWith("chatcmpl-");
      assertThat(spans.ancestry(s)).contains("ChatClient.call", "ask");
      assertThat(spans.parent(s).name()).isEqualTo("advisor call");
    });
    SpanData first = llm.get(0);
    assertThat(first.input()).isEqualTo(question);
    assertThat(first.output()).isEqualTo(Content.message(askedForTool));
    assertThat(first.llm().finishReason()).isEqualTo("tool_calls");
    assertThat(first.llm().inputTokens()).isEqualTo(20L);
    assertThat(first.llm().outputTokens()).isEqualTo(7L);
    assertThat(first.llm().totalTokens()).isEqualTo(27L);
    SpanData second = llm.get(1);
    assertThat(second.input()).isEqualTo(Content.messages(Message.system("Be brief."),
        Message.user("Where did Galileo work?"), askedForTool, Message.tool(result, "call_1")));
    assertThat(second.output()).isEqualTo(Content.message(Message.assistant("Galileo worked in Padua.")));
    assertThat(second.llm().finishReason()).isEqualTo("stop");
    // Each call's own counts, although Spring AI 1.x reports the loop's running sum.
    assertThat(second.llm().inputTokens()).isEqualTo(31L);
    assertThat(second.llm().outputTokens()).isEqualTo(6L);
    assertThat(second.llm().totalTokens()).isEqualTo(37L);

    SpanData tool = spans.only(SpanType.TOOL);
    assertThat(tool.name()).isEqualTo("workplace");
    assertThat(tool.input()).isEqualTo(Content.text("{\"person\":\"Galileo\"}"));
    assertThat(tool.output()).isEqualTo(Content.text(result));
    assertThat(tool.startEpochNanos()).isBetween(first.startEpochNanos(), second.startEpochNanos());
    assertThat(spans.ancestry(tool)).contains("ChatClient.call", "ask");
    // Reported by Spring AI 2.0; on 1.1 that of the call in the answer the tool executes.
    assertThat(tool.toolCallId()).isEqualTo("call_1");
    assertThat(tool.metadata()).doesNotContainKey("tool_call_id");
    if (SPRING_AI_2) {
      // The ChatClient's tool calling advisor runs the loop; each model call goes through "call".
      assertThat(spans.ancestry(tool)).containsExactly("advisor Tool Calling Advisor", "ChatClient.call", "ask");
      assertThat(spans.ancestry(first))
          .containsExactly("advisor call", "advisor Tool Calling Advisor", "ChatClient.call", "ask");
      assertThat(spans.parent(first)).isNotEqualTo(spans.parent(second));
    } else {
      // The model runs the loop itself, inside the one "call" advisor.
      assertThat(spans.ancestry(tool)).containsExactly("advisor call", "ChatClient.call", "ask");
      assertThat(spans.ancestry(first)).containsExactly("advisor call", "ChatClient.call", "ask");
      assertThat(spans.parent(first)).isEqualTo(spans.parent(second));
    }
    SpanData callAdvisor = spans.parent(second);
    assertThat(callAdvisor.type()).isEqualTo(SpanType.WORKFLOW);
    assertThat(callAdvisor.output()).isEqualTo(Content.text("Galileo worked in Padua."));
    assertThat(callAdvisor.metadata()).containsEntry("advisor_order", Integer.toString(Integer.MAX_VALUE));
  }

  static final class Library {
    private final org.springframework.ai.vectorstore.VectorStore store;

    Library(org.springframework.ai.vectorstore.VectorStore store) {
      this.store = store;
    }

    @Tool(description = "Searches the library")
    String search(String query) {
      // The application's own span: it nests under the tool's span, and the search under it.
      Span lookup = Galileo.tracer().spanBuilder("look up the library", SpanType.WORKFLOW).setInput(query).start();
      try (Scope scope = lookup.makeCurrent()) {
        String found = store.similaritySearch(org.springframework.ai.vectorstore.SearchRequest.builder()
            .query(query).topK(1).build()).get(0).getText();
        lookup.setOutput(found);
        return found;
      } finally {
        lookup.end();
      }
    }
  }

  @Test
  void whatAToolDoesNestsUnderItsSpanTheApplicationsSpansAndARetrievalWithItsEmbedding() {
    var store = app.vectorStore();
    store.add(List.of(new org.springframework.ai.document.Document("Galileo studied the pendulum.")));
    tracing.exporter().reset();
    openAi.enqueue(
        Reply.toolCall("search", "{\"query\":\"pendulum\"}"),
        Reply.text("He studied the pendulum."));

    Spans spans = ask("What did Galileo study?", new Library(store));

    SpanData tool = spans.only(SpanType.TOOL);
    SpanData lookup = spans.named("look up the library");
    assertThat(lookup.parentId()).isEqualTo(tool.spanId());
    SpanData retrieve = spans.only(SpanType.RETRIEVER);
    assertThat(retrieve.parentId()).isEqualTo(lookup.spanId());
    SpanData embedding = spans.named("embedding text-embedding-3-small");
    assertThat(embedding.parentId()).isEqualTo(retrieve.spanId());
    assertThat(tool.output().asText()).contains("Galileo studied the pendulum.");
  }

  @Test
  void aStreamedChatClientCallIsAWorkflowWithItsLlmCallUnderItWhateverThreadsReactorUses() {
    openAi.enqueue(Reply.text("He studied the pendulum and the moons of Jupiter.").usage(12, 9));
    Span trace = tracing.tracer().traceBuilder("ask").start();
    List<String> parts;
    try (Scope scope = trace.makeCurrent()) {
      parts = app.chatClient().prompt().user("What did Galileo study?").stream().content().collectList()
          .block(Duration.ofSeconds(10));
    } finally {
      trace.end();
    }
    assertThat(String.join("", parts)).isEqualTo("He studied the pendulum and the moons of Jupiter.");

    // The observations stop as Reactor finishes, which may be just after the caller has the answer.
    Spans spans = new Spans(awaitSpans(SPRING_AI_2 ? 5 : 4));
    SpanData client = spans.named("ChatClient.stream");
    assertThat(client.parentId()).isEqualTo(trace.context().spanId());
    assertThat(client.metadata()).containsEntry("stream", "true");
    assertThat(client.output()).isEqualTo(Content.text("He studied the pendulum and the moons of Jupiter."));
    SpanData llm = spans.only(SpanType.LLM);
    assertThat(spans.ancestry(llm)).containsExactlyElementsOf(SPRING_AI_2
        ? List.of("advisor stream", "advisor Tool Calling Advisor", "ChatClient.stream", "ask")
        : List.of("advisor stream", "ChatClient.stream", "ask"));
    assertThat(llm.input()).isEqualTo(Content.messages(Message.user("What did Galileo study?")));
    assertThat(llm.output())
        .isEqualTo(Content.message(Message.assistant("He studied the pendulum and the moons of Jupiter.")));
    assertThat(llm.statusCode()).isEqualTo(200);
    // Counts only when the client asked for the usage chunk (and so got it): never made up.
    if (openAi.lastRequest().json().path("stream_options").path("include_usage").asBoolean()) {
      assertThat(llm.llm().inputTokens()).isEqualTo(12L);
      assertThat(llm.llm().outputTokens()).isEqualTo(9L);
    } else {
      assertThat(llm.llm().inputTokens()).isNull();
      assertThat(llm.llm().totalTokens()).isNull();
    }
  }

  @Test
  void aRateLimitedCallFailsAsItWouldAndItsLlmAndChatClientSpansRecord429() {
    openAi.enqueue(Reply.rateLimited(Duration.ZERO));
    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThatThrownBy(() -> app.chatClient().prompt().user("hi").call().content())
          .isInstanceOf(RuntimeException.class);
    } finally {
      trace.end();
    }

    Spans spans = new Spans(tracing.assertSingleTrace());
    SpanData llm = spans.only(SpanType.LLM);
    assertThat(llm.statusCode()).isEqualTo(429);
    assertThat(llm.metadata()).containsKey("error.type").containsKey("error.message");
    assertThat(llm.output()).isNull();
    assertThat(llm.llm().inputTokens()).isNull();
    SpanData client = spans.named("ChatClient.call");
    assertThat(client.statusCode()).isEqualTo(429);
    assertThat(spans.ancestry(llm)).containsExactlyElementsOf(SPRING_AI_2
        ? List.of("advisor call", "advisor Tool Calling Advisor", "ChatClient.call", "ask")
        : List.of("advisor call", "ChatClient.call", "ask"));
    assertThat(openAi.requests()).hasSize(1);
  }

  @Test
  void aModelThatReportsNoUsageGetsNoTokenCounts() {
    openAi.enqueue(Reply.text("Pisa.").noUsage());
    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThat(app.chatModel().call("Where was Galileo born?")).isEqualTo("Pisa.");
    } finally {
      trace.end();
    }
    SpanData llm = new Spans(tracing.assertSingleTrace()).only(SpanType.LLM);
    assertThat(llm.parentId()).isEqualTo(trace.context().spanId());
    assertThat(llm.llm().inputTokens()).isNull();
    assertThat(llm.llm().outputTokens()).isNull();
    assertThat(llm.llm().totalTokens()).isNull();
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Pisa.")));
  }

  private List<SpanData> awaitSpans(int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (tracing.spans().size() < count && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return tracing.assertSingleTrace();
  }
}
