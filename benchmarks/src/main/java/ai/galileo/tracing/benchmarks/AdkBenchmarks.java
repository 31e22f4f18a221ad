package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.adk.GalileoAdk;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import com.google.adk.agents.BaseAgent;
import com.google.adk.agents.CallbackContext;
import com.google.adk.agents.InvocationContext;
import com.google.adk.agents.LlmAgent;
import com.google.adk.models.BaseLlm;
import com.google.adk.models.BaseLlmConnection;
import com.google.adk.models.LlmRequest;
import com.google.adk.models.LlmResponse;
import com.google.adk.plugins.BasePlugin;
import com.google.adk.plugins.Plugin;
import com.google.adk.runner.InMemoryRunner;
import com.google.adk.tools.Annotations.Schema;
import com.google.adk.tools.BaseTool;
import com.google.adk.tools.FunctionTool;
import com.google.adk.tools.ToolContext;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.Part;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import java.util.List;
import java.util.Map;
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
 * Operation 11: what galileo-adk's plugin adds to Google ADK. Per model call and per tool call:
 * ADK's plugin callbacks around the step (before and after), called with the very objects ADK
 * handed plugins during a real run (its request builder with a system instruction, a tool
 * declaration and the user's message; its response with a function call and token usage; its tool
 * context), on the plugin and on a plugin that does nothing, which is the same run without ours.
 * And a whole turn on ADK's in-memory Runner (a fresh session, one tool call, two model calls of an
 * in-process model), with and without the plugin. Runs under a span made current; the tracer's
 * exporter discards.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AdkBenchmarks {
  static final String APP = "bench";
  static final String USER = "user";
  static final Content QUESTION = Content.fromParts(Part.fromText("What is the weather in Pisa today?"));

  public static final class WeatherTools {
    public static Map<String, Object> getWeather(@Schema(name = "city", description = "the city, such as Pisa") String city) {
      return Map.of("city", city, "forecast", "sunny, 24 C");
    }
  }

  /** A model in the process: asks for the tool first, answers once the tool's response is in. */
  static final class CannedLlm extends BaseLlm {
    private static final GenerateContentResponseUsageMetadata USAGE = GenerateContentResponseUsageMetadata
        .builder().promptTokenCount(42).candidatesTokenCount(12).totalTokenCount(54).build();
    private static final LlmResponse CALL = LlmResponse.builder()
        .content(Content.builder().role("model").parts(Part.builder().functionCall(FunctionCall.builder()
            .id("call_1").name("getWeather").args(Map.of("city", "Pisa")).build()).build()).build())
        .finishReason(new FinishReason(FinishReason.Known.STOP)).usageMetadata(USAGE).build();
    private static final LlmResponse ANSWER = LlmResponse.builder()
        .content(Content.builder().role("model").parts(Part.fromText("It is sunny in Pisa, 24 C.")).build())
        .finishReason(new FinishReason(FinishReason.Known.STOP)).usageMetadata(USAGE).build();

    CannedLlm() {
      super("gemini-bench");
    }

    @Override
    public Flowable<LlmResponse> generateContent(LlmRequest request, boolean stream) {
      List<Content> contents = request.contents();
      Content last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
      boolean answered = last != null && last.parts().orElse(List.of()).stream()
          .anyMatch(p -> p.functionResponse().isPresent());
      return Flowable.just(answered ? ANSWER : CALL);
    }

    @Override
    public BaseLlmConnection connect(LlmRequest request) {
      throw new UnsupportedOperationException(
          "the scripted model answers generateContent only; ADK live runs are not benchmarked");
    }
  }

  static LlmAgent agent() {
    return LlmAgent.builder().name("assistant").model(new CannedLlm())
        .instruction("You answer questions about the weather, using the getWeather tool.")
        .tools(FunctionTool.create(WeatherTools.class, "getWeather")).build();
  }

  static void turn(InMemoryRunner runner) {
    String session = runner.sessionService().createSession(APP, USER).blockingGet().id();
    runner.runAsync(USER, session, QUESTION).blockingSubscribe();
  }

  /** Keeps what ADK hands plugins during one real run: what the callback benchmarks call with. */
  static final class Recorder extends BasePlugin {
    InvocationContext invocation;
    BaseAgent agent;
    CallbackContext agentContext;
    CallbackContext modelContext;
    LlmRequest.Builder request;
    LlmResponse response;
    BaseTool tool;
    Map<String, Object> args;
    ToolContext toolContext;
    Map<String, Object> result;

    Recorder() {
      super("recorder");
    }

    @Override
    public Maybe<Content> beforeRunCallback(InvocationContext c) {
      invocation = c;
      return Maybe.empty();
    }

    @Override
    public Maybe<Content> beforeAgentCallback(BaseAgent a, CallbackContext c) {
      agent = a;
      agentContext = c;
      return Maybe.empty();
    }

    @Override
    public Maybe<LlmResponse> beforeModelCallback(CallbackContext c, LlmRequest.Builder r) {
      if (modelContext == null) {
        modelContext = c;
        request = r;
      }
      return Maybe.empty();
    }

    @Override
    public Maybe<LlmResponse> afterModelCallback(CallbackContext c, LlmResponse r) {
      if (response == null) {
        response = r; // the first: the function call
      }
      return Maybe.empty();
    }

    @Override
    public Maybe<Map<String, Object>> beforeToolCallback(BaseTool t, Map<String, Object> a, ToolContext c) {
      tool = t;
      args = a;
      toolContext = c;
      return Maybe.empty();
    }

    @Override
    public Maybe<Map<String, Object>> afterToolCallback(BaseTool t, Map<String, Object> a, ToolContext c,
        Map<String, Object> r) {
      result = r;
      return Maybe.empty();
    }
  }

  /** The run a callback benchmark is inside: ADK's objects, our plugin with its run and agent open. */
  @State(Scope.Thread)
  public static class Callbacks {
    final Recorder recorded = new Recorder();
    final Plugin none = new BasePlugin("none") {};
    GalileoTracer tracer;
    Plugin galileo;
    Span parent;
    ai.galileo.tracing.Scope parentScope;

    @Setup(Level.Trial)
    public void setUp() {
      turn(new InMemoryRunner(agent(), APP, List.of(recorded)));
      tracer = Fixtures.galileo(Mode.BATCH);
      galileo = GalileoAdk.plugin(tracer);
      parent = tracer.traceBuilder("request").start();
      parentScope = parent.makeCurrent();
      galileo.beforeRunCallback(recorded.invocation);
      galileo.beforeAgentCallback(recorded.agent, recorded.agentContext);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      galileo.afterAgentCallback(recorded.agent, recorded.agentContext);
      galileo.afterRunCallback(recorded.invocation);
      parentScope.close();
      parent.end();
      tracer.shutdown(Fixtures.shutdownWait());
    }
  }

  /** Two in-memory Runners of the same agent, without and with the plugin. */
  @State(Scope.Thread)
  public static class Runners {
    GalileoTracer tracer;
    InMemoryRunner untraced;
    InMemoryRunner galileo;
    Span parent;
    ai.galileo.tracing.Scope parentScope;

    @Setup(Level.Trial)
    public void setUp() {
      tracer = Fixtures.galileo(Mode.BATCH);
      untraced = new InMemoryRunner(agent(), APP);
      galileo = new InMemoryRunner(agent(), APP, List.of(GalileoAdk.plugin(tracer)));
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

  private static Object modelCall(Plugin p, Callbacks c) {
    p.beforeModelCallback(c.recorded.modelContext, c.recorded.request).blockingGet();
    return p.afterModelCallback(c.recorded.modelContext, c.recorded.response).blockingGet();
  }

  private static Object toolCall(Plugin p, Callbacks c) {
    Recorder r = c.recorded;
    p.beforeToolCallback(r.tool, r.args, r.toolContext).blockingGet();
    return p.afterToolCallback(r.tool, r.args, r.toolContext, r.result).blockingGet();
  }

  @Benchmark
  public Object modelCall_untraced(Callbacks c) {
    return modelCall(c.none, c);
  }

  @Benchmark
  public Object modelCall_galileo(Callbacks c) {
    return modelCall(c.galileo, c);
  }

  @Benchmark
  public Object toolCall_untraced(Callbacks c) {
    return toolCall(c.none, c);
  }

  @Benchmark
  public Object toolCall_galileo(Callbacks c) {
    return toolCall(c.galileo, c);
  }

  @Benchmark
  public void turn_untraced(Runners r) {
    turn(r.untraced);
  }

  @Benchmark
  public void turn_galileo(Runners r) {
    turn(r.galileo);
  }
}
