package ai.galileo.tracing.core.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.annotation.NotCaptured;
import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import ai.galileo.tracing.internal.ThreadLocalContextStorage;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracedMethodsTest {
  private final Recorder recorded = new Recorder();
  private final GalileoTracer tracer = GalileoTracer.builder()
      .config(GalileoConfig.builder().set("GALILEO_EXPORTER", "none").build())
      .addSpanProcessor(recorded)
      .build();
  private final TracedMethods engine = TracedMethods.create(tracer);
  private final Agent agent = new Agent();

  @AfterEach
  void noLeakedScopes() {
    tracer.close();
    assertThat(ThreadLocalContextStorage.openScopes()).isZero();
  }

  /** The parameter's key in the input: its name with -parameters, else arg0, arg1... */
  private static String key(String method, int index) {
    for (Method m : Agent.class.getDeclaredMethods()) {
      if (m.getName().equals(method)) {
        return m.getParameters()[index].getName();
      }
    }
    throw new AssertionError(method);
  }

  @Test
  void anAnnotatedMethodIsAWorkflowSpanNamedAfterItsClassWithArgumentsInAndResultOut()
      throws Throwable {
    Object result = call("answer", "Who was Galileo?", 3);

    assertThat(result).isEqualTo("An astronomer (3)");
    SpanData span = recorded.span("Agent.answer");
    assertThat(span.type()).isEqualTo(SpanType.WORKFLOW);
    assertThat(span.input().asText()).isEqualTo(
        "{\"" + key("answer", 0) + "\":\"Who was Galileo?\",\"" + key("answer", 1) + "\":3}");
    assertThat(span.output().asText()).isEqualTo("An astronomer (3)");
    assertThat(span.statusCode()).isNull(); // no error, and nothing else set it
  }

  @Test
  void theSpanIsCurrentWhileTheMethodRunsAndNotAfter() throws Throwable {
    Object idInside = call("currentSpanId");

    SpanData span = recorded.span("Agent.currentSpanId");
    assertThat(idInside).isEqualTo(span.spanId());
    assertThat(Span.current().isRecording()).isFalse();
  }

  @Test
  void aTracedMethodCalledInsideAnotherIsItsChildInOneTrace() throws Throwable {
    agent.inner = () -> {
      try {
        return call("lookup");
      } catch (Throwable e) {
        throw new AssertionError(e);
      }
    };
    call("outer");

    SpanData outer = recorded.span("Agent.outer");
    SpanData inner = recorded.span("lookup");
    assertThat(inner.parentId()).isEqualTo(outer.spanId());
    assertThat(inner.traceId()).isEqualTo(outer.traceId());
    assertThat(inner.type()).isEqualTo(SpanType.TOOL);
  }

  @Test
  void traceTypeStartsARootEvenInsideAnotherSpan() throws Throwable {
    try (Span parent = tracer.traceBuilder("parent").start();
         var s = parent.makeCurrent()) {
      call("newTrace");
    }
    SpanData root = recorded.ended.stream().filter(d -> d.name().equals("job")).findFirst()
        .orElseThrow();
    assertThat(root.type()).isEqualTo(SpanType.TRACE);
    assertThat(root.parentId()).isNull();
  }

  @Test
  void aNotCapturedParameterIsLeftOutOfTheInputNameAndValue() throws Throwable {
    call("search", "moons of Jupiter", "sk-secret-123");

    String input = recorded.span("Agent.search").input().asText();
    assertThat(input).isEqualTo("{\"" + key("search", 0) + "\":\"moons of Jupiter\"}");
    assertThat(input).doesNotContain("sk-secret").doesNotContain(key("search", 1) + "\"");
  }

  @Test
  void captureSwitchedOffRecordsNeitherInputNorOutput() throws Throwable {
    call("quiet", "secret question");

    SpanData span = recorded.span("Agent.quiet");
    assertThat(span.input()).isNull();
    assertThat(span.output()).isNull();
  }

  @Test
  void anExceptionIsRecordedAndRethrownUnchanged() {
    assertThatThrownBy(() -> call("fail"))
        .isSameAs(Agent.FAILURE);

    SpanData span = recorded.span("Agent.fail");
    assertThat(span.metadata()).containsEntry("error.type", IOException.class.getName())
        .containsEntry("error.message", "disk gone");
    assertThat(span.statusCode()).isEqualTo(500);
    assertThat(span.ended()).isTrue();
  }

  @Test
  void aToStringThatThrowsIsRecordedAsItsTypeAndTheCallGoesOn() throws Throwable {
    Object result = call("describe", new Hostile());

    assertThat(result).isEqualTo("described");
    assertThat(recorded.span("Agent.describe").input().asText())
        .contains("<toString() threw java.lang.IllegalStateException>");
  }

  @Test
  void aHugeArgumentIsCutWithANoteOfWhatWasLeftOut() throws Throwable {
    String huge = "x".repeat(1_000_000);
    List<Integer> many = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      many.add(i);
    }
    call("describe", huge);
    call("count", many);

    String text = recorded.spans("Agent.describe").get(0).input().asText();
    assertThat(text.length()).isLessThan(10_000);
    assertThat(text).contains("991808 more characters");
    String list = recorded.span("Agent.count").input().asText();
    assertThat(list).contains("99,\"... 9900 more\"]");
    assertThat(recorded.span("Agent.count").output().asText()).isEqualTo("10000");
  }

  @Test
  void structuredArgumentsBecomeJsonAndASelfContainingListStaysBounded() throws Throwable {
    List<Object> loop = new ArrayList<>();
    loop.add("a");
    loop.add(loop);
    call("describe", Map.of("k", List.of(1, true, SpanType.LLM)));
    call("describe", loop);

    List<SpanData> spans = recorded.spans("Agent.describe");
    assertThat(spans.get(0).input().asText())
        .isEqualTo("{\"" + key("describe", 0) + "\":{\"k\":[1,true,\"LLM\"]}}");
    assertThat(spans.get(1).input().asText()).startsWith("{\"" + key("describe", 0) + "\":[\"a\",[");
  }

  @Test
  void nullArgumentsAndANullArgumentArrayAreRecordedAsNull() throws Throwable {
    call("describe", (Object) null);
    Method m = method("describe");
    engine.invoke(m, null, () -> "no args");

    List<SpanData> spans = recorded.spans("Agent.describe");
    assertThat(spans).hasSize(2);
    assertThat(spans).allSatisfy(s -> assertThat(s.input().asText())
        .isEqualTo("{\"" + key("describe", 0) + "\":null}"));
  }

  @Test
  void aMethodReturningNullEndsItsSpanWithoutOutput() throws Throwable {
    assertThat(call("nothing")).isNull();

    SpanData span = recorded.span("Agent.nothing");
    assertThat(span.ended()).isTrue();
    assertThat(span.output()).isNull();
    assertThat(span.input()).isNull(); // no parameters, no input
  }

  @Test
  void aSingleStringArgumentWithQuotesBackslashesOrControlCharactersIsEscaped() throws Throwable {
    call("describe", "say \"hi\" \\ then\tgo");

    assertThat(recorded.span("Agent.describe").input().asText())
        .isEqualTo("{\"" + key("describe", 0) + "\":\"say \\\"hi\\\" \\\\ then\\tgo\"}");
  }

  @Test
  void aHugeStringResultIsCutWithANoteOfWhatWasLeftOut() throws Throwable {
    String text = "x".repeat(10_000);

    Object result = call("echo", text);

    assertThat(result).isSameAs(text);
    assertThat(recorded.span("Agent.echo").output().asText())
        .isEqualTo("x".repeat(8192) + "... (1808 more characters)");
  }

  @Test
  void aResolvedMethodTracesEachCallAndHandsProceedTheInvocationItWasGiven() throws Throwable {
    TracedMethod answer = engine.method(method("answer"));
    List<Object> handed = new ArrayList<>();

    Object first = answer.invoke(agent, new Object[] {"q", 4}, a -> {
      handed.add(a);
      return a.answer("q", 4);
    });
    Object second = answer.invoke(agent, new Object[] {"r", 5}, a -> a.answer("r", 5));

    assertThat(answer.traced()).isTrue();
    assertThat(handed).containsExactly(agent);
    assertThat(first).isEqualTo("An astronomer (4)");
    assertThat(second).isEqualTo("An astronomer (5)");
    assertThat(recorded.spans("Agent.answer")).extracting(d -> d.input().asText()).containsExactly(
        "{\"" + key("answer", 0) + "\":\"q\",\"" + key("answer", 1) + "\":4}",
        "{\"" + key("answer", 0) + "\":\"r\",\"" + key("answer", 1) + "\":5}");
  }

  @Test
  void aResolvedMethodWithoutTheAnnotationJustProceeds() throws Throwable {
    TracedMethod plain = engine.method(method("plain"));

    assertThat(plain.traced()).isFalse();
    assertThat(plain.invoke(agent, null, Agent::plain)).isEqualTo("plain");
    assertThat(recorded.ended).isEmpty();
  }

  @Test
  void aResolvedMethodRecordsAnExceptionAndRethrowsItUnchanged() {
    TracedMethod fail = engine.method(method("fail"));

    assertThatThrownBy(() -> fail.invoke(agent, new Object[0], Agent::fail))
        .isSameAs(Agent.FAILURE);
    assertThat(recorded.span("Agent.fail").statusCode()).isEqualTo(500);
  }

  @Test
  void contentReturnedIsTheOutputAsItIs() throws Throwable {
    call("documents");

    assertThat(recorded.span("Agent.documents").output()).isEqualTo(Content.text("doc"));
  }

  @Test
  void aMethodWithoutTheAnnotationJustProceeds() throws Throwable {
    assertThat(call("plain")).isEqualTo("plain");
    assertThat(recorded.ended).isEmpty();
  }

  @Test
  void aFailingTracerNeverFailsTheCall() throws Throwable {
    Tracer broken = new Tracer() {
      @Override
      public SpanBuilder traceBuilder(String name) {
        throw new IllegalStateException("broken");
      }

      @Override
      public SpanBuilder spanBuilder(String name, SpanType type) {
        throw new IllegalStateException("broken");
      }

      @Override
      public ai.galileo.tracing.Propagator propagator() {
        throw new IllegalStateException("broken");
      }
    };
    Method m = method("answer");
    Object result = TracedMethods.create(broken)
        .invoke(m, new Object[] {"q", 1}, () -> m.invoke(agent, "q", 1));
    assertThat(result).isEqualTo("An astronomer (1)");
  }

  @Test
  void theGlobalEngineUsesTheTracerRegisteredAtTheTimeOfTheCall() throws Throwable {
    Tracer before = Galileo.register(tracer);
    try {
      Method m = method("answer");
      Object result = TracedMethods.global()
          .invoke(m, new Object[] {"q", 2}, () -> m.invoke(agent, "q", 2));

      assertThat(result).isEqualTo("An astronomer (2)");
      assertThat(recorded.span("Agent.answer").input().asText()).contains("\"q\"");
    } finally {
      if (before != null) {
        Galileo.register(before);
      } else {
        Galileo.reset();
      }
    }
  }

  @Test
  void aCompletableFutureIsReturnedItselfAndEndsTheSpanWhenItCompletes() throws Throwable {
    CompletableFuture<String> pending = new CompletableFuture<>();
    agent.next = pending;

    Object returned = call("later");

    assertThat(returned).isSameAs(pending);
    assertThat(recorded.ended).isEmpty();
    assertThat(Span.current().isRecording()).isFalse(); // current only while the body ran
    pending.complete("done");
    SpanData span = recorded.span("Agent.later");
    assertThat(span.output().asText()).isEqualTo("done");
    assertThat(span.statusCode()).isNull(); // no error, and nothing else set it
  }

  @Test
  void aFailedFutureRecordsTheErrorItself() throws Throwable {
    CompletableFuture<String> pending = new CompletableFuture<>();
    agent.next = pending;
    call("later");

    pending.completeExceptionally(new IllegalArgumentException("bad model"));

    SpanData span = recorded.span("Agent.later");
    assertThat(span.metadata()).containsEntry("error.type", IllegalArgumentException.class.getName())
        .containsEntry("error.message", "bad model");
    assertThat(span.statusCode()).isEqualTo(500);
  }

  @Test
  void aCancelledFutureIsRecordedAsCancelledNotAsAFailure() throws Throwable {
    CompletableFuture<String> pending = new CompletableFuture<>();
    agent.next = pending;
    CompletableFuture<?> returned = (CompletableFuture<?>) call("later");

    returned.cancel(true);

    assertThat(pending.isCancelled()).isTrue(); // the caller cancelled the method's own future
    SpanData span = recorded.span("Agent.later");
    assertThat(span.metadata()).containsEntry("cancelled", "true").doesNotContainKey("error.type");
    assertThat(span.statusCode()).isNull(); // no error, and nothing else set it
  }

  @Test
  void aCompletionStageOfAnotherKindIsReturnedItself() throws Throwable {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletionStage<String> minimal = source.minimalCompletionStage();
    agent.nextStage = minimal;

    assertThat(call("stage")).isSameAs(minimal);
    source.complete("staged");

    assertThat(recorded.span("Agent.stage").output().asText()).isEqualTo("staged");
  }

  @Test
  void aFutureReturnedAsObjectIsStillAwaited() throws Throwable {
    CompletableFuture<String> pending = new CompletableFuture<>();
    agent.next = pending;
    call("anything");
    assertThat(recorded.ended).isEmpty();

    pending.complete("late");

    assertThat(recorded.span("Agent.anything").output().asText()).isEqualTo("late");
  }

  private Object call(String name, Object... args) throws Throwable {
    Method m = method(name);
    return engine.invoke(m, args, () -> {
      try {
        return m.invoke(agent, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  static Method method(String name) {
    for (Method m : Agent.class.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no method " + name);
  }

  /** A toString that fails, as a half-built object's might. */
  static final class Hostile {
    @Override
    public String toString() {
      throw new IllegalStateException("not ready");
    }
  }

  /** What the tests trace. */
  public static class Agent {
    static final IOException FAILURE = new IOException("disk gone");
    /** What {@link #outer} calls: in the tests, another traced method through the engine. */
    Callable<Object> inner;
    CompletableFuture<String> next;
    CompletionStage<String> nextStage;

    @Traced
    public String answer(String question, int topK) {
      return "An astronomer (" + topK + ")";
    }

    @Traced
    public Object currentSpanId() {
      return Span.current().context().spanId();
    }

    @Traced
    public String outer() throws Exception {
      return (String) inner.call();
    }

    @Traced(name = "lookup", type = SpanType.TOOL)
    public String lookup() {
      return "found";
    }

    @Traced(name = "job", type = SpanType.TRACE)
    public String newTrace() {
      return "ok";
    }

    @Traced
    public String search(String query, @NotCaptured String apiKey) {
      return "results";
    }

    @Traced(captureInput = false, captureOutput = false)
    public String quiet(String question) {
      return "private answer";
    }

    @Traced
    public String fail() throws IOException {
      throw FAILURE;
    }

    @Traced
    public String describe(Object value) {
      return "described";
    }

    @Traced(captureInput = false)
    public String echo(String text) {
      return text;
    }

    @Traced
    public int count(List<Integer> values) {
      return values.size();
    }

    @Traced
    public String nothing() {
      return null;
    }

    @Traced
    public Content documents() {
      return Content.text("doc");
    }

    public String plain() {
      return "plain";
    }

    @Traced
    public CompletableFuture<String> later() {
      return next;
    }

    @Traced
    public CompletionStage<String> stage() {
      return nextStage;
    }

    @Traced
    public Object anything() {
      return next;
    }
  }

  /** Ended spans, for assertions. */
  static final class Recorder implements SpanProcessor {
    final ConcurrentLinkedQueue<SpanData> ended = new ConcurrentLinkedQueue<>();

    @Override
    public void onStart(SpanData span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(SpanData span) {
      ended.add(span);
    }

    /** The ended spans of that name that are not the trace a root span opened for itself. */
    List<SpanData> spans(String name) {
      return ended.stream().filter(s -> s.name().equals(name) && s.type() != SpanType.TRACE)
          .collect(Collectors.toList());
    }

    SpanData span(String name) {
      List<SpanData> matches = spans(name);
      if (matches.size() != 1) {
        throw new AssertionError("expected one span '" + name + "', found " + matches.size()
            + " among " + ended.stream().map(SpanData::name).collect(Collectors.toList()));
      }
      return matches.get(0);
    }
  }
}
