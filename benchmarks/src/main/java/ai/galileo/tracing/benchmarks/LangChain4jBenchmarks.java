package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.langchain4j.GalileoLangChain4j;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.List;
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
