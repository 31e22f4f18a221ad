package ai.galileo.tracing.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
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
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
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
    return ToolCallingObservationContext.builder()
        .toolDefinition(ToolDefinition.builder().name(name).description(name).inputSchema("{}").build())
        .toolCallArguments("{\"city\":\"Pisa\"}")
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
}
