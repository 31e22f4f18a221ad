package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.observability.api.AiServiceListenerRegistrar;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceErrorEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.event.ToolExecutedEvent;
import dev.langchain4j.service.AiServices;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing the integration does can fail the application: a tracer that throws at every turn leaves
 * AI Services, their tools and the model calls working as without tracing, even with LangChain4j
 * told to rethrow its listeners' failures.
 */
class FailuresContainedTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  /** A tracer broken in every way it can be. */
  static final class BrokenTracer implements Tracer {
    @Override
    public SpanBuilder traceBuilder(String name) {
      throw new IllegalStateException("broken tracer");
    }

    @Override
    public SpanBuilder spanBuilder(String name, SpanType type) {
      throw new IllegalStateException("broken tracer");
    }

    @Override
    public Propagator propagator() {
      throw new IllegalStateException("broken tracer");
    }
  }

  interface Assistant {
    String chat(String question);
  }

  static final class Counter {
    final AtomicInteger calls = new AtomicInteger();

    @Tool("Counts")
    String count(@P(name = "what") String what) {
      calls.incrementAndGet();
      assertThat(Span.current().isRecording()).isFalse(); // no span, and no failure either
      return "3 " + what;
    }
  }

  private static ChatResponse toolThenAnswer(ChatRequest request) {
    ChatMessage last = request.messages().get(request.messages().size() - 1);
    if (last instanceof ToolExecutionResultMessage result) {
      return ChatResponse.builder().aiMessage(AiMessage.from("There are " + result.text() + "."))
          .finishReason(FinishReason.STOP).build();
    }
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(List.of(ToolExecutionRequest.builder().id("call_1").name("count")
            .arguments("{\"what\":\"moons\"}").build())))
        .finishReason(FinishReason.TOOL_EXECUTION).build();
  }

  @Test
  void aTracerThatThrowsEverywhereLeavesAiServicesToolsAndModelsWorking() {
    Galileo.register(new BrokenTracer());
    Counter counter = new Counter();
    ChatModel model = StubModels.chat(FailuresContainedTest::toolThenAnswer,
        GalileoLangChain4j.create().chatModelListener());
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(counter).build();

    assertThat(assistant.chat("How many moons?")).isEqualTo("There are 3 moons.");
    assertThat(counter.calls).hasValue(1);
    assertThat(model.chat(ChatRequest.builder().messages(dev.langchain4j.data.message.UserMessage.from("direct")).build())
        .aiMessage().hasToolExecutionRequests()).isTrue();
  }

  @Test
  void listenerFailuresStayContainedEvenWhereLangChain4jWouldRethrowThem() {
    Galileo.register(new BrokenTracer());
    // A registrar told to rethrow its listeners' exceptions into the AI Service call.
    AiServiceListenerRegistrar registrar = AiServiceListenerRegistrar.newInstance(true);
    registrar.register(GalileoLangChain4j.create().aiServiceListeners());
    InvocationContext ic = InvocationContext.builder().invocationId(UUID.randomUUID())
        .interfaceName(Assistant.class.getName()).methodName("chat").timestampNow().build();
    ToolExecutionRequest request = ToolExecutionRequest.builder().id("call_1").name("count").arguments("{}").build();

    assertThatCode(() -> {
      registrar.fireEvent(AiServiceStartedEvent.builder().invocationContext(ic)
          .userMessage(UserMessage.from("How many moons?")).build());
      registrar.fireEvent(ToolExecutedEvent.builder().invocationContext(ic).request(request)
          .resultText("3").build());
      registrar.fireEvent(AiServiceCompletedEvent.builder().invocationContext(ic).result("3").build());
      registrar.fireEvent(AiServiceErrorEvent.builder().invocationContext(ic)
          .error(new IllegalStateException("late")).build());
    }).doesNotThrowAnyException();
  }
}
