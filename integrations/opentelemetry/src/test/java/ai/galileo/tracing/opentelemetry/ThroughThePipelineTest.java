package ai.galileo.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.RecordingBackend;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Through galileo-core's real export pipeline in distributed mode: OpenTelemetry spans reach the
 * exporter before the final snapshot of the local root they are under, which completes the trace.
 */
class ThroughThePipelineTest {

  @Test
  void openTelemetrySpansAreExportedBeforeTheirGalileoRootCompletes() throws Exception {
    try (RecordingBackend backend = new RecordingBackend("orchestrator");
        SdkTracerProvider provider = GalileoOpenTelemetry.create(backend.tracer())
            .configure(SdkTracerProvider.builder()).build()) {
      Tracer otel = provider.get("test");
      Span root = backend.tracer().traceBuilder("answer").start();
      try (Scope ignored = root.makeCurrent()) {
        io.opentelemetry.api.trace.Span http = otel.spanBuilder("otel call").startSpan();
        try (io.opentelemetry.context.Scope s = http.makeCurrent()) {
          backend.tracer().spanBuilder("galileo step", SpanType.TOOL).start().end();
        } finally {
          http.end();
        }
      } finally {
        root.end();
      }
      UUID trace = root.context().traceId();
      backend.awaitCompleted(trace);
      SpanData call = backend.finals("otel call").get(0);
      SpanData step = backend.finals("galileo step").get(0);
      assertThat(call.parentId()).isEqualTo(trace);
      assertThat(step.parentId()).isEqualTo(call.spanId());
      assertThat(step.remoteParent()).isFalse();
      assertThat(backend.finalIndex(call.spanId())).isLessThan(backend.finalIndex(trace));
      assertThat(backend.finalIndex(step.spanId())).isLessThan(backend.finalIndex(trace));
    }
  }

  @Test
  void anOpenTelemetryRootIsTheOneChildOfAGalileoTraceRecord() throws Exception {
    try (RecordingBackend backend = new RecordingBackend("worker");
        SdkTracerProvider provider = GalileoOpenTelemetry.create(backend.tracer())
            .configure(SdkTracerProvider.builder()).build()) {
      Tracer otel = provider.get("test");
      io.opentelemetry.api.trace.Span job = otel.spanBuilder("nightly job").startSpan();
      try (io.opentelemetry.context.Scope s = job.makeCurrent()) {
        backend.tracer().spanBuilder("summarise", SpanType.LLM).start().end();
      } finally {
        job.end();
      }
      UUID trace = Otel.traceUuid(job.getSpanContext().getTraceId());
      backend.awaitCompleted(trace);
      assertThat(backend.finals("nightly job")).hasSize(2);
      SpanData record = backend.finals("nightly job").stream().filter(SpanData::isTrace).findFirst().orElseThrow();
      SpanData span = backend.finals("nightly job").stream().filter(d -> !d.isTrace()).findFirst().orElseThrow();
      assertThat(record.spanId()).isEqualTo(trace);
      assertThat(span.parentId()).isEqualTo(trace);
      assertThat(backend.finals("summarise").get(0).parentId()).isEqualTo(span.spanId());
      assertThat(backend.finalIndex(span.spanId())).isLessThan(backend.finalIndex(trace));
      assertThat(backend.tracer().flush(Duration.ofSeconds(5)).dropped()).isZero();
    }
  }

  @Test
  void whatATracerThatRecordsNothingCannotTakeIsCounted() {
    try (ai.galileo.tracing.core.GalileoTracer disabled = ai.galileo.tracing.core.GalileoTracer.builder()
        .config(ai.galileo.tracing.core.GalileoConfig.builder().loggingDisabled(true)
            .set("GALILEO_EXPORTER", "none").build())
        .shutdownHook(false)
        .build()) {
      GalileoOpenTelemetry bridge = GalileoOpenTelemetry.create(disabled);
      try (SdkTracerProvider provider = bridge.configure(SdkTracerProvider.builder()).build()) {
        provider.get("test").spanBuilder("lost root").startSpan().end();
      }
      assertThat(bridge.spansExported()).isZero();
      assertThat(bridge.spansNotExported()).isEqualTo(2); // the span and its trace record
    }
  }
}
