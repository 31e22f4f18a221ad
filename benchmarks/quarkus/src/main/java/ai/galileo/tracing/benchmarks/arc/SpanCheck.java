package ai.galileo.tracing.benchmarks.arc;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The set-up's smoke check: a tracer that keeps the spans that end, so that the set-up can fail
 * when a bean the benchmark calls is not traced as the row's name says (or traced when it should
 * not be). Spans are kept as they end, without the export pipeline.
 */
final class SpanCheck implements SpanProcessor, AutoCloseable {
  private final List<SpanData> ended = new CopyOnWriteArrayList<>();
  private final GalileoTracer tracer;

  SpanCheck(String service) {
    tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().set("GALILEO_EXPORTER", "none").serviceName(service).build())
        .addSpanProcessor(this)
        .build();
  }

  GalileoTracer tracer() {
    return tracer;
  }

  @Override
  public void onStart(SpanData span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(SpanData span) {
    if (span.ended() && span.type() != SpanType.TRACE) {
      ended.add(span);
    }
  }

  /** Calls under a fresh trace and expects exactly one span, the child of that trace, as given. */
  void expectSpan(String what, UnaryOperator<String> call, String argument, String input,
      String output) {
    List<SpanData> spans = callUnderTrace(call, argument, output, what);
    if (spans.size() != 1) {
      throw new IllegalStateException(what + ": expected one span, got " + spans);
    }
    SpanData span = spans.get(0);
    boolean asExpected = "Assistant.answer".equals(span.name())
        && span.type() == SpanType.WORKFLOW
        && span.parentId() != null && span.parentId().equals(span.traceId())
        && span.input() != null && input.equals(span.input().asText())
        && span.output() != null && output.equals(span.output().asText());
    if (!asExpected) {
      throw new IllegalStateException(what + ": not the span the hand-written row makes: " + span);
    }
  }

  /** Calls under a fresh trace and expects no span. */
  void expectNoSpan(String what, UnaryOperator<String> call, String argument) {
    List<SpanData> spans = callUnderTrace(call, argument, Assistant.ANSWER, what);
    if (!spans.isEmpty()) {
      throw new IllegalStateException(what + ": expected no span, got " + spans);
    }
  }

  private List<SpanData> callUnderTrace(UnaryOperator<String> call, String argument,
      String answer, String what) {
    ended.clear();
    Span trace = tracer.traceBuilder("smoke check").start();
    try (ai.galileo.tracing.Scope ignored = trace.makeCurrent()) {
      String returned = call.apply(argument);
      if (!answer.equals(returned)) {
        throw new IllegalStateException(what + " answered " + returned);
      }
    } finally {
      trace.end();
    }
    return List.copyOf(ended);
  }

  @Override
  public void close() {
    tracer.shutdown(Duration.ofSeconds(5));
  }
}
