package ai.galileo.tracing.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each behaviour with real Logback (through SLF4J's MDC) and real Log4j 2 (its ThreadContext). */
class LogCorrelationTest {
  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  static Stream<Arguments> libraries() {
    return Stream.of(
        Arguments.of("Logback", (Supplier<LogCapture>) LogbackCapture::new),
        Arguments.of("Log4j 2", (Supplier<LogCapture>) Log4jCapture::new));
  }

  /** The W3C trace-id and parent-id the tracer sends for the current span. */
  private static String[] traceparentIds() {
    String traceparent = tracing.tracer().tracingHeaders().get("traceparent");
    assertThat(traceparent).as("the tracecontext propagator is on in these tests").isNotNull();
    String[] parts = traceparent.split("-");
    return new String[] {parts[1], parts[2]};
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void aLineWrittenInsideASpanCarriesItsGalileoAndW3cIds(String name, Supplier<LogCapture> library) {
    try (LogCapture logs = library.get()) {
      Span span = tracing.tracer().traceBuilder("answer").start();
      String[] w3c;
      try (Scope scope = span.makeCurrent()) {
        w3c = traceparentIds();
        logs.info("inside");
      }
      span.end();

      Map<String, String> line = logs.line("inside");
      assertThat(line.get("galileo.trace_id")).isEqualTo(span.context().traceIdString());
      assertThat(line.get("galileo.span_id")).isEqualTo(span.context().spanIdString());
      assertThat(line.get("trace_id")).isEqualTo(w3c[0]).hasSize(32);
      assertThat(line.get("span_id")).isEqualTo(w3c[1]).hasSize(16);
      assertThat(line.get("traceId")).isEqualTo(w3c[0]);
      assertThat(line.get("spanId")).isEqualTo(w3c[1]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void theIdsAreGoneOnceTheScopeCloses(String name, Supplier<LogCapture> library) {
    try (LogCapture logs = library.get()) {
      Span span = tracing.tracer().traceBuilder("answer").start();
      try (Scope scope = span.makeCurrent()) {
        logs.info("inside");
      }
      span.end();
      logs.info("after");

      assertThat(logs.line("inside").get("galileo.trace_id")).isNotEmpty();
      assertThat(logs.line("after").values()).containsOnly("", "after");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void closingAChildsScopeBringsBackTheParentsIds(String name, Supplier<LogCapture> library) {
    try (LogCapture logs = library.get()) {
      Span parent = tracing.tracer().traceBuilder("answer").start();
      try (Scope outer = parent.makeCurrent()) {
        Span child = tracing.tracer().spanBuilder("retrieve", SpanType.RETRIEVER).start();
        try (Scope inner = child.makeCurrent()) {
          logs.info("child");
        }
        child.end();
        logs.info("parent again");
        assertThat(logs.line("child").get("galileo.span_id")).isEqualTo(child.context().spanIdString());
      }
      parent.end();

      Map<String, String> line = logs.line("parent again");
      assertThat(line.get("galileo.span_id")).isEqualTo(parent.context().spanIdString());
      assertThat(line.get("galileo.trace_id")).isEqualTo(parent.context().traceIdString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void aTaskRunByTheCoresTaskWrappingExecutorLogsTheSubmittersSpan(String name, Supplier<LogCapture> library)
      throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    ExecutorService traced = Context.taskWrapping(pool);
    try (LogCapture logs = library.get()) {
      Span span = tracing.tracer().traceBuilder("answer").start();
      String[] w3c;
      try (Scope scope = span.makeCurrent()) {
        w3c = traceparentIds();
        traced.submit(() -> logs.info("on the pool")).get(10, TimeUnit.SECONDS);
      }
      span.end();
      // The same pool thread afterwards, with no context carried: nothing left behind.
      pool.submit(() -> logs.info("pool thread later")).get(10, TimeUnit.SECONDS);

      Map<String, String> line = logs.line("on the pool");
      assertThat(line.get("galileo.span_id")).isEqualTo(span.context().spanIdString());
      assertThat(line.get("trace_id")).isEqualTo(w3c[0]);
      assertThat(line.get("span_id")).isEqualTo(w3c[1]);
      assertThat(logs.line("pool thread later").values()).containsOnly("", "pool thread later");
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void aValueTheApplicationPutUnderTheSameKeyIsRestored(String name, Supplier<LogCapture> library) {
    try (LogCapture logs = library.get()) {
      logs.putContext("trace_id", "set-by-the-application");
      logs.putContext("traceId", "also-by-the-application");
      try {
        Span span = tracing.tracer().traceBuilder("answer").start();
        try (Scope scope = span.makeCurrent()) {
          logs.info("inside");
        }
        span.end();
        logs.info("after");

        assertThat(logs.line("inside").get("trace_id")).hasSize(32);
        assertThat(logs.line("after").get("trace_id")).isEqualTo("set-by-the-application");
        assertThat(logs.line("after").get("traceId")).isEqualTo("also-by-the-application");
        assertThat(logs.line("after").get("galileo.trace_id")).isEmpty();
      } finally {
        logs.putContext("trace_id", null);
        logs.putContext("traceId", null);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void aLeakedInnerScopeIsUndoneWhenTheOuterScopeCloses(String name, Supplier<LogCapture> library) {
    try (LogCapture logs = library.get()) {
      Span parent = tracing.tracer().traceBuilder("answer").start();
      Span child;
      try (Scope outer = parent.makeCurrent()) {
        child = tracing.tracer().spanBuilder("leaky", SpanType.TOOL).start();
        child.makeCurrent(); // never closed
        logs.info("leaked");
      }
      child.end();
      parent.end();
      logs.info("after");

      assertThat(logs.line("leaked").get("galileo.span_id")).isEqualTo(child.context().spanIdString());
      assertThat(logs.line("after").values()).containsOnly("", "after");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void aContextWithoutASpanMadeCurrentInsideASpanClearsTheIdsUntilItCloses(
      String name, Supplier<LogCapture> library) {
    try (LogCapture logs = library.get()) {
      Span span = tracing.tracer().traceBuilder("answer").start();
      try (Scope scope = span.makeCurrent()) {
        try (Scope none = Context.root().makeCurrent()) {
          logs.info("no span");
        }
        logs.info("span again");
      }
      span.end();

      assertThat(logs.line("no span").values()).containsOnly("", "no span");
      assertThat(logs.line("span again").get("galileo.span_id")).isEqualTo(span.context().spanIdString());
    }
  }
}
