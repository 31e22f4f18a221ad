package ai.galileo.tracing.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/** The handler on a plain Micrometer registry, as code without Spring Boot registers it. */
class HandlerTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final ObservationRegistry registry = ObservationRegistry.create();
  private final Logger log = Logger.getLogger("ai.galileo.tracing.springai");
  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      logged.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level levelBefore;

  @BeforeEach
  void setUp() {
    registry.observationConfig().observationHandler(GalileoSpringAi.create().observationHandler());
    levelBefore = log.getLevel();
    log.setLevel(Level.FINE);
    log.addHandler(capture);
  }

  @AfterEach
  void tearDown() {
    log.removeHandler(capture);
    log.setLevel(levelBefore);
  }

  private static ToolCallingObservationContext toolCall(String name) {
    return toolCall(name, "{\"city\":\"Pisa\"}");
  }

  private static ToolCallingObservationContext toolCall(String name, String arguments) {
    return ToolCallingObservationContext.builder()
        .toolDefinition(ToolDefinition.builder().name(name).description(name).inputSchema("{}").build())
        .toolCallArguments(arguments)
        .build();
  }

  private Observation observation(ToolCallingObservationContext context) {
    return Observation.createNotStarted("spring.ai.tool", () -> context, registry);
  }

  @Test
  void aFailureInsideTheHandlerNeverReachesTheCallIsLoggedOnceAndTheSpanStillEnds() {
    // Options that fail when read: the handler reads the temperature, Spring AI would not here.
    ChatOptions broken = (ChatOptions) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ChatOptions.class}, (proxy, method, args) -> {
          if (method.getName().equals("getTemperature")) {
            throw new IllegalStateException("options not readable");
          }
          return method.getDeclaringClass() == Object.class && method.getName().equals("toString") ? "broken" : null;
        });
    for (int i = 0; i < 2; i++) {
      ChatModelObservationContext chat = ChatModelObservationContext.builder()
          .prompt(new Prompt(List.of(new UserMessage("hi")), broken)).provider("test").build();
      String answer = Observation.createNotStarted("gen_ai.client.operation", () -> chat, registry)
          .observe(() -> "hello");
      assertThat(answer).isEqualTo("hello");
    }

    // Each call outside a trace starts one of its own: two traces, two LLM spans.
    assertThat(tracing.traces()).hasSize(2);
    assertThat(tracing.spans().stream().filter(s -> s.type() == SpanType.LLM)).hasSize(2).allSatisfy(s -> {
      assertThat(s.name()).isEqualTo("chat");
      assertThat(s.ended()).isTrue();
    });
    List<LogRecord> failures = logged.stream()
        .filter(r -> r.getThrown() instanceof IllegalStateException).toList();
    assertThat(failures).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.FINE);
    assertThat(failures.get(0).getMessage()).contains("ChatModelKind.options")
        .contains("the Spring AI call goes on untouched");
  }

  @Test
  void twoHandlersOnOneRegistryLogEachObservationOnce() {
    registry.observationConfig().observationHandler(GalileoSpringAi.create().observationHandler());
    ToolCallingObservationContext clock = toolCall("clock");

    observation(clock).observe(() -> clock.setToolCallResult("noon"));

    List<SpanData> tools = tracing.spans().stream().filter(s -> s.type() == SpanType.TOOL).toList();
    assertThat(tools).hasSize(1);
    assertThat(tools.get(0).name()).isEqualTo("clock");
    assertThat(tools.get(0).output()).isEqualTo(ai.galileo.tracing.Content.text("noon"));
    assertThat(tracing.spans()).hasSize(2); // the tool and the trace it started
  }

  @Test
  void observationsOtherThanSpringAisAreLeftAlone() {
    Observation.createNotStarted("http.client.requests", registry).observe(() -> {});
    assertThat(tracing.spans()).isEmpty();
  }

  @Test
  void theApplicationsSpansInsideAnObservationNestUnderItsSpanAndTheScopeIsRestoredAfter() throws Exception {
    Span trace = tracing.tracer().traceBuilder("job").start();
    try (Scope outer = trace.makeCurrent()) {
      ToolCallingObservationContext weather = toolCall("weather");
      observation(weather).observe(() -> {
        Span mine = tracing.tracer().spanBuilder("fetch forecast", SpanType.WORKFLOW).start();
        mine.end();
      });
      assertThat(Span.current()).isSameAs(trace);
    } finally {
      trace.end();
    }
    SpanData tool = tracing.span("weather");
    assertThat(tool.parentId()).isEqualTo(trace.context().spanId());
    assertThat(tracing.span("fetch forecast").parentId()).isEqualTo(tool.spanId());
  }

  @Test
  void anObservationStartedOnAnotherThreadUnderAParentWhoseScopeIsNotOpenThereNestsUnderTheParent()
      throws Exception {
    Span trace = tracing.tracer().traceBuilder("job").start();
    Observation parent;
    try (Scope outer = trace.makeCurrent()) {
      // Started, not scoped: how Spring AI starts a streaming call's observation.
      parent = observation(toolCall("agent step")).start();
    }
    Span unrelated = tracing.tracer().traceBuilder("something else").start();
    CompletableFuture<Void> done = CompletableFuture.runAsync(Context.root().with(unrelated).wrap(() -> {
      ToolCallingObservationContext child = toolCall("lookup");
      Observation.createNotStarted("spring.ai.tool", () -> child, registry).parentObservation(parent)
          .observe(() -> {});
    }));
    done.get(5, TimeUnit.SECONDS);
    parent.stop();
    unrelated.end();
    trace.end();

    SpanData step = tracing.span("agent step");
    assertThat(step.parentId()).isEqualTo(trace.context().spanId());
    assertThat(tracing.span("lookup").parentId()).isEqualTo(step.spanId());
  }

  /** A chat model call observed as Spring AI observes one, answered with {@code response}. */
  private void chat(Prompt prompt, ChatResponse response) {
    ChatModelObservationContext chat = ChatModelObservationContext.builder().prompt(prompt).provider("test").build();
    Observation.createNotStarted("gen_ai.client.operation", () -> chat, registry)
        .observe(() -> chat.setResponse(response));
  }

  private static Generation generation(AssistantMessage answer, String finishReason) {
    return new Generation(answer, ChatGenerationMetadata.builder().finishReason(finishReason).build());
  }

  /** An answer with its reasoning in a field of its own, as Spring AI's DeepSeek model gives it. */
  public static final class ReasonedMessage extends AssistantMessage {
    private final String reasoning;

    ReasonedMessage(String text, String reasoning) {
      super(text, Map.of(), List.of(), List.of());
      this.reasoning = reasoning;
    }

    public String getReasoningContent() {
      return reasoning;
    }
  }

  @Test
  void reasoningIsReadFromTheAnswersMetadataAThinkingGenerationOrItsOwnAccessorAndTheFinishReasonIsLowerCased() {
    Prompt prompt = new Prompt(List.of(new UserMessage("Where did Galileo teach?")));
    // Spring AI's OpenAI model: reasoningContent metadata, empty when the server sent none.
    chat(prompt, new ChatResponse(List.of(generation(AssistantMessage.builder().content("Padua.")
        .properties(Map.of("reasoningContent", "He held the chair of mathematics there.")).build(), "STOP"))));
    chat(prompt, new ChatResponse(List.of(generation(AssistantMessage.builder().content("Padua.")
        .properties(Map.of("reasoningContent", "")).build(), "STOP"))));
    // Spring AI's Anthropic model: the thinking block as a generation of its own, before the answer.
    chat(prompt, new ChatResponse(List.of(
        generation(AssistantMessage.builder().content("Recall his career.").properties(Map.of("signature", "sig")).build(),
            "end_turn"),
        generation(new AssistantMessage("Padua."), "end_turn"))));
    chat(prompt, new ChatResponse(List.of(generation(new ReasonedMessage("Padua.", "From his letters."), "stop"))));

    List<SpanData> llm = tracing.spans().stream().filter(s -> s.type() == SpanType.LLM).toList();
    assertThat(llm).hasSize(4).allSatisfy(s -> {
      assertThat(s.output()).isEqualTo(Content.message(Message.assistant("Padua.")));
      assertThat(s.metadata()).doesNotContainKey("finish_reason");
    });
    assertThat(llm).extracting(s -> s.llm().events()).containsExactly(
        List.of(LlmEvent.Reasoning.of("He held the chair of mathematics there.")),
        List.of(),
        List.of(LlmEvent.Reasoning.of("Recall his career.")),
        List.of(LlmEvent.Reasoning.of("From his letters.")));
    assertThat(llm).extracting(s -> s.llm().finishReason()).containsExactly("stop", "stop", "end_turn", "stop");
  }

  @Test
  void theToolsOfferedAreTheCallbacksDefinitionsAndOneThatCannotBeReadIsLeftOutNotTheCall() {
    ToolCallback broken = callback(null);
    ToolCallback odd = callback(ToolDefinition.builder().name("odd").description("Takes text")
        .inputSchema("not a schema {").build());
    ToolCallback weather = callback(ToolDefinition.builder().name("weather").description("The weather")
        .inputSchema("{\"type\":\"object\"}").build());
    var options = ToolCallingChatOptions.builder().toolCallbacks(List.of(weather, broken, odd)).build();

    chat(new Prompt(List.of(new UserMessage("Weather?")), options),
        new ChatResponse(List.of(generation(new AssistantMessage("Sunny."), "STOP"))));

    SpanData llm = tracing.spans().stream().filter(s -> s.type() == SpanType.LLM).findFirst().orElseThrow();
    assertThat(llm.llm().tools()).containsExactly(
        ai.galileo.tracing.ToolDefinition.of("weather", "The weather", "{\"type\":\"object\"}"),
        // Kept as its text: the core holds text that is not JSON as a JSON string of it.
        ai.galileo.tracing.ToolDefinition.of("odd", "Takes text", "\"not a schema {\""));
    assertThat(llm.metadata()).doesNotContainKey("tools");
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Sunny.")));
    assertThat(logged).anySatisfy(r -> assertThat(r.getMessage()).contains("OfferedTools"));
  }

  /** A tool callback with this definition; null: one whose definition cannot be read. */
  private static ToolCallback callback(ToolDefinition definition) {
    return new ToolCallback() {
      @Override
      public ToolDefinition getToolDefinition() {
        if (definition == null) {
          throw new IllegalStateException("no definition");
        }
        return definition;
      }

      @Override
      public String call(String toolInput) {
        return "";
      }
    };
  }

  @Test
  void onSpringAi1EachToolSpanTakesTheIdOfTheCallItExecutesInItsTraceByNameAndArguments() {
    assumeFalse(SpringAiApp.SPRING_AI_2, "Spring AI 2 reports the id in the observation");
    AssistantMessage asks = AssistantMessage.builder().content("").toolCalls(List.of(
        new AssistantMessage.ToolCall("c1", "function", "weather", "{\"city\":\"Pisa\"}"),
        new AssistantMessage.ToolCall("c2", "function", "weather", "{\"city\":\"Rome\"}"),
        new AssistantMessage.ToolCall("c3", "function", "clock", ""))).build();
    Span other = tracing.tracer().traceBuilder("another request").start();
    try (Scope scope = other.makeCurrent()) {
      observation(toolCall("weather", "{\"city\":\"Pisa\"}")).observe(() -> {});
    }
    Span trace = tracing.tracer().traceBuilder("job").start();
    try (Scope scope = trace.makeCurrent()) {
      chat(new Prompt(List.of(new UserMessage("Weather and time?"))),
          new ChatResponse(List.of(generation(asks, "TOOL_CALLS"))));
      // Spring AI runs them in order; any order matches by name and arguments. Blank arguments are {}.
      for (String[] call : List.of(new String[] {"weather", "{\"city\":\"Rome\"}"},
          new String[] {"weather", "{\"city\":\"Pisa\"}"}, new String[] {"clock", "{}"},
          new String[] {"weather", "{\"city\":\"Pisa\"}"})) {
        observation(toolCall(call[0], call[1])).observe(() -> {});
      }
    } finally {
      trace.end();
      other.end();
    }

    List<SpanData> tools = tracing.trace(trace.context().traceId()).stream()
        .filter(s -> s.type() == SpanType.TOOL).sorted(java.util.Comparator.comparingLong(SpanData::startEpochNanos))
        .toList();
    assertThat(tools).extracting(SpanData::toolCallId).containsExactly("c2", "c1", "c3", null);
    assertThat(tracing.trace(other.context().traceId())).filteredOn(s -> s.type() == SpanType.TOOL)
        .extracting(SpanData::toolCallId).containsOnlyNulls();
  }
}
