package ai.galileo.tracing.adk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.google.adk.agents.LlmAgent;
import com.google.adk.agents.LoopAgent;
import com.google.adk.agents.ParallelAgent;
import com.google.adk.agents.SequentialAgent;
import com.google.adk.tools.Annotations.Schema;
import com.google.adk.tools.BaseTool;
import com.google.adk.tools.FunctionTool;
import com.google.adk.tools.ToolContext;
import com.google.genai.types.FunctionDeclaration;
import io.reactivex.rxjava3.core.Single;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ADK's real Runner and agents with a scripted model and the plugin registered: each agent run an
 * AGENT span typed after its pattern and nested as it ran, each model call an LLM span, each tool
 * call a TOOL span that is current while the tool runs.
 */
class AgentsTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  /** What the tools saw as Galileo's current span, by tool call. */
  static final Map<String, UUID> CURRENT_IN_TOOL = new ConcurrentHashMap<>();

  public static final class WeatherTools {
    public static Map<String, Object> getWeather(
        @Schema(name = "city", description = "the city") String city,
        @Schema(name = "toolContext") ToolContext context) {
      CURRENT_IN_TOOL.put(context.functionCallId().orElse("?"), Span.current().context().spanId());
      return Map.of("city", city, "forecast", "sunny, 24 C");
    }

    public static Map<String, Object> explode(@Schema(name = "why", description = "why") String why) {
      throw new IllegalStateException("boom: " + why);
    }
  }

  private static FunctionTool weather() {
    return FunctionTool.create(WeatherTools.class, "getWeather");
  }

  /** The agent span of that name (a root agent's implicit trace bears its name too). */
  private SpanData agent(String name) {
    List<SpanData> found = tracing.spans(SpanType.AGENT).stream().filter(s -> s.name().equals(name)).toList();
    assertThat(found).as("AGENT spans named " + name).hasSize(1);
    return found.get(0);
  }

  @Test
  void anAgentWithAToolIsAnAgentSpanWithItsModelCallsAndTheToolCurrentWhileItRuns() {
    ScriptedLlm model = new ScriptedLlm("gemini-test",
        ScriptedLlm.call("call_1", "getWeather", Map.of("city", "Pisa"), 40, 9),
        ScriptedLlm.text("It is sunny in Pisa.", 60, 8));
    LlmAgent agent = LlmAgent.builder().name("assistant").model(model)
        .instruction("You answer questions about the weather.").tools(weather()).build();
    Adk adk = new Adk(agent, GalileoAdk.plugin());

    String answer = adk.ask("What is the weather in Pisa?");

    assertThat(answer).isEqualTo("It is sunny in Pisa.");
    List<SpanData> spans = tracing.assertSingleTrace();
    SpanData root = agent("assistant");
    assertThat(root.type()).isEqualTo(SpanType.AGENT);
    assertThat(root.agentType()).isEqualTo(AgentType.REACT);
    assertThat(root.input().asText()).isEqualTo("What is the weather in Pisa?");
    assertThat(root.output().asText()).isEqualTo("It is sunny in Pisa.");
    assertThat(root.sessionId()).isEqualTo(UUID.fromString(adk.session.id()));
    assertThat(root.metadata()).containsEntry("adk_session_id", adk.session.id());

    List<SpanData> llm = tracing.spans(SpanType.LLM);
    assertThat(llm).hasSize(2).allSatisfy(s -> {
      assertThat(s.parentId()).isEqualTo(root.spanId());
      assertThat(s.name()).isEqualTo("generate_content gemini-test");
      assertThat(s.llm().model()).isEqualTo("gemini-test");
      assertThat(s.llm().finishReason()).isEqualTo("stop");
      assertThat(s.llm().tools()).singleElement().satisfies(t -> {
        assertThat(t.name()).isEqualTo("getWeather");
        assertThat(t.parametersJson()).contains("city");
      });
    });
    SpanData first = llm.stream().filter(s -> s.llm().inputTokens() == 40).findFirst().orElseThrow();
    List<Message> asked = ((Content.Messages) first.input()).messages();
    assertThat(asked.get(0).role()).isEqualTo(Role.SYSTEM);
    assertThat(asked.get(0).content()).contains("You answer questions about the weather.");
    assertThat(asked.get(asked.size() - 1)).isEqualTo(Message.user("What is the weather in Pisa?"));
    Message called = ((Content.SingleMessage) first.output()).message();
    assertThat(called.toolCalls()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo("call_1");
      assertThat(c.name()).isEqualTo("getWeather");
      assertThat(c.arguments()).isEqualTo("{\"city\":\"Pisa\"}");
    });
    assertThat(first.llm().outputTokens()).isEqualTo(9);
    assertThat(first.llm().totalTokens()).isEqualTo(49);
    SpanData second = llm.stream().filter(s -> s.llm().inputTokens() == 60).findFirst().orElseThrow();
    List<Message> again = ((Content.Messages) second.input()).messages();
    assertThat(again).anySatisfy(m -> {
      assertThat(m.role()).isEqualTo(Role.TOOL);
      assertThat(m.toolCallId()).isEqualTo("call_1");
      assertThat(m.content()).contains("sunny, 24 C");
    });
    assertThat(((Content.SingleMessage) second.output()).message())
        .isEqualTo(Message.assistant("It is sunny in Pisa."));

    SpanData tool = tracing.toolSpan("call_1");
    assertThat(tool.name()).isEqualTo("getWeather");
    assertThat(tool.parentId()).isEqualTo(root.spanId());
    assertThat(tool.input().asText()).isEqualTo("{\"city\":\"Pisa\"}");
    assertThat(tool.output().asText()).contains("\"forecast\":\"sunny, 24 C\"");
    assertThat(CURRENT_IN_TOOL).containsEntry("call_1", tool.spanId());
    assertThat(spans).allSatisfy(s -> assertThat(s.state()).isEqualTo(SpanData.State.ENDED));
  }

  @Test
  void aSequenceIsAPlannerWithEachSubAgentUnderItInTurn() {
    LlmAgent writer = LlmAgent.builder().name("writer").model(new ScriptedLlm("m",
        ScriptedLlm.text("A draft.", 5, 2))).build();
    LlmAgent editor = LlmAgent.builder().name("editor").model(new ScriptedLlm("m",
        ScriptedLlm.text("A better draft.", 7, 3))).build();
    SequentialAgent pipeline = SequentialAgent.builder().name("pipeline").subAgents(writer, editor).build();

    new Adk(pipeline, GalileoAdk.plugin()).ask("Write.");

    tracing.assertSingleTrace();
    SpanData top = agent("pipeline");
    assertThat(top.agentType()).isEqualTo(AgentType.PLANNER);
    assertThat(top.output().asText()).isEqualTo("A better draft.");
    SpanData w = agent("writer");
    SpanData e = agent("editor");
    assertThat(List.of(w, e)).allSatisfy(s -> {
      assertThat(s.parentId()).isEqualTo(top.spanId());
      assertThat(s.agentType()).isEqualTo(AgentType.DEFAULT);
    });
    assertThat(w.output().asText()).isEqualTo("A draft.");
    assertThat(e.startEpochNanos()).isGreaterThanOrEqualTo(w.startEpochNanos() + w.durationNanos());
    assertThat(tracing.spans(SpanType.LLM)).extracting(SpanData::parentId)
        .containsExactlyInAnyOrder(w.spanId(), e.spanId());
  }

  @Test
  void parallelBranchesRunOnAdksThreadsEachUnderItsOwnAgent() {
    LlmAgent food = LlmAgent.builder().name("food").model(new ScriptedLlm("m",
        ScriptedLlm.call("f1", "getWeather", Map.of("city", "Rome"), 5, 2),
        ScriptedLlm.text("Pasta.", 5, 2))).tools(weather()).build();
    LlmAgent movie = LlmAgent.builder().name("movie").model(new ScriptedLlm("m",
        ScriptedLlm.call("m1", "getWeather", Map.of("city", "Oslo"), 5, 2),
        ScriptedLlm.text("Amelie.", 5, 2))).tools(weather()).build();
    ParallelAgent both = ParallelAgent.builder().name("evening").subAgents(food, movie).build();

    new Adk(both, GalileoAdk.plugin()).ask("Plan my evening.");

    tracing.assertSingleTrace();
    SpanData top = agent("evening");
    assertThat(top.agentType()).isEqualTo(AgentType.PLANNER);
    for (String[] branch : new String[][] {{"food", "f1"}, {"movie", "m1"}}) {
      SpanData agent = agent(branch[0]);
      assertThat(agent.parentId()).isEqualTo(top.spanId());
      assertThat(agent.agentType()).isEqualTo(AgentType.REACT);
      SpanData tool = tracing.toolSpan(branch[1]);
      assertThat(tool.parentId()).isEqualTo(agent.spanId());
      assertThat(CURRENT_IN_TOOL).containsEntry(branch[1], tool.spanId());
    }
    assertThat(tracing.spans(SpanType.LLM)).hasSize(4).extracting(SpanData::parentId)
        .containsOnly(agent("food").spanId(), agent("movie").spanId());
  }

  @Test
  void aLoopIsAReflectionWithOneSpanPerIteration() {
    LlmAgent critic = LlmAgent.builder().name("critic").model(new ScriptedLlm("m",
        ScriptedLlm.text("Try again.", 5, 2), ScriptedLlm.text("Good now.", 5, 2))).build();
    LoopAgent loop = LoopAgent.builder().name("revise").subAgents(critic).maxIterations(2).build();

    new Adk(loop, GalileoAdk.plugin()).ask("Review.");

    tracing.assertSingleTrace();
    SpanData top = agent("revise");
    assertThat(top.agentType()).isEqualTo(AgentType.REFLECTION);
    List<SpanData> rounds = tracing.spans("critic").stream().filter(x -> x.type() == SpanType.AGENT).toList();
    assertThat(rounds).hasSize(2).allSatisfy(r -> assertThat(r.parentId()).isEqualTo(top.spanId()));
    assertThat(rounds).extracting(r -> r.output().asText()).containsExactlyInAnyOrder("Try again.", "Good now.");
  }

  @Test
  void aToolMethodThatThrowsIsAFailedToolSpanAndTheAgentGoesOn() {
    ScriptedLlm model = new ScriptedLlm("m",
        ScriptedLlm.call("x1", "explode", Map.of("why", "test"), 5, 2),
        ScriptedLlm.text("The tool failed.", 5, 2));
    LlmAgent agent = LlmAgent.builder().name("a").model(model)
        .tools(FunctionTool.create(WeatherTools.class, "explode")).build();

    String answer = new Adk(agent, GalileoAdk.plugin()).ask("Go.");

    assertThat(answer).isEqualTo("The tool failed.");
    SpanData tool = tracing.toolSpan("x1");
    assertThat(tool.statusCode()).isEqualTo(500);
    assertThat(tool.output().asText()).contains("\"status\":\"error\"");
    assertThat(tool.state()).isEqualTo(SpanData.State.ENDED);
  }

  /** A tool whose work fails asynchronously: ADK hands the error to the plugin, then fails the run. */
  static final class FailingTool extends BaseTool {
    FailingTool() {
      super("lookup", "Looks something up");
    }

    @Override
    public Optional<FunctionDeclaration> declaration() {
      return Optional.of(FunctionDeclaration.builder().name("lookup").description("Looks something up").build());
    }

    @Override
    public Single<Map<String, Object>> runAsync(Map<String, Object> args, ToolContext context) {
      return Single.error(new IllegalArgumentException("no such record"));
    }
  }

  @Test
  void aToolErrorIsRecordedOnItsSpanAndReachesTheCallerUnchanged() {
    ScriptedLlm model = new ScriptedLlm("m", ScriptedLlm.call("e1", "lookup", Map.of(), 5, 2));
    LlmAgent agent = LlmAgent.builder().name("a").model(model).tools(new FailingTool()).build();
    Adk adk = new Adk(agent, GalileoAdk.plugin());

    assertThatThrownBy(() -> adk.ask("Go.")).hasMessageContaining("no such record");

    SpanData tool = tracing.toolSpan("e1");
    assertThat(tool.statusCode()).isNotNull().isGreaterThanOrEqualTo(400);
    assertThat(tool.metadata().values()).anySatisfy(v -> assertThat(v).contains("no such record"));
    assertThat(tracing.spans()).allSatisfy(s -> assertThat(s.state()).isEqualTo(SpanData.State.ENDED));
  }

  @Test
  void theModelsThinkingIsReasoningAndItsTokensCountAsOutput() {
    LlmAgent agent = LlmAgent.builder().name("thinker").model(new ScriptedLlm("m",
        ScriptedLlm.thinking("First, consider the sky.", "Blue."))).build();

    new Adk(agent, GalileoAdk.plugin()).ask("What colour is the sky?");

    SpanData llm = tracing.spans(SpanType.LLM).get(0);
    assertThat(llm.llm().events()).containsExactly(LlmEvent.Reasoning.of("First, consider the sky."));
    assertThat(((Content.SingleMessage) llm.output()).message()).isEqualTo(Message.assistant("Blue."));
    assertThat(llm.llm().outputTokens()).isEqualTo(10);
    assertThat(llm.llm().totalTokens()).isEqualTo(20);
  }

  @Test
  void aRunInsideTheCallersSpanNestsUnderIt() {
    LlmAgent agent = LlmAgent.builder().name("a").model(new ScriptedLlm("m",
        ScriptedLlm.text("Hi.", 1, 1))).build();
    Adk adk = new Adk(agent, GalileoAdk.plugin());

    Span outer = tracing.tracer().spanBuilder("handle request", SpanType.WORKFLOW).start();
    try (var scope = outer.makeCurrent()) {
      adk.ask("Hello.");
    }
    outer.end();

    assertThat(agent("a").parentId()).isEqualTo(outer.context().spanId());
    tracing.assertSingleTrace();
  }
}
