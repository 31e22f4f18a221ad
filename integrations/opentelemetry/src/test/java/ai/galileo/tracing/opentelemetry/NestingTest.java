package ai.galileo.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.W3CIds;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One trace either way: OpenTelemetry spans inside Galileo spans, and the other way round. */
class NestingTest {
  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  @BeforeEach
  void reset() {
    Otel.EXPORTED.reset();
  }

  @Test
  void anOpenTelemetrySpanInsideAGalileoSpanNestsUnderIt() {
    Span outer = Galileo.tracer().spanBuilder("answer", SpanType.WORKFLOW).start();
    try (Scope ignored = outer.makeCurrent()) {
      io.opentelemetry.api.trace.Span inner = Otel.TRACER.spanBuilder("http get").startSpan();
      inner.end();
    } finally {
      outer.end();
    }

    var otel = Otel.span("http get");
    assertThat(otel.getTraceId()).isEqualTo(Otel.traceHex(outer.context().traceId()));
    assertThat(otel.getParentSpanId()).isEqualTo(Otel.spanHex(outer.context().spanId()));
    assertThat(otel.getParentSpanContext().isRemote()).isFalse();

    tracing.assertSingleTrace();
    SpanData exported = tracing.span("http get");
    assertThat(exported.type()).isEqualTo(SpanType.WORKFLOW);
    assertThat(exported.parentId()).isEqualTo(outer.context().spanId());
    assertThat(exported.spanId()).isEqualTo(Otel.uuidOf(otel.getTraceId(), otel.getSpanId()));
    assertThat(exported.remoteParent()).isFalse();
    assertThat(exported.metadata()).containsEntry("service.name", "test");
    assertThat(exported.durationNanos()).isEqualTo(otel.getEndEpochNanos() - otel.getStartEpochNanos());
  }

  @Test
  void aGalileoSpanInsideAnOpenTelemetrySpanNestsUnderIt() {
    io.opentelemetry.api.trace.Span request = Otel.TRACER.spanBuilder("GET /answer").startSpan();
    Span retrieve;
    try (io.opentelemetry.context.Scope ignored = request.makeCurrent()) {
      retrieve = Galileo.tracer().spanBuilder("retrieve", SpanType.RETRIEVER).start();
      retrieve.end();
    } finally {
      request.end();
    }

    var otel = Otel.span("GET /answer");
    UUID trace = Otel.traceUuid(otel.getTraceId());
    assertThat(W3CIds.isV4(trace.getMostSignificantBits(), trace.getLeastSignificantBits()))
        .as("the id generator makes v4-shaped trace ids").isTrue();
    assertThat(retrieve.context().traceId()).isEqualTo(trace);

    SpanData galileo = tracing.span("retrieve");
    assertThat(galileo.parentId()).isEqualTo(Otel.uuidOf(otel.getTraceId(), otel.getSpanId()));
    assertThat(galileo.remoteParent()).as("its parent is made in this process").isFalse();

    // The OpenTelemetry root becomes the one child of a Galileo trace record named like it.
    var traceSpans = tracing.assertSingleTrace();
    assertThat(traceSpans).extracting(SpanData::name)
        .containsExactly("retrieve", "GET /answer", "GET /answer");
    SpanData root = traceSpans.get(2);
    assertThat(root.isTrace()).isTrue();
    assertThat(root.spanId()).isEqualTo(trace);
    SpanData request2 = traceSpans.get(1);
    assertThat(request2.type()).isEqualTo(SpanType.WORKFLOW);
    assertThat(request2.spanId()).isEqualTo(galileo.parentId());
    assertThat(request2.parentId()).isEqualTo(trace);
  }

  @Test
  void threeLevelsAlternating() {
    Span a = Galileo.tracer().traceBuilder("A").start();
    try (Scope sa = a.makeCurrent()) {
      io.opentelemetry.api.trace.Span b = Otel.TRACER.spanBuilder("B").startSpan();
      try (io.opentelemetry.context.Scope sb = b.makeCurrent()) {
        Span c = Galileo.tracer().spanBuilder("C", SpanType.AGENT).start();
        try (Scope sc = c.makeCurrent()) {
          io.opentelemetry.api.trace.Span d = Otel.TRACER.spanBuilder("D").startSpan();
          try (io.opentelemetry.context.Scope sd = d.makeCurrent()) {
            Galileo.tracer().spanBuilder("E", SpanType.TOOL).start().end();
          } finally {
            d.end();
          }
          // Back in C, after D's scope closed: a new OpenTelemetry span is C's child again.
          Otel.TRACER.spanBuilder("D2").startSpan().end();
        } finally {
          c.end();
        }
      } finally {
        b.end();
      }
    } finally {
      a.end();
    }

    tracing.assertSingleTrace();
    UUID traceId = a.context().traceId();
    SpanData sb = tracing.span("B");
    SpanData sc = tracing.span("C");
    SpanData sd = tracing.span("D");
    SpanData se = tracing.span("E");
    SpanData sd2 = tracing.span("D2");
    assertThat(sb.parentId()).isEqualTo(traceId);
    assertThat(sc.parentId()).isEqualTo(sb.spanId());
    assertThat(sd.parentId()).isEqualTo(sc.spanId());
    assertThat(se.parentId()).isEqualTo(sd.spanId());
    assertThat(sd2.parentId()).isEqualTo(sc.spanId());
    for (String name : new String[] {"B", "D", "D2"}) {
      assertThat(Otel.span(name).getTraceId()).isEqualTo(Otel.traceHex(traceId));
    }
    assertThat(Otel.span("D").getParentSpanId()).isEqualTo(Otel.spanHex(sc.spanId()));
    assertThat(Otel.span("B").getParentSpanId()).isEqualTo(Otel.spanHex(traceId));
  }

  @Test
  void galileoSpansAfterTheOpenTelemetryScopeClosedNestAsBefore() {
    Span a = Galileo.tracer().spanBuilder("A", SpanType.WORKFLOW).start();
    try (Scope sa = a.makeCurrent()) {
      io.opentelemetry.api.trace.Span b = Otel.TRACER.spanBuilder("B").startSpan();
      try (io.opentelemetry.context.Scope sb = b.makeCurrent()) {
        // nothing
      } finally {
        b.end();
      }
      Galileo.tracer().spanBuilder("after", SpanType.TOOL).start().end();
    } finally {
      a.end();
    }
    assertThat(tracing.span("after").parentId()).isEqualTo(a.context().spanId());
    assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void makeGalileoSpanCurrentHandsTheGalileoSpanToOpenTelemetryExplicitly() {
    assertThat(GalileoOpenTelemetry.makeGalileoSpanCurrent()).isSameAs(io.opentelemetry.context.Scope.noop());
    Span outer = Galileo.tracer().spanBuilder("outer", SpanType.WORKFLOW).start();
    try (Scope s = outer.makeCurrent();
        io.opentelemetry.context.Scope o = GalileoOpenTelemetry.makeGalileoSpanCurrent()) {
      Otel.TRACER.spanBuilder("agent client span").startSpan().end();
    } finally {
      outer.end();
    }
    assertThat(Otel.span("agent client span").getParentSpanId())
        .isEqualTo(Otel.spanHex(outer.context().spanId()));
    assertThat(tracing.span("agent client span").parentId()).isEqualTo(outer.context().spanId());
  }
}
