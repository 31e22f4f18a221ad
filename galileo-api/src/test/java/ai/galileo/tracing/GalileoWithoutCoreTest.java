package ai.galileo.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The api's module has no implementation on its test class path: this is what a library sees. */
class GalileoWithoutCoreTest {

  @AfterEach
  void reset() {
    Galileo.reset();
  }

  @Test
  void tracerIsANoopWhenNoImplementationIsInstalled() {
    Tracer tracer = Galileo.tracer();
    Span trace = tracer.traceBuilder("t").setInput("in").start();
    assertThat(trace.isRecording()).isFalse();
    assertThat(trace.context().isValid()).isFalse();
    assertThat(tracer.propagator().fields()).isEmpty();
    assertThat(tracer.tracingHeaders()).isEmpty();
    assertThat(Galileo.tracer()).isSameAs(tracer);
  }

  @Test
  void noopSpansCarryTheRemoteParentsIdsThrough() {
    SpanContext remote = SpanContext.createRemote(UUID.randomUUID(), UUID.randomUUID());
    try (Scope ignored = Span.wrap(remote).makeCurrent()) {
      Span child = Galileo.tracer().spanBuilder("call", SpanType.TOOL).start();
      assertThat(child.context()).isEqualTo(remote);
      try (Scope inner = child.makeCurrent()) {
        assertThat(Span.current().context()).isEqualTo(remote);
      }
      child.end();
    }
    Span explicit = Galileo.tracer().spanBuilder("call", SpanType.TOOL)
        .setParent(Context.root().with(Span.wrap(remote))).start();
    assertThat(explicit.context()).isEqualTo(remote);
  }

  @Test
  void noopSpansIgnoreEverythingAndNeverThrow() {
    Span span = Galileo.tracer().spanBuilder("x", SpanType.LLM).setInput((String) null).start();
    span.setInput((Content) null).setOutput("o").setMetadata(null, null).addTag(null)
        .setStatusCode(500).setModel(null).setTemperature(Double.NaN).setTokens(1, 2)
        .setTotalTokens(3).setTimeToFirstTokenNanos(-1).setDurationNanos(-5)
        .recordError(new RuntimeException()).setName(null);
    span.end();
    span.end("again");
    span.close();
    assertThat(span.isRecording()).isFalse();
  }

  @Test
  void registeredTracerReplacesTheNoop() {
    Tracer custom = new Tracer() {
      @Override
      public SpanBuilder traceBuilder(String name) {
        return Galileo.tracer().traceBuilder(name);
      }

      @Override
      public SpanBuilder spanBuilder(String name, SpanType type) {
        return Galileo.tracer().spanBuilder(name, type);
      }

      @Override
      public Propagator propagator() {
        return Propagator.noop();
      }
    };
    Tracer previous = Galileo.register(custom);
    assertThat(previous).isNull();
    assertThat(Galileo.tracer()).isSameAs(custom);
    assertThat(Galileo.propagator()).isSameAs(Propagator.noop());
  }

  @Test
  void extractHeadersWithoutPropagatorsLeavesTheContextAlone() {
    Context ctx = Galileo.tracer().extractHeaders(Map.of("X-Galileo-Trace-ID", UUID.randomUUID().toString()));
    assertThat(ctx).isSameAs(Context.root());
  }
}
