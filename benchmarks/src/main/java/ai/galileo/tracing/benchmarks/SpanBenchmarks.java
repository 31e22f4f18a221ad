package ai.galileo.tracing.benchmarks;

import static ai.galileo.tracing.benchmarks.Fixtures.K1;
import static ai.galileo.tracing.benchmarks.Fixtures.K2;
import static ai.galileo.tracing.benchmarks.Fixtures.K3;
import static ai.galileo.tracing.benchmarks.Fixtures.NAME;
import static ai.galileo.tracing.benchmarks.Fixtures.OTEL_K1;
import static ai.galileo.tracing.benchmarks.Fixtures.OTEL_K2;
import static ai.galileo.tracing.benchmarks.Fixtures.OTEL_K3;
import static ai.galileo.tracing.benchmarks.Fixtures.V1;
import static ai.galileo.tracing.benchmarks.Fixtures.V2;
import static ai.galileo.tracing.benchmarks.Fixtures.V3;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.internal.NoopTracer;
import brave.Tracer;
import brave.Tracing;
import brave.propagation.TraceContext;
import brave.propagation.TraceContextOrSamplingFlags;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 1: start and end a span, bare, with three attributes, as the child of the current
 * span, and as the child of a remote parent made current. Every span goes to its library's export
 * path (ours: the queue of a batch-mode pipeline); the exporters discard.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanBenchmarks {

  // ------------------------------------------------------------------ states

  @State(Scope.Thread)
  public static class Galileo {
    GalileoTracer tracer;
    Span parent;
    ai.galileo.tracing.Scope parentScope;
    Context remoteParent;

    @Setup(Level.Trial)
    public void setUp() {
      tracer = Fixtures.galileo(mode());
      // The "current span" of child_*: a trace made current on this (the benchmark's) thread.
      parent = tracer.traceBuilder("parent").start();
      parentScope = parent.makeCurrent();
      UUID trace = UUID.fromString("5f0c2a4e-8d1b-4c3a-9e7f-1a2b3c4d5e6f");
      UUID span = UUID.fromString("0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3");
      remoteParent = Context.root().with(Span.wrap(SpanContext.createRemote(trace, span)));
    }

    Mode mode() {
      return Mode.BATCH;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      parentScope.close();
      parent.end();
      tracer.shutdown(Fixtures.shutdownWait());
    }
  }

  /**
   * Distributed mode: a span is snapshotted once, as it ends, like in batch mode; a server's span
   * (remote parent) also wakes the export worker so its caller's completion is not held long.
   */
  @State(Scope.Thread)
  public static class GalileoDistributed extends Galileo {
    @Override
    Mode mode() {
      return Mode.DISTRIBUTED;
    }
  }

  @State(Scope.Thread)
  public static class Otel {
    OpenTelemetrySdk sdk;
    io.opentelemetry.api.trace.Tracer tracer;
    io.opentelemetry.api.trace.Span parent;
    io.opentelemetry.context.Scope parentScope;
    io.opentelemetry.context.Context remoteParent;

    @Setup(Level.Trial)
    public void setUp() {
      sdk = Fixtures.otel();
      tracer = sdk.getTracer("bench");
      parent = tracer.spanBuilder("parent").startSpan();
      parentScope = parent.makeCurrent();
      remoteParent = io.opentelemetry.context.Context.root().with(io.opentelemetry.api.trace.Span.wrap(
          io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(
              "5f0c2a4e8d1b4c3a9e7f1a2b3c4d5e6f", "8c7d8e9fa0b1c2d3",
              TraceFlags.getSampled(), TraceState.getDefault())));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      parentScope.close();
      parent.end();
      Fixtures.close(sdk);
    }
  }

  @State(Scope.Thread)
  public static class Brave {
    Tracing tracing;
    Tracer tracer;
    brave.Span parent;
    Tracer.SpanInScope parentScope;
    TraceContextOrSamplingFlags remoteParent;

    @Setup(Level.Trial)
    public void setUp() {
      tracing = Fixtures.brave();
      tracer = tracing.tracer();
      parent = tracer.newTrace().name("parent").start();
      parentScope = tracer.withSpanInScope(parent);
      remoteParent = TraceContextOrSamplingFlags.create(TraceContext.newBuilder()
          .traceIdHigh(0x5f0c2a4e8d1b4c3aL).traceId(0x9e7f1a2b3c4d5e6fL).spanId(0x8c7d8e9fa0b1c2d3L)
          .sampled(true).build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      parentScope.close();
      parent.finish();
      tracing.close();
    }
  }

  // ------------------------------------------------------------------ bare: a new root span

  @Benchmark
  public void bare_galileo(Galileo g) {
    // A trace is Galileo's root span; a span with no parent would start a trace of its own too.
    g.tracer.traceBuilder(NAME).setParent(Context.root()).start().end();
  }

  @Benchmark
  public void bare_otel(Otel o) {
    o.tracer.spanBuilder(NAME).setNoParent().startSpan().end();
  }

  @Benchmark
  public void bare_brave(Brave b) {
    b.tracer.newTrace().name(NAME).start().finish();
  }

  // ------------------------------------------------------------------ three attributes, new root

  @Benchmark
  public void attrs3_galileo(Galileo g) {
    g.tracer.traceBuilder(NAME)
        .setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3)
        .start().end();
  }

  @Benchmark
  public void attrs3_galileoDistributed(GalileoDistributed g) {
    g.tracer.traceBuilder(NAME)
        .setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3)
        .start().end();
  }

  @Benchmark
  public void attrs3_otel(Otel o) {
    o.tracer.spanBuilder(NAME).setNoParent()
        .setAttribute(OTEL_K1, V1).setAttribute(OTEL_K2, V2).setAttribute(OTEL_K3, V3)
        .startSpan().end();
  }

  @Benchmark
  public void attrs3_brave(Brave b) {
    b.tracer.newTrace().name(NAME).tag(K1, V1).tag(K2, V2).tag(K3, V3).start().finish();
  }

  // ------------------------------------------------------------------ child of the current span

  @Benchmark
  public void child_galileo(Galileo g) {
    g.tracer.spanBuilder(NAME, SpanType.WORKFLOW).start().end();
  }

  @Benchmark
  public void child_otel(Otel o) {
    o.tracer.spanBuilder(NAME).startSpan().end();
  }

  @Benchmark
  public void child_brave(Brave b) {
    b.tracer.nextSpan().name(NAME).start().finish();
  }

  // ------------------------------------------------------------------ remote parent, made current, 3 attributes

  @Benchmark
  public void remoteChild_galileo(Galileo g) {
    Span span = g.tracer.spanBuilder(NAME, SpanType.WORKFLOW).setParent(g.remoteParent)
        .setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3)
        .start();
    try (ai.galileo.tracing.Scope ignored = span.makeCurrent()) {
      // the request's work
    }
    span.end();
  }

  @Benchmark
  public void remoteChild_galileoDistributed(GalileoDistributed g) {
    Span span = g.tracer.spanBuilder(NAME, SpanType.WORKFLOW).setParent(g.remoteParent)
        .setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3)
        .start();
    try (ai.galileo.tracing.Scope ignored = span.makeCurrent()) {
      // the request's work
    }
    span.end();
  }

  @Benchmark
  public void remoteChild_otel(Otel o) {
    io.opentelemetry.api.trace.Span span = o.tracer.spanBuilder(NAME).setParent(o.remoteParent)
        .setAttribute(OTEL_K1, V1).setAttribute(OTEL_K2, V2).setAttribute(OTEL_K3, V3)
        .startSpan();
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      // the request's work
    }
    span.end();
  }

  @Benchmark
  public void remoteChild_brave(Brave b) {
    brave.Span span = b.tracer.nextSpan(b.remoteParent).name(NAME)
        .tag(K1, V1).tag(K2, V2).tag(K3, V3).start();
    try (Tracer.SpanInScope ignored = b.tracer.withSpanInScope(span)) {
      // the request's work
    }
    span.finish();
  }

  // ------------------------------------------------------------------ the api alone (no implementation)

  /** What a library compiled against galileo-api costs when no core is installed. */
  @Benchmark
  public void noopApi_galileo() {
    NoopTracer.INSTANCE.spanBuilder(NAME, SpanType.WORKFLOW)
        .setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3)
        .start().end();
  }

  /** OpenTelemetry's api with no SDK installed. */
  @Benchmark
  public void noopApi_otel() {
    OpenTelemetry.noop().getTracer("bench").spanBuilder(NAME)
        .setAttribute(OTEL_K1, V1).setAttribute(OTEL_K2, V2).setAttribute(OTEL_K3, V3)
        .startSpan().end();
  }
}
