package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import brave.propagation.CurrentTraceContext;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Operation 2: make a context current on this thread, then close the scope. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ContextBenchmarks {
  Context galileo;
  io.opentelemetry.context.Context otel;
  CurrentTraceContext braveCurrent;
  TraceContext brave;

  @Setup
  public void setUp() {
    galileo = Context.root().with(Span.wrap(SpanContext.create(
        UUID.fromString("5f0c2a4e-8d1b-4c3a-9e7f-1a2b3c4d5e6f"),
        UUID.fromString("0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3"))));
    otel = io.opentelemetry.context.Context.root().with(io.opentelemetry.api.trace.Span.wrap(
        io.opentelemetry.api.trace.SpanContext.create("5f0c2a4e8d1b4c3a9e7f1a2b3c4d5e6f",
            "8c7d8e9fa0b1c2d3", TraceFlags.getSampled(), TraceState.getDefault())));
    braveCurrent = ThreadLocalCurrentTraceContext.create();
    brave = TraceContext.newBuilder().traceIdHigh(0x5f0c2a4e8d1b4c3aL).traceId(0x9e7f1a2b3c4d5e6fL)
        .spanId(0x8c7d8e9fa0b1c2d3L).sampled(true).build();
  }

  @Benchmark
  public void makeCurrent_galileo() {
    try (ai.galileo.tracing.Scope ignored = galileo.makeCurrent()) {
      // in scope
    }
  }

  @Benchmark
  public void makeCurrent_otel() {
    try (io.opentelemetry.context.Scope ignored = otel.makeCurrent()) {
      // in scope
    }
  }

  @Benchmark
  public void makeCurrent_brave() {
    try (CurrentTraceContext.Scope ignored = braveCurrent.newScope(brave)) {
      // in scope
    }
  }
}
