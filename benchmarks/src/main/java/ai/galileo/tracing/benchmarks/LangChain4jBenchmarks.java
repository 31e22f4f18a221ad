package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.langchain4j.GalileoLangChain4j;
import ai.galileo.tracing.langchain4j.internal.AiServiceTracing;
import ai.galileo.tracing.langchain4j.internal.TracedToolExecutor;
import ai.galileo.tracing.langchain4j.internal.TracerRef;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.event.ToolExecutedEvent;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 7: one LangChain4j chat call (a system and a user message in, an answer with token
 * usage out) through a stubbed in-process {@link ChatModel}, so what is measured is LangChain4j's
 * own call path plus the listener: untraced, with Galileo's listener (into a batch-mode pipeline
 * whose exporter discards), and with an OpenInference-shaped OpenTelemetry listener (into the OTel
 * SDK's batch processor whose exporter discards). Each call runs under a span made current, as in
 * an application.
 *
 * <p>Issue #20, the tool-span hook: one tool execution of a traced AI Service invocation, as
 * LangChain4j runs it (the executor, then the {@code ToolExecutedEvent} to the listeners), with a
 * trivial tool so that only the tracing shows. {@code toolCall_galileoListener} is the listener
 * alone (the TOOL span made after the fact from the event); {@code toolCall_galileoHook} the hook
 * (the TOOL span made current around the executor; the event then adds nothing). Both log one TOOL
 * span per execution: the hook's cost is the difference of the two.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LangChain4jBenchmarks {

  static final ChatRequest REQUEST = ChatRequest.builder()
      .messages(SystemMessage.from("You answer questions about the history of science in one sentence."),
          UserMessage.from("What did Galileo Galilei observe through his telescope in 1610?"))
      .build();

  static final ChatResponse RESPONSE = ChatResponse.builder()
      .aiMessage(AiMessage.from("He observed four moons orbiting Jupiter, the phases of Venus and the"
          + " craters of the Moon."))
      .id("chatcmpl-0001")
      .modelName("gpt-4o-mini-2024-07-18")
      .tokenUsage(new TokenUsage(42, 24, 66))
      .finishReason(FinishReason.STOP)
      .build();

  static ChatModel model(List<ChatModelListener> listeners) {
    ChatRequestParameters defaults = ChatRequestParameters.builder().modelName("gpt-4o-mini").temperature(0.2).build();
    return new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        return RESPONSE;
      }

      @Override
      public ChatRequestParameters defaultRequestParameters() {
        return defaults;
      }

      @Override
      public List<ChatModelListener> listeners() {
        return listeners;
      }
    };
  }

  @State(Scope.Thread)
  public static class Untraced {
    final ChatModel model = model(List.of());
  }

  @State(Scope.Thread)
  public static class Galileo {
    GalileoTracer tracer;
    ChatModel model;
    Span parent;
    ai.galileo.tracing.Scope parentScope;

    @Setup(Level.Trial)
    public void setUp() {
      tracer = Fixtures.galileo(Mode.BATCH);
      model = model(List.of(GalileoLangChain4j.create(tracer).chatModelListener()));
      parent = tracer.traceBuilder("request").start();
      parentScope = parent.makeCurrent();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      parentScope.close();
      parent.end();
      tracer.shutdown(Fixtures.shutdownWait());
    }
  }

  @State(Scope.Thread)
  public static class Otel {
    OpenTelemetrySdk sdk;
    ChatModel model;
    io.opentelemetry.api.trace.Span parent;
    io.opentelemetry.context.Scope parentScope;

    @Setup(Level.Trial)
    public void setUp() {
      sdk = Fixtures.otel();
      model = model(List.of(new OpenInferenceShapedListener(sdk.getTracer("openinference-langchain4j"))));
      parent = sdk.getTracer("bench").spanBuilder("request").startSpan();
      parentScope = parent.makeCurrent();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      parentScope.close();
      parent.end();
      Fixtures.close(sdk);
    }
  }

  static final ToolExecutionRequest TOOL_REQUEST = ToolExecutionRequest.builder()
      .id("call_0001").name("getWeather").arguments("{\"city\":\"Pisa\"}").build();

  static final ToolExecutionResult TOOL_RESULT = ToolExecutionResult.builder().resultText("Sunny, 24 C").build();

  /** A tool that does nothing but answer: what is measured is around it. */
  static final ToolExecutor TOOL = new ToolExecutor() {
    @Override
    public String execute(ToolExecutionRequest request, Object memoryId) {
      return TOOL_RESULT.resultText();
    }

    @Override
    public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
      return TOOL_RESULT;
    }
  };

  /** An open, synchronous AI Service invocation traced by Galileo's listeners, and its tool executor. */
  abstract static class ToolInvocation {
    GalileoTracer tracer;
    InvocationContext invocation;
    List<AiServiceListener<?>> listeners;
    AiServiceListener<ToolExecutedEvent> toolListener;
    ToolExecutor executor;

    abstract ToolExecutor executor(ToolExecutor tool, TracerRef tracer);

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
      tracer = Fixtures.galileo(Mode.BATCH);
      AiServiceTracing tracing = new AiServiceTracing(TracerRef.of(tracer));
      listeners = tracing.listeners();
      invocation = InvocationContext.builder().invocationId(UUID.randomUUID())
          .interfaceName("ai.galileo.bench.Assistant").methodName("chat").timestampNow().build();
      fire(AiServiceStartedEvent.builder().invocationContext(invocation)
          .userMessage(UserMessage.from("What is the weather in Pisa?")).build());
      for (AiServiceListener<?> l : listeners) {
        if (l.getEventClass() == ToolExecutedEvent.class) {
          toolListener = (AiServiceListener<ToolExecutedEvent>) l;
        }
      }
      executor = executor(TOOL, TracerRef.of(tracer));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void fire(AiServiceEvent event) {
      for (AiServiceListener l : listeners) {
        if (l.getEventClass() == event.eventClass()) {
          l.onEvent(event);
        }
      }
    }

    ToolExecutionResult run() {
      ToolExecutionResult result = executor.executeWithContext(TOOL_REQUEST, invocation);
      toolListener.onEvent(ToolExecutedEvent.builder().invocationContext(invocation).request(TOOL_REQUEST)
          .resultContents(result.resultContents()).build());
      return result;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      fire(AiServiceCompletedEvent.builder().invocationContext(invocation).result("done").build());
      tracer.shutdown(Fixtures.shutdownWait());
    }
  }

  @State(Scope.Thread)
  public static class ToolListenerOnly extends ToolInvocation {
    @Override
    ToolExecutor executor(ToolExecutor tool, TracerRef tracer) {
      return tool;
    }
  }

  @State(Scope.Thread)
  public static class ToolHook extends ToolInvocation {
    @Override
    ToolExecutor executor(ToolExecutor tool, TracerRef tracer) {
      return TracedToolExecutor.wrap(tool, tracer);
    }
  }

  @Benchmark
  public ToolExecutionResult toolCall_untraced() {
    return TOOL.executeWithContext(TOOL_REQUEST, null);
  }

  @Benchmark
  public ToolExecutionResult toolCall_galileoListener(ToolListenerOnly s) {
    return s.run();
  }

  @Benchmark
  public ToolExecutionResult toolCall_galileoHook(ToolHook s) {
    return s.run();
  }

  @Benchmark
  public ChatResponse chat_untraced(Untraced u) {
    return u.model.chat(REQUEST);
  }

  @Benchmark
  public ChatResponse chat_galileo(Galileo g) {
    return g.model.chat(REQUEST);
  }

  @Benchmark
  public ChatResponse chat_otel(Otel o) {
    return o.model.chat(REQUEST);
  }
}
