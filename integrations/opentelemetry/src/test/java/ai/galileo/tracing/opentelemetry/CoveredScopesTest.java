package ai.galileo.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.internal.CoveredInstrumentation;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.opentelemetry.api.trace.Tracer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A scope whose steps a Galileo integration logs itself (galileo-adk covers ADK's): its spans still
 * reach OpenTelemetry's exporters, but not Galileo, and a Galileo span started while one of them is
 * current nests under Galileo's current span, never under a span Galileo does not receive.
 */
class CoveredScopesTest {
  private static final String COVERED = "covered-by-a-galileo-integration-test";

  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  @BeforeEach
  void reset() {
    Otel.EXPORTED.reset();
  }

  @Test
  void aCoveredScopesSpansAreLeftOutOfGalileoAndNothingNestsUnderThem() {
    CoveredInstrumentation.cover(COVERED);
    Tracer covered = Otel.PROVIDER.get(COVERED);
    long before = Otel.BRIDGE.spansCovered();

    Span step = Galileo.tracer().spanBuilder("the integration's step", SpanType.TOOL).start();
    Span inner;
    try (Scope s = step.makeCurrent()) {
      io.opentelemetry.api.trace.Span duplicate = covered.spanBuilder("the same step, again").startSpan();
      try (io.opentelemetry.context.Scope d = duplicate.makeCurrent()) {
        inner = Galileo.tracer().spanBuilder("work inside the step", SpanType.RETRIEVER).start();
        inner.end();
      } finally {
        duplicate.end();
      }
    } finally {
      step.end();
    }

    Otel.span("the same step, again"); // OpenTelemetry's exporters still get it
    assertThat(tracing.spans()).extracting(d -> d.name()).doesNotContain("the same step, again");
    assertThat(tracing.span("work inside the step").parentId()).isEqualTo(step.context().spanId());
    assertThat(Otel.BRIDGE.spansCovered()).isEqualTo(before + 1);
    tracing.assertSingleTrace();
  }

  @Test
  void anUncoveredScopeIsExportedAsBefore() {
    Tracer other = Otel.PROVIDER.get("not-covered-test");
    io.opentelemetry.api.trace.Span s = other.spanBuilder("a step of its own").startSpan();
    s.end();

    assertThat(tracing.spans()).filteredOn(d -> d.type() != SpanType.TRACE).extracting(d -> d.name())
        .containsExactly("a step of its own");
  }
}
