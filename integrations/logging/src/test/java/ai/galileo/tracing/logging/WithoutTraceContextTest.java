package ai.galileo.tracing.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With only Galileo's propagator there are no W3C ids: Boot's keys then hold Galileo's UUIDs. */
class WithoutTraceContextTest {
  private GalileoTracer tracer;
  private Tracer previous;

  @BeforeEach
  void installTracerWithGalileoPropagatorOnly() {
    tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().propagators(List.of("galileo")).set("GALILEO_EXPORTER", "none").build())
        .shutdownHook(false)
        .build();
    previous = Galileo.register(tracer);
  }

  @AfterEach
  void restoreTracer() {
    if (previous != null) {
      Galileo.register(previous);
    } else {
      Galileo.reset();
    }
    tracer.close();
  }

  @Test
  void onlyGalileoIdsAreSetAndSpringBootsKeysHoldThem() {
    try (LogCapture logs = new LogbackCapture()) {
      Span span = tracer.traceBuilder("answer").start();
      try (Scope scope = span.makeCurrent()) {
        assertThat(tracer.tracingHeaders()).doesNotContainKey("traceparent");
        logs.info("inside");
      }
      span.end();

      Map<String, String> line = logs.line("inside");
      assertThat(line.get("galileo.trace_id")).isEqualTo(span.context().traceIdString());
      assertThat(line.get("trace_id")).isEmpty();
      assertThat(line.get("span_id")).isEmpty();
      assertThat(line.get("traceId")).isEqualTo(span.context().traceIdString());
      assertThat(line.get("spanId")).isEqualTo(span.context().spanIdString());
    }
  }
}
