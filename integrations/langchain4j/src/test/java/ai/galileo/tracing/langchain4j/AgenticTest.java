package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.RecordedRequest;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.openai.ToolCall;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.supervisor.SupervisorAgent;
import dev.langchain4j.agentic.supervisor.SupervisorResponseStrategy;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code langchain4j-agentic} 1.19.0-beta29 systems over LangChain4j's real OpenAI client and the
 * loopback fake, with Galileo's agent listener on the top agent only: each agent invocation is an
 * AGENT span nested as they ran, typed after its pattern, with its inputs and output; an AI agent's
 * span is its AI Service invocation's, with its LLM and TOOL spans under it.
 */
class AgenticTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "agent-pool"));
  private final FakeOpenAi openAi = FakeOpenAi.builder().defaultAnswer(AgenticTest::answer).start();

  @AfterEach
  void stop() {
    pool.shutdownNow();
    openAi.close();
  }

  public interface Writer {
    @UserMessage("Write a one-sentence story about {{topic}}.")
    @Agent(description = "Writes a story", outputKey = "story")
    String write(@V("topic") String topic);
  }

  public interface Editor {
    @UserMessage("Make this story more formal, looking words up first: {{story}}")
    @Agent(description = "Edits a story", outputKey = "story")
    String edit(@V("story") String story);
  }

  public interface FoodExpert {
    @UserMessage("As a food expert, suggest a dinner for this mood: {{mood}}")
    @Agent(description = "Suggests food", outputKey = "meal")
    String meal(@V("mood") String mood);
  }

  public interface MovieExpert {
    @UserMessage("As a movie expert, suggest a film for this mood: {{mood}}")
    @Agent(description = "Suggests a movie", outputKey = "movie")
    String movie(@V("mood") String mood);
  }

  public interface MedicalExpert {
    @UserMessage("As a medical expert, answer: {{request}}")
    @Agent(description = "A medical expert", outputKey = "response")
    String medical(@V("request") String request);
  }

  public interface LegalExpert {
    @UserMessage("As a legal expert, answer: {{request}}")
    @Agent(description = "A legal expert", outputKey = "response")
    String legal(@V("request") String request);
  }

  public static final class Thesaurus {
    @Tool("A more formal word")
    public String formal(@P(name = "word") String word) {
      return "observed";
    }
  }

  /** Its model adds one mark to the draft each time. */
  public interface Polisher {
    @UserMessage("Polish: {{draft}}")
    @Agent(description = "Polishes the draft", outputKey = "draft")
    String polish(@V("draft") String draft);
  }

  public interface Critic {
    @UserMessage("Criticise: {{story}}")
    @Agent(description = "Criticises the story", outputKey = "review")
    String criticise(@V("story") String story);
  }

  /** A plain-Java agent: LangChain4j 1.19.0-beta29 does not pass inherited listeners to these. */
  public static final class Counter {
    @Agent(description = "Counts the words", outputKey = "words")
    public int count(@V("story") String story) {
      Galileo.tracer().spanBuilder("count words", SpanType.WORKFLOW).start().end();
      return story.split(" ").length;
    }
  }

  private static final Pattern POLISH = Pattern.compile("Polish: (.*)$");
  private static final Pattern FIRST_AGENT = Pattern.compile("'\\{'([^']+)'");

  /** The model: answers each agent by its prompt, and plans for the supervisor. */
  private static String answer(RecordedRequest request) {
    StringBuilder prompt = new StringBuilder();
    for (JsonNode m : request.json().path("messages")) {
      prompt.append(m.path("content").asText()).append('\n');
    }
    String p = prompt.toString();
    if (p.contains("planner expert")) {
      if (request.lastUserMessage().contains("The last received response is: ''")) {
        Matcher agent = FIRST_AGENT.matcher(p);
        String id = agent.find() ? agent.group(1) : "unknown";
        return "{\"agentName\":\"" + id + "\",\"arguments\":{\"request\":\"Is walking good for the heart?\"}}";
      }
      return "{\"agentName\":\"done\",\"arguments\":{\"response\":\"Walking is good for the heart.\"}}";
    }
    Matcher polish = POLISH.matcher(request.lastUserMessage());
    if (polish.find()) {
      return polish.group(1) + "!";
    }
    if (p.contains("food expert")) {
      return "Pasta.";
    }
    if (p.contains("movie expert")) {
      return "Starry Messenger.";
    }
    if (p.contains("medical expert")) {
      return "Yes, daily walks help.";
    }
    if (p.contains("legal expert")) {
      return "Ask a lawyer.";
    }
    return "Galileo saw four moons.";
  }

  private OpenAiChatModel model() {
    return OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey())
        .modelName("gpt-4o-mini").maxRetries(0).build();
  }

  private SpanData span(String name) {
    List<SpanData> found = tracing.spans(name).stream().filter(s -> s.type() != SpanType.TRACE).toList();
    assertThat(found).as("spans named %s", name).hasSize(1);
    return found.get(0);
  }

  private List<SpanData> childrenOf(SpanData parent) {
    return tracing.spans().stream().filter(s -> parent.spanId().equals(s.parentId())).toList();
  }

  private Span trace;

  private Object inTrace(java.util.function.Supplier<Object> run) {
    trace = tracing.tracer().traceBuilder("request").start();
    try (Scope scope = trace.makeCurrent()) {
      return run.get();
    } finally {
      trace.end();
    }
  }

  @Test
  void aSequenceIsAPlannerAgentWithEachAiAgentUnderItHoldingItsLlmAndToolSpans() {
    openAi.enqueue(
        Reply.text("Galileo saw the moons of Jupiter."),
        Reply.toolCalls(ToolCall.of("call_f", "formal", "{\"word\":\"saw\"}")),
        Reply.text("Galileo observed the moons of Jupiter."));
    Writer writer = AgenticServices.agentBuilder(Writer.class).chatModel(model()).outputKey("story").build();
    Editor editor = AgenticServices.agentBuilder(Editor.class).chatModel(model()).tools(new Thesaurus())
        .outputKey("story").build();
    UntypedAgent novel = AgenticServices.sequenceBuilder().name("novel").subAgents(writer, editor)
        .outputKey("story").listener(GalileoAgentic.listener()).build();

    Object story = inTrace(() -> novel.invoke(Map.of("topic", "the moons of Jupiter")));

    assertThat(story).isEqualTo("Galileo observed the moons of Jupiter.");
    SpanData sequence = span("novel");
    assertThat(sequence.type()).isEqualTo(SpanType.AGENT);
    assertThat(sequence.agentType()).isEqualTo(AgentType.PLANNER);
    assertThat(sequence.parentId()).isEqualTo(trace.context().spanId());
    assertThat(sequence.input()).isEqualTo(Content.text("{\"topic\":\"the moons of Jupiter\"}"));
    assertThat(sequence.output()).isEqualTo(Content.text("Galileo observed the moons of Jupiter."));
    assertThat(childrenOf(sequence)).extracting(SpanData::name).containsExactly("write", "edit");

    SpanData write = span("write");
    assertThat(write.type()).isEqualTo(SpanType.AGENT);
    assertThat(write.agentType()).isEqualTo(AgentType.DEFAULT); // no tools
    assertThat(write.input()).isEqualTo(Content.text("{\"topic\":\"the moons of Jupiter\"}"));
    assertThat(write.output()).isEqualTo(Content.text("Galileo saw the moons of Jupiter."));
    assertThat(childrenOf(write)).extracting(SpanData::type).containsExactly(SpanType.LLM);

    SpanData edit = span("edit");
    assertThat(edit.agentType()).isEqualTo(AgentType.REACT); // it offers a tool
    assertThat(edit.input()).isEqualTo(Content.text("{\"story\":\"Galileo saw the moons of Jupiter.\"}"));
    List<SpanData> steps = childrenOf(edit);
    assertThat(steps).extracting(SpanData::type).containsExactly(SpanType.LLM, SpanType.TOOL, SpanType.LLM);
    assertThat(steps.get(0).llm().finishReason()).isEqualTo("tool_calls");
    assertThat(steps.get(0).llm().tools()).extracting(t -> t.name()).containsExactly("formal");
    assertThat(steps.get(1).toolCallId()).isEqualTo("call_f");
    assertThat(steps.get(2).llm().finishReason()).isEqualTo("stop");

    // One span per agent: the AI Services are the agents' spans, not spans of their own beside them.
    assertThat(tracing.spans()).extracting(SpanData::name).doesNotContain("Writer.write", "Editor.edit");
    assertThat(tracing.assertSingleTrace()).hasSize(8);
  }

  @Test
  void parallelSubAgentsEachRunUnderTheirOwnSpanUnderTheParallelAgent() {
    FoodExpert food = AgenticServices.agentBuilder(FoodExpert.class).chatModel(model()).outputKey("meal").build();
    MovieExpert movie = AgenticServices.agentBuilder(MovieExpert.class).chatModel(model()).outputKey("movie").build();
    UntypedAgent evening = AgenticServices.parallelBuilder().name("evening").subAgents(food, movie)
        .executor(pool).output(scope -> scope.readState("meal", "") + " " + scope.readState("movie", ""))
        .listener(GalileoAgentic.listener()).build();

    Object plan = inTrace(() -> evening.invoke(Map.of("mood", "romantic")));

    assertThat(plan).isEqualTo("Pasta. Starry Messenger.");
    SpanData parallel = span("evening");
    assertThat(parallel.agentType()).isEqualTo(AgentType.PLANNER);
    assertThat(childrenOf(parallel)).extracting(SpanData::name).containsExactlyInAnyOrder("meal", "movie");
    for (String agent : List.of("meal", "movie")) {
      SpanData s = span(agent);
      assertThat(s.agentType()).isEqualTo(AgentType.DEFAULT);
      assertThat(s.input()).isEqualTo(Content.text("{\"mood\":\"romantic\"}"));
      List<SpanData> llm = childrenOf(s);
      assertThat(llm).extracting(SpanData::type).containsExactly(SpanType.LLM);
    }
    assertThat(span("meal").output()).isEqualTo(Content.text("Pasta."));
    assertThat(tracing.assertSingleTrace()).hasSize(6);
  }

  @Test
  void aLoopIsAReflectionAgentWithEachIterationUnderIt() {
    Polisher polisher = AgenticServices.agentBuilder(Polisher.class).chatModel(model()).outputKey("draft").build();
    UntypedAgent polish = AgenticServices.loopBuilder().name("refine").subAgents(polisher).maxIterations(5)
        .exitCondition(scope -> scope.readState("draft", "").endsWith("!!!"))
        .outputKey("draft").listener(GalileoAgentic.listener()).build();

    Object draft = inTrace(() -> polish.invoke(Map.of("draft", "Eppur si muove")));

    assertThat(draft).isEqualTo("Eppur si muove!!!");
    SpanData loop = span("refine");
    assertThat(loop.agentType()).isEqualTo(AgentType.REFLECTION);
    assertThat(loop.output()).isEqualTo(Content.text("Eppur si muove!!!"));
    List<SpanData> iterations = childrenOf(loop);
    assertThat(iterations).hasSize(3)
        .allSatisfy(s -> {
          assertThat(s.name()).isEqualTo("polish");
          assertThat(s.type()).isEqualTo(SpanType.AGENT);
          assertThat(childrenOf(s)).extracting(SpanData::type).containsExactly(SpanType.LLM);
        })
        .extracting(SpanData::output).containsExactly(
            Content.text("Eppur si muove!"), Content.text("Eppur si muove!!"), Content.text("Eppur si muove!!!"));
  }

  @Test
  void aPlainJavaAgentsWorkNestsUnderTheAgentThatRanIt() {
    UntypedAgent novel = AgenticServices.sequenceBuilder().name("novel").subAgents(new Counter())
        .output(scope -> scope.readState("words")).listener(GalileoAgentic.listener()).build();

    Object words = inTrace(() -> novel.invoke(Map.of("story", "Galileo saw four moons")));

    assertThat(words).isEqualTo(4);
    assertThat(tracing.spans().stream().filter(s -> s.name().equals("count words")).findFirst().orElseThrow()
        .parentId()).isEqualTo(span("novel").spanId());
  }

  @Test
  void aConditionalIsARouterAgentWithOnlyTheChosenAgentUnderIt() {
    MedicalExpert medical = AgenticServices.agentBuilder(MedicalExpert.class).chatModel(model()).build();
    LegalExpert legal = AgenticServices.agentBuilder(LegalExpert.class).chatModel(model()).build();
    UntypedAgent router = AgenticServices.conditionalBuilder().name("triage")
        .subAgents(scope -> "medical".equals(scope.readState("category", "")), medical)
        .subAgents(scope -> "legal".equals(scope.readState("category", "")), legal)
        .outputKey("response").listener(GalileoAgentic.listener()).build();

    Object answer = inTrace(() -> router.invoke(Map.of("category", "medical", "request", "Is walking good?")));

    assertThat(answer).isEqualTo("Yes, daily walks help.");
    SpanData triage = span("triage");
    assertThat(triage.agentType()).isEqualTo(AgentType.ROUTER);
    assertThat(childrenOf(triage)).extracting(SpanData::name).containsExactly("medical");
    assertThat(tracing.spans("legal")).isEmpty();
  }

  @Test
  void aSupervisorIsASupervisorAgentWithItsPlanningCallsAndTheAgentsItChoseUnderIt() {
    MedicalExpert medical = AgenticServices.agentBuilder(MedicalExpert.class).chatModel(model()).build();
    SupervisorAgent supervisor = AgenticServices.supervisorBuilder().name("doctor").chatModel(model())
        .subAgents(medical).responseStrategy(SupervisorResponseStrategy.LAST)
        .listener(GalileoAgentic.listener()).build();

    Object answer = inTrace(() -> supervisor.invoke("Is walking good for the heart?"));

    assertThat(answer).isEqualTo("Yes, daily walks help.");
    SpanData doctor = span("doctor");
    assertThat(doctor.agentType()).isEqualTo(AgentType.SUPERVISOR);
    assertThat(doctor.input()).isEqualTo(Content.text("{\"request\":\"Is walking good for the heart?\"}"));
    List<SpanData> under = childrenOf(doctor);
    // It planned, ran the agent it chose, and planned again to finish.
    assertThat(under).extracting(SpanData::name).containsExactly("PlannerAgent.plan", "medical", "PlannerAgent.plan");
    SpanData chosen = span("medical");
    assertThat(chosen.input()).isEqualTo(Content.text("{\"request\":\"Is walking good for the heart?\"}"));
    assertThat(childrenOf(chosen)).extracting(SpanData::type).containsExactly(SpanType.LLM);
  }

  @Test
  void anAgentThatFailsEndsItsSpanAndItsParentsWithTheError() {
    openAi.enqueue(Reply.text("Galileo saw the moons."), Reply.serverError());
    Writer writer = AgenticServices.agentBuilder(Writer.class).chatModel(model()).outputKey("story").build();
    Critic critic = AgenticServices.agentBuilder(Critic.class).chatModel(model()).outputKey("review").build();
    UntypedAgent novel = AgenticServices.sequenceBuilder().name("novel").subAgents(writer, critic)
        .outputKey("review").listener(GalileoAgentic.listener()).build();

    assertThatThrownBy(() -> inTrace(() -> novel.invoke(Map.of("topic", "ink"))))
        .isInstanceOf(RuntimeException.class);

    SpanData failing = span("criticise");
    assertThat(failing.statusCode()).isEqualTo(500);
    assertThat(failing.metadata()).containsKey("error.type");
    assertThat(childrenOf(failing)).singleElement().satisfies(llm -> assertThat(llm.statusCode()).isEqualTo(500));
    SpanData sequence = span("novel");
    assertThat(sequence.statusCode()).isEqualTo(500);
    assertThat(sequence.metadata()).containsKey("error.type");
    assertThat(span("write").statusCode()).isNull();
    assertThat(Span.current().isRecording()).isFalse(); // nothing left current on the caller's thread
  }

  @Test
  void theListenerOnTheTopAgentAndAgainOnASubAgentLogsEachAgentOnce() {
    Writer writer = AgenticServices.agentBuilder(Writer.class).chatModel(model()).outputKey("story")
        .listener(GalileoAgentic.listener()).build();
    UntypedAgent novel = AgenticServices.sequenceBuilder().name("novel").subAgents(writer)
        .outputKey("story").listener(GalileoAgentic.listener()).build();

    inTrace(() -> novel.invoke(Map.of("topic", "the telescope")));

    assertThat(span("write").parentId()).isEqualTo(span("novel").spanId());
    assertThat(tracing.assertSingleTrace()).hasSize(4);
  }

  @Test
  void aListenerWhoseTracerFailsLeavesTheAgenticSystemWorking() {
    Galileo.register(new FailuresContainedTest.BrokenTracer());
    Polisher polisher = AgenticServices.agentBuilder(Polisher.class).chatModel(model()).outputKey("draft").build();
    UntypedAgent polish = AgenticServices.loopBuilder().name("polish").subAgents(polisher).maxIterations(2)
        .outputKey("draft").listener(GalileoAgentic.listener()).build();

    assertThat(polish.invoke(Map.of("draft", "a"))).isEqualTo("a!!");
    assertThat(Span.current().isRecording()).isFalse();
  }
}
