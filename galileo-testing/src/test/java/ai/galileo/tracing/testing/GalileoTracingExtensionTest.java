package ai.galileo.tracing.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Uses the extension the way a user's test would. */
class GalileoTracingExtensionTest {
  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  /** Code under test: traces through the global tracer, as an application does. */
  private static String answer(String question) {
    Tracer tracer = Galileo.tracer();
    try (Span trace = tracer.traceBuilder("answer").setInput(question).start();
         Scope s1 = trace.makeCurrent()) {
      try (Span workflow = tracer.spanBuilder("rag", SpanType.WORKFLOW).start();
           Scope s2 = workflow.makeCurrent()) {
        tracer.spanBuilder("retrieve", SpanType.RETRIEVER).setInput(question).start().end("docs");
        tracer.spanBuilder("generate", SpanType.LLM).start().end("pendulums");
      }
      return "pendulums";
    }
  }

  @Test
  void spansOfATypeAndTheToolSpanOfOneToolCallAreFoundDirectly() {
    Tracer tracer = Galileo.tracer();
    try (Span agent = tracer.traceBuilder("agent").start(); Scope s = agent.makeCurrent()) {
      tracer.spanBuilder("weather", SpanType.AGENT).setAgentType(AgentType.REACT).start().end();
      tracer.spanBuilder("get_weather", SpanType.TOOL).setToolCallId("call_1").start().end("18 C");
      tracer.spanBuilder("get_weather", SpanType.TOOL).setToolCallId("call_2").start().end("9 C");
      tracer.spanBuilder("get_weather", SpanType.TOOL).start().end("no id");
    }

    assertEquals(List.of("weather"),
        tracing.spans(SpanType.AGENT).stream().map(SpanData::name).toList());
    assertEquals(AgentType.REACT, tracing.spans(SpanType.AGENT).get(0).agentType());
    assertEquals(3, tracing.spans(SpanType.TOOL).size());
    assertEquals("9 C", tracing.toolSpan("call_2").output().asText());
    AssertionError missing = assertThrows(AssertionError.class, () -> tracing.toolSpan("call_3"));
    assertTrue(missing.getMessage().contains("get_weather=call_1"), missing.getMessage());
  }

  @Test
  void theGlobalTracerIsTheExtensionsDuringATest() {
    assertSame(tracing.tracer(), Galileo.tracer());
  }

  @Test
  void spansNestUnderTheTraceTheCodeUnderTestStarted() {
    answer("What did Galileo study?");

    List<SpanData> trace = tracing.assertSingleTrace();
    assertEquals(List.of("retrieve", "generate", "rag", "answer"),
        trace.stream().map(SpanData::name).toList());
    SpanData root = tracing.span("answer");
    SpanData rag = tracing.span("rag");
    assertTrue(root.isTrace());
    assertEquals(root.spanId(), rag.parentId());
    assertEquals(rag.spanId(), tracing.span("retrieve").parentId());
    assertEquals(rag.spanId(), tracing.span("generate").parentId());
    assertEquals("test", root.metadata().get("service.name"));
  }

  @Test
  void aSpanIsVisibleAsSoonAsItEndsWithoutAFlush() {
    try (Span trace = tracing.tracer().traceBuilder("open").start();
         Scope scope = trace.makeCurrent()) {
      tracing.tracer().spanBuilder("step", SpanType.TOOL).start().end();

      assertEquals(List.of("step"), tracing.spans().stream().map(SpanData::name).toList());
      assertEquals(2, tracing.exporter().startedSpans().size());
    }
    assertEquals(2, tracing.spans().size());
  }

  @Test
  void twoTracesAreGroupedByTraceId() {
    answer("first");
    answer("second");

    Map<UUID, List<SpanData>> traces = tracing.traces();
    assertEquals(2, traces.size());
    for (Map.Entry<UUID, List<SpanData>> t : traces.entrySet()) {
      assertEquals(4, t.getValue().size());
      assertEquals(t.getValue(), tracing.trace(t.getKey()));
      assertTrue(t.getValue().stream().allMatch(s -> s.traceId().equals(t.getKey())));
    }
    assertEquals(2, tracing.spans("answer").size());
    AssertionError error = assertThrows(AssertionError.class, tracing::assertSingleTrace);
    assertTrue(error.getMessage().startsWith("Expected the spans of exactly one trace, found 2 traces"),
        error.getMessage());
  }

  @Test
  void spanNamesTheSpansThereAreWhenNotExactlyOneMatches() {
    answer("first");
    answer("second");

    AssertionError missing = assertThrows(AssertionError.class, () -> tracing.span("rerank"));
    assertTrue(missing.getMessage().startsWith(
        "Expected exactly one ended span named \"rerank\", found 0 among [retrieve, generate,"),
        missing.getMessage());
    AssertionError twice = assertThrows(AssertionError.class, () -> tracing.span("retrieve"));
    assertTrue(twice.getMessage().contains("found 2"), twice.getMessage());
  }

  @Test
  void assertSingleTraceFailsWhenNothingWasRecorded() {
    AssertionError error = assertThrows(AssertionError.class, tracing::assertSingleTrace);
    assertEquals("Expected the spans of exactly one trace, found 0 traces", error.getMessage());
  }

  @Test
  void spansEndedOnOtherThreadsAreThereOnceTheWorkIsDone() throws Exception {
    ExecutorService pool = Context.taskWrapping(Executors.newFixedThreadPool(2));
    try (Span trace = tracing.tracer().traceBuilder("fan out").start();
         Scope scope = trace.makeCurrent()) {
      Future<?> a = pool.submit(() -> tracing.tracer().spanBuilder("a", SpanType.TOOL).start().end());
      Future<?> b = pool.submit(() -> tracing.tracer().spanBuilder("b", SpanType.TOOL).start().end());
      a.get();
      b.get();
    } finally {
      pool.shutdown();
    }

    SpanData root = tracing.span("fan out");
    assertEquals(3, tracing.assertSingleTrace().size());
    assertEquals(root.spanId(), tracing.span("a").parentId());
    assertEquals(root.spanId(), tracing.span("b").parentId());
  }

  @RepeatedTest(2)
  void everyTestStartsWithNoSpansAndAFreshTracer() {
    assertTrue(tracing.spans().isEmpty());
    assertFalse(tracing.exporter().isShutdown());
    answer("again");
    assertEquals(4, tracing.assertSingleTrace().size());
  }

  @Test
  void theDefaultsHoldWhateverTheEnvironmentSays() {
    assertEquals(Mode.BATCH, tracing.tracer().mode());
    assertEquals("test", tracing.tracer().config().serviceName());
    assertEquals("none", tracing.tracer().config().values().get("GALILEO_EXPORTER"));
  }
}
