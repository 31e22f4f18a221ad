package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.TokenStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AI Services traced with no set-up: LangChain4j finds the listeners through ServiceLoader. */
class AiServiceListenersTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final ExecutorService clientThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "model-client"));

  @AfterEach
  void stop() {
    clientThread.shutdownNow();
  }

  interface Assistant {
    @SystemMessage("Answer in one sentence.")
    String chat(String question);
  }

  interface StreamingAssistant {
    TokenStream chat(String question);
  }

  static final class Archive {
    @Tool("Looks up where a person worked")
    String lookup(String person) {
      // The user's own span inside the tool nests under the tool's.
      Span own = Galileo.tracer().spanBuilder("read archive", SpanType.RETRIEVER).start();
      own.end("Padua");
      return person + " worked in Padua";
    }
  }

  /** First asks for the tool, then answers with what the tool said. */
  private static ChatResponse toolThenAnswer(ChatRequest request) {
    ChatMessage last = request.messages().get(request.messages().size() - 1);
    if (last instanceof ToolExecutionResultMessage result) {
      return ChatResponse.builder()
          .aiMessage(AiMessage.from("He worked in Padua."))
          .tokenUsage(new TokenUsage(30, 8))
          .finishReason(FinishReason.STOP)
          .build();
    }
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(List.of(ToolExecutionRequest.builder()
            .id("call_1").name("lookup").arguments("{\"arg0\":\"Galileo\"}").build())))
        .tokenUsage(new TokenUsage(20, 6))
        .finishReason(FinishReason.TOOL_EXECUTION)
        .build();
  }

  /** The one span of this name that is not a trace (a call outside any trace makes its own). */
  private SpanData span(String name) {
    List<SpanData> found = tracing.spans(name).stream().filter(s -> s.type() != SpanType.TRACE).toList();
    assertThat(found).as("spans named %s", name).hasSize(1);
    return found.get(0);
  }

  private List<SpanData> ofType(SpanType type) {
    return tracing.spans().stream().filter(s -> s.type() == type).toList();
  }

  @Test
  void anInvocationWithToolsIsAReactAgentSpanWithItsLlmCallsAndToolExecutionsUnderIt() {
    ChatModel model = StubModels.chat(AiServiceListenersTest::toolThenAnswer,
        GalileoLangChain4j.create().chatModelListener());
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new Archive()).build();

    Span trace = tracing.tracer().traceBuilder("ask").start();
    String answer;
    try (Scope scope = trace.makeCurrent()) {
      answer = assistant.chat("Where did Galileo work?");
      assertThat(Span.current()).isSameAs(trace); // the invocation's scope is closed again
    } finally {
      trace.end();
    }

    assertThat(answer).isEqualTo("He worked in Padua.");
    tracing.assertSingleTrace();
    SpanData invocation = span("Assistant.chat");
    assertThat(invocation.type()).isEqualTo(SpanType.AGENT);
    assertThat(invocation.agentType()).isEqualTo(AgentType.REACT);
    assertThat(invocation.parentId()).isEqualTo(trace.context().spanId());
    assertThat(invocation.input()).isEqualTo(Content.messages(
        Message.system("Answer in one sentence."), Message.user("Where did Galileo work?")));
    assertThat(invocation.output()).isEqualTo(Content.text("He worked in Padua."));
    assertThat(invocation.metadata()).containsEntry("ai_service", Assistant.class.getName());

    // Two model calls, each logged once although the model has the listener too.
    List<SpanData> llm = ofType(SpanType.LLM);
    assertThat(llm).hasSize(2);
    assertThat(llm).allSatisfy(s -> {
      assertThat(s.parentId()).isEqualTo(invocation.spanId());
      assertThat(s.name()).isEqualTo("chat stub-model");
      assertThat(s.llm().model()).isEqualTo("stub-model");
      assertThat(s.llm().temperature()).isEqualTo(0.25);
      assertThat(s.statusCode()).isEqualTo(200);
    });
    SpanData first = llm.get(0);
    SpanData second = llm.get(1);
    ToolCall call = new ToolCall("call_1", "lookup", "{\"arg0\":\"Galileo\"}");
    assertThat(first.output()).isEqualTo(Content.message(new Message(Role.ASSISTANT, "", null, List.of(call))));
    assertThat(first.llm().finishReason()).isEqualTo("tool_calls");
    assertThat(first.llm().tools()).extracting(ToolDefinition::name).containsExactly("lookup");
    assertThat(first.metadata()).doesNotContainKeys("finish_reason", "tools");
    assertThat(first.llm().inputTokens()).isEqualTo(20L);
    assertThat(second.input()).isEqualTo(Content.messages(
        Message.system("Answer in one sentence."), Message.user("Where did Galileo work?"),
        new Message(Role.ASSISTANT, "", null, List.of(call)),
        Message.tool("Galileo worked in Padua", "call_1")));
    assertThat(second.output()).isEqualTo(Content.message(Message.assistant("He worked in Padua.")));
    assertThat(second.llm().totalTokens()).isEqualTo(38L);

    SpanData tool = tracing.span("lookup");
    assertThat(tool.type()).isEqualTo(SpanType.TOOL);
    assertThat(tool.parentId()).isEqualTo(invocation.spanId());
    assertThat(tool.input()).isEqualTo(Content.text("{\"arg0\":\"Galileo\"}"));
    assertThat(tool.output()).isEqualTo(Content.text("Galileo worked in Padua"));
    assertThat(tool.toolCallId()).isEqualTo("call_1");
    assertThat(tool.startEpochNanos()).isGreaterThan(first.startEpochNanos() + first.durationNanos() - 1);
    // The tool's span is current while it runs: what the tool does nests under it.
    assertThat(tracing.span("read archive").parentId()).isEqualTo(tool.spanId());
  }

  @Test
  void aModelWithoutTheListenerStillGetsItsLlmSpansFromTheAiServiceEvents() {
    ChatModel model = StubModels.chat(AiServiceListenersTest::toolThenAnswer);
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new Archive()).build();

    assistant.chat("Where did Galileo work?");

    SpanData invocation = span("Assistant.chat");
    assertThat(ofType(SpanType.LLM)).hasSize(2)
        .allSatisfy(s -> assertThat(s.parentId()).isEqualTo(invocation.spanId()));
    assertThat(invocation.parentId()).isEqualTo(invocation.traceId()); // a trace of its own
  }

  @Test
  void aFailedModelCallEndsTheLlmAndTheInvocationSpansWithTheStatus() {
    ChatModel model = StubModels.chat(r -> {
      throw new InternalServerException(new HttpException(500, "upstream down"));
    }, GalileoLangChain4j.create().chatModelListener());
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).build();

    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThatThrownBy(() -> assistant.chat("Where?")).isInstanceOf(InternalServerException.class);
      assertThat(Span.current()).isSameAs(trace);
    } finally {
      trace.end();
    }

    SpanData invocation = span("Assistant.chat");
    SpanData llm = ofType(SpanType.LLM).get(0);
    assertThat(ofType(SpanType.LLM)).hasSize(1);
    assertThat(llm.parentId()).isEqualTo(invocation.spanId());
    assertThat(llm.statusCode()).isEqualTo(500);
    assertThat(llm.metadata()).containsEntry("error.type", InternalServerException.class.getName());
    assertThat(invocation.statusCode()).isEqualTo(500);
    assertThat(invocation.metadata()).containsKey("error.message");
  }

  @Test
  void aStreamingInvocationEndsOnTheModelsThreadWithEverythingUnderItsSpan() throws Exception {
    StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
        .streamingChatModel(StubModels.streaming(clientThread, AiServiceListenersTest::toolThenAnswer,
            GalileoLangChain4j.create().chatModelListener()))
        .tools(new Archive())
        .build();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      TokenStream stream = assistant.chat("Where did Galileo work?");
      // Nothing of the invocation stays current on the caller's thread after it returns.
      assertThat(Span.current()).isSameAs(trace);
      stream.onPartialResponse(p -> {}).onCompleteResponse(done::complete).onError(done::completeExceptionally).start();
      assertThat(Span.current()).isSameAs(trace);
    }
    assertThat(done.get(5, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("He worked in Padua.");
    trace.end();

    SpanData invocation = awaitSpan("StreamingAssistant.chat");
    assertThat(invocation.parentId()).isEqualTo(trace.context().spanId());
    assertThat(invocation.output()).isEqualTo(Content.message(Message.assistant("He worked in Padua.")));
    assertThat(ofType(SpanType.LLM)).hasSize(2)
        .allSatisfy(s -> assertThat(s.parentId()).isEqualTo(invocation.spanId()));
    assertThat(tracing.span("lookup").parentId()).isEqualTo(invocation.spanId());
    assertThat(tracing.span("lookup").output()).isEqualTo(Content.text("Galileo worked in Padua"));
  }

  @Test
  void listenersRegisteredByHandAsWellAsDiscoveredLogEachInvocationOnce() {
    ChatModel model = StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).build());
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
        .registerListeners(GalileoLangChain4j.create().aiServiceListeners())
        .registerListeners(GalileoLangChain4j.create(tracing.tracer()).aiServiceListeners())
        .build();

    assistant.chat("hi");

    span("Assistant.chat");
    assertThat(ofType(SpanType.LLM)).hasSize(1);
  }

  @Test
  void anInvocationThatFailsBeforeItStartsIsStillLogged() {
    interface Templated {
      @dev.langchain4j.service.UserMessage("Tell me about {{topic}}")
      String ask(@dev.langchain4j.service.V("subject") String subject);
    }
    ChatModel model = StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).build());
    Templated templated = AiServices.builder(Templated.class).chatModel(model).build();

    assertThatThrownBy(() -> templated.ask("pendulums")).isInstanceOf(RuntimeException.class);

    SpanData invocation = span("Templated.ask");
    assertThat(invocation.statusCode()).isEqualTo(500);
    assertThat(invocation.metadata()).containsKey("error.type");
  }

  static final class TestScope implements dev.langchain4j.invocation.LangChain4jManaged {}

  @Test
  void anInvocationRunByAnAgenticScopeIsAnAgentSpan() {
    ChatModel model = StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).build());
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).build();

    dev.langchain4j.invocation.LangChain4jManaged.setCurrent(java.util.Map.of(TestScope.class, new TestScope()));
    try {
      assistant.chat("hi");
    } finally {
      dev.langchain4j.invocation.LangChain4jManaged.removeCurrent();
    }

    assertThat(span("Assistant.chat").type()).isEqualTo(SpanType.AGENT);
  }

  interface Researcher {
    String research(String topic);
  }

  @Test
  void anAiServiceCalledFromAToolNestsUnderThatTool() {
    Researcher researcher = AiServices.builder(Researcher.class)
        .chatModel(StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("Padua")).build()))
        .build();
    Object tools = new Object() {
      @Tool("Looks up where a person worked")
      String lookup(String person) {
        return researcher.research(person);
      }
    };
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(StubModels.chat(AiServiceListenersTest::toolThenAnswer)).tools(tools).build();

    assistant.chat("Where did Galileo work?");

    SpanData outer = span("Assistant.chat");
    SpanData tool = span("lookup");
    SpanData inner = span("Researcher.research");
    assertThat(tool.parentId()).isEqualTo(outer.spanId());
    assertThat(inner.parentId()).isEqualTo(tool.spanId());
    assertThat(inner.type()).isEqualTo(SpanType.WORKFLOW); // it offers no tools
    assertThat(inner.traceId()).isEqualTo(outer.traceId());
    assertThat(span("lookup").output()).isEqualTo(Content.text("Padua"));
  }

  @Test
  void automaticRegistrationCanBeTurnedOff() {
    System.setProperty("galileo.langchain4j.auto", "false");
    try {
      assertThat(GalileoLangChain4j.automaticRegistration()).isFalse();
      ChatModel model = StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).build());
      AiServices.builder(Assistant.class).chatModel(model).build().chat("hi");
    } finally {
      System.clearProperty("galileo.langchain4j.auto");
    }
    assertThat(tracing.spans()).isEmpty();
    assertThat(GalileoLangChain4j.automaticRegistration()).isTrue();
  }

  private SpanData awaitSpan(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (tracing.spans(name).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return tracing.span(name);
  }

}
