package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.opentelemetry.GalileoOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
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
 * galileo-opentelemetry: what one span costs when the parent is the other library's. The {@code
 * _galileo} rows run with the context bridge installed and OpenTelemetry's spans exported to
 * Galileo (a batch-mode pipeline whose exporter discards); {@code otelChild_otel} is OpenTelemetry
 * alone (a child of its own span, its batch processor) and {@code galileoChild_plain} Galileo alone
 * (each benchmark runs in a fork of its own, so the bridge is installed only in the bridged rows'
 * JVMs).
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OpenTelemetryBridgeBenchmarks {

  /** The bridge installed; a Galileo trace current; OpenTelemetry's spans go to Galileo only. */
  @State(Scope.Thread)
  public static class Bridged {
    GalileoTracer galileo;
    SdkTracerProvider provider;
    io.opentelemetry.api.trace.Tracer otel;
    Span galileoParent;
    ai.galileo.tracing.Scope galileoScope;
    io.opentelemetry.api.trace.Span otelParent;

    @Setup(Level.Trial)
    public void setUp() {
      galileo = Fixtures.galileo(Mode.BATCH);
      provider = GalileoOpenTelemetry.create(galileo).configure(SdkTracerProvider.builder()).build();
      otel = provider.get("bench");
      galileoParent = galileo.traceBuilder("parent").start();
      galileoScope = galileoParent.makeCurrent();
      otelParent = otel.spanBuilder("otel parent").startSpan();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      otelParent.end();
      galileoScope.close();
      galileoParent.end();
      provider.close();
      galileo.shutdown(Fixtures.shutdownWait());
    }
  }

  /** No bridge: each library's own parent current, each exporting as it does alone. */
  @State(Scope.Thread)
  public static class Plain {
    GalileoTracer galileo;
    OpenTelemetrySdk sdk;
    io.opentelemetry.api.trace.Tracer otel;
    Span galileoParent;
    io.opentelemetry.api.trace.Span otelParent;

    @Setup(Level.Trial)
    public void setUp() {
      galileo = Fixtures.galileo(Mode.BATCH);
      sdk = Fixtures.otel();
      otel = sdk.getTracer("bench");
      galileoParent = galileo.traceBuilder("parent").start();
      otelParent = otel.spanBuilder("parent").startSpan();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      otelParent.end();
      galileoParent.end();
      Fixtures.close(sdk);
      galileo.shutdown(Fixtures.shutdownWait());
    }
  }

  /** An OpenTelemetry span under the current Galileo span, exported to Galileo. */
  @Benchmark
  public void otelChild_galileo(Bridged s) {
    s.otel.spanBuilder("child").startSpan().end();
  }

  /** A Galileo span under the current OpenTelemetry span. */
  @Benchmark
  public void galileoChild_galileo(Bridged s) {
    try (io.opentelemetry.context.Scope ignored = s.otelParent.makeCurrent()) {
      s.galileo.spanBuilder("child", SpanType.WORKFLOW).start().end();
    }
  }

  /** Baseline: an OpenTelemetry span under the current OpenTelemetry span, no bridge. */
  @Benchmark
  public void otelChild_otel(Plain s) {
    try (io.opentelemetry.context.Scope ignored = s.otelParent.makeCurrent()) {
      s.otel.spanBuilder("child").startSpan().end();
    }
  }

  /** Baseline: a Galileo span under the current Galileo span, no bridge. */
  @Benchmark
  public void galileoChild_plain(Plain s) {
    try (ai.galileo.tracing.Scope ignored = s.galileoParent.makeCurrent()) {
      s.galileo.spanBuilder("child", SpanType.WORKFLOW).start().end();
    }
  }
}
