package com.example.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.propagation.Propagators;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The plug-in is found through META-INF/services alone and selected by its name. */
class CustomPropagatorPluginTest {

  private static GalileoTracer tracerWith(String... propagators) {
    return GalileoTracer.builder()
        .config(GalileoConfig.builder().propagators(List.of(propagators)).set("GALILEO_EXPORTER", "none").build())
        .build();
  }

  @Test
  void thePluginIsListedBesideTheBuiltIns() {
    assertThat(Propagators.available(getClass().getClassLoader()))
        .contains("company", "galileo", "tracecontext");
  }

  @Test
  void selectedByNameItIsTheOnlyHeaderWritten() {
    GalileoTracer tracer = tracerWith("company");
    Span trace = tracer.traceBuilder("t").start();
    try (Scope ignored = trace.makeCurrent()) {
      Span span = tracer.spanBuilder("call", SpanType.WORKFLOW).start();
      try (Scope inner = span.makeCurrent()) {
        assertThat(tracer.tracingHeaders()).containsOnlyKeys("X-Request-Trace")
            .containsEntry("X-Request-Trace",
                trace.context().traceIdString() + ";" + span.context().spanIdString());
      }
      span.end();
    }
    trace.end();
  }

  @Test
  void aServerSelectingItContinuesTheCallersTrace() {
    GalileoTracer tracer = tracerWith("company");
    UUID traceId = UUID.randomUUID();
    UUID parentId = UUID.randomUUID();
    Context remote = tracer.extractHeaders(Map.of("x-request-trace", traceId + ";" + parentId));
    assertThat(remote.span().context().traceId()).isEqualTo(traceId);
    assertThat(remote.span().context().spanId()).isEqualTo(parentId);
    assertThat(remote.span().context().isRemote()).isTrue();
    assertThat(tracer.extractHeaders(Map.of("X-Request-Trace", "not;an-id"))).isSameAs(Context.root());
  }

  @Test
  void itComposesWithTheBuiltInsInTheConfiguredOrder() {
    GalileoTracer tracer = tracerWith("company", "galileo");
    Span trace = tracer.traceBuilder("t").start();
    try (Scope ignored = trace.makeCurrent()) {
      assertThat(tracer.tracingHeaders()).containsOnlyKeys("X-Request-Trace", "X-Galileo-Trace-ID", "X-Galileo-Parent-ID");
    }
    trace.end();
    // Either header alone is enough to continue the trace.
    String id = UUID.randomUUID().toString();
    assertThat(tracer.extractHeaders(Map.of("X-Galileo-Trace-ID", id, "X-Galileo-Parent-ID", id))
        .span().context().traceIdString()).isEqualTo(id);
  }
}
