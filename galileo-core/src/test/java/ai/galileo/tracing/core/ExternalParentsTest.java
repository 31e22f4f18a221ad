package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.internal.ExternalSpans;
import ai.galileo.tracing.core.internal.ImplicitParent;
import ai.galileo.tracing.internal.NoopTracer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two internal hooks the OpenTelemetry bridge uses: the implicit-parent resolver, and
 * recording a span made elsewhere through a tracer's processors.
 */
class ExternalParentsTest {
  private final RecordingProcessor recorded = new RecordingProcessor();
  private final GalileoTracer tracer = GalileoTracer.builder()
      .config(GalileoTracerTest.quiet().serviceName("svc").build())
      .addSpanProcessor(recorded)
      .build();
  private final UUID otherTrace = UUID.randomUUID();
  private final UUID otherSpan = UUID.randomUUID();

  @AfterEach
  void uninstall() {
    ImplicitParent.install(null);
    tracer.close();
  }

  @Test
  void aResolvedParentMadeInThisProcessIsTheParentAndNotRemote() {
    ImplicitParent.install(current -> current.context().isValid()
        ? current : Span.wrap(SpanContext.create(otherTrace, otherSpan)));
    tracer.spanBuilder("child", SpanType.TOOL).start().end();

    SpanData child = recorded.ended("child");
    assertThat(child.traceId()).isEqualTo(otherTrace);
    assertThat(child.parentId()).isEqualTo(otherSpan);
    assertThat(child.remoteParent()).isFalse();
    assertThat(recorded.ended()).hasSize(1); // no trace of its own: it has a parent
  }

  @Test
  void aRemoteResolvedParentStaysRemote() {
    ImplicitParent.install(current -> Span.wrap(SpanContext.createRemote(otherTrace, otherSpan)));
    tracer.spanBuilder("child", SpanType.TOOL).start().end();
    assertThat(recorded.ended("child").remoteParent()).isTrue();
  }

  @Test
  void aResolverThatThrowsIsIgnored() {
    ImplicitParent.install(current -> {
      throw new IllegalStateException("broken resolver");
    });
    try (Span trace = tracer.traceBuilder("t").start(); Scope s = trace.makeCurrent()) {
      tracer.spanBuilder("child", SpanType.TOOL).start().end();
      assertThat(recorded.ended("child").parentId()).isEqualTo(trace.context().spanId());
      assertThat(recorded.ended("child").remoteParent()).isFalse();
    }
  }

  @Test
  void externalSpansGoThroughTheTracersProcessors() {
    SpanData span = new SpanData(SpanType.WORKFLOW, "from otel", otherTrace, otherSpan, otherTrace,
        false, null, null, null, Map.of("service.name", "svc"), List.of(), null, 1L, 2L,
        SpanData.State.ENDED, null);
    assertThat(ExternalSpans.record(tracer, span)).isTrue();
    assertThat(recorded.ended("from otel")).isSameAs(span);
    assertThat(ExternalSpans.serviceName(tracer)).isEqualTo("svc");

    assertThat(ExternalSpans.record(NoopTracer.INSTANCE, span)).isFalse();
    assertThat(ExternalSpans.serviceName(NoopTracer.INSTANCE)).isNull();
    SpanData started = new SpanData(SpanType.WORKFLOW, "open", otherTrace, otherSpan, otherTrace,
        false, null, null, null, Map.of(), List.of(), null, 1L, -1L, SpanData.State.STARTED, null);
    assertThatThrownBy(() -> ExternalSpans.record(tracer, started))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(recorded.ended()).hasSize(1);
  }

  @Test
  void aTracerThatRecordsNothingTakesNoExternalSpans() {
    try (GalileoTracer disabled = GalileoTracer.builder()
        .config(GalileoTracerTest.quiet().loggingDisabled(true).build())
        .addSpanProcessor(recorded)
        .build()) {
      SpanData span = new SpanData(SpanType.WORKFLOW, "from otel", otherTrace, otherSpan, otherTrace,
          false, null, null, null, Map.of(), List.of(), null, 1L, 2L, SpanData.State.ENDED, null);
      assertThat(ExternalSpans.record(disabled, span)).isFalse();
      assertThat(recorded.ended()).isEmpty();
    }
  }
}
