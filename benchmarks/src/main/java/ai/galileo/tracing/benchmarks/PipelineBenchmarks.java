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
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.core.internal.export.GalileoJson;
import ai.galileo.tracing.core.internal.export.SpanNode;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Operation 5: the export pipeline under load. Producer threads start and end spans (three
 * attributes each) as fast as they can; each library's queue, batching (512 spans) and worker
 * hand batches to an exporter that serializes them (ours: Galileo JSON; OpenTelemetry: OTLP/JSON)
 * into a sink that discards the bytes.
 *
 * <p>The score is the producers' cost per span. The counters say what came out:
 * {@code exportedPerSecond} (spans serialized per second) and {@code offeredPerSecond} (spans the
 * producers made per second); the report takes the drop ratio as one minus their quotient.
 * The {@code stalled} variants block the exporter for the whole run: the queue fills and every
 * span after that is dropped, which must not make producers slower.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBenchmarks {
  static final UUID LOG_STREAM = UUID.fromString("3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7");
  /**
   * Takes bytes and drops them. Not {@link OutputStream#nullOutputStream()}: that one refuses
   * writes once closed, and OpenTelemetry's marshaler closes the stream it writes to.
   */
  static final OutputStream DISCARD = new OutputStream() {
    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  };

  /** Blocks export calls while stalled; counts what was exported. */
  static final class Sink {
    final AtomicLong exported = new AtomicLong();
    final CountDownLatch released = new CountDownLatch(1);
    final boolean stalled;

    /** The sink of the benchmark running in this JVM (one per fork). */
    static volatile Sink current;

    Sink(boolean stalled) {
      this.stalled = stalled;
      current = this;
    }

    void awaitRelease() {
      if (stalled) {
        try {
          released.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Our exporter for this test: Galileo ingest JSON into the discarding sink. */
  static final class GalileoJsonExporter implements SpanExporter {
    final GalileoJson json = new GalileoJson("bench", 1_000_000);
    final Sink sink;

    GalileoJsonExporter(Sink sink) {
      this.sink = sink;
    }

    @Override
    public ExportResult export(List<SpanData> batch) {
      sink.awaitRelease();
      List<SpanNode> traces = new ArrayList<>(batch.size());
      for (SpanData s : batch) {
        traces.add(SpanNode.leaf(s));
      }
      try {
        json.writeTracesIngest(DISCARD, LOG_STREAM, null, traces, true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      sink.exported.addAndGet(batch.size());
      return ExportResult.sent(batch.size());
    }
  }

  /** OpenTelemetry's exporter for this test: OTLP/JSON into the discarding sink. */
  static final class OtlpJsonExporter implements io.opentelemetry.sdk.trace.export.SpanExporter {
    final Sink sink;

    OtlpJsonExporter(Sink sink) {
      this.sink = sink;
    }

    @Override
    public CompletableResultCode export(Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
      sink.awaitRelease();
      try {
        TraceRequestMarshaler.create(spans).writeJsonTo(DISCARD);
      } catch (IOException e) {
        return CompletableResultCode.ofFailure();
      }
      sink.exported.addAndGet(spans.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  // ------------------------------------------------------------------ states

  @State(Scope.Benchmark)
  public static class Galileo {
    Sink sink;
    GalileoTracer tracer;

    boolean stalled() {
      return false;
    }

    @Setup(Level.Trial)
    public void setUp() {
      sink = new Sink(stalled());
      tracer = Fixtures.galileo(Mode.BATCH, new GalileoJsonExporter(sink));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      sink.released.countDown();
      tracer.shutdown(Fixtures.shutdownWait());
    }
  }

  @State(Scope.Benchmark)
  public static class GalileoStalled extends Galileo {
    @Override
    boolean stalled() {
      return true;
    }
  }

  @State(Scope.Benchmark)
  public static class Otel {
    Sink sink;
    OpenTelemetrySdk sdk;
    io.opentelemetry.api.trace.Tracer tracer;

    boolean stalled() {
      return false;
    }

    @Setup(Level.Trial)
    public void setUp() {
      sink = new Sink(stalled());
      sdk = Fixtures.otel(new OtlpJsonExporter(sink));
      tracer = sdk.getTracer("bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      sink.released.countDown();
      Fixtures.close(sdk);
    }
  }

  @State(Scope.Benchmark)
  public static class OtelStalled extends Otel {
    @Override
    boolean stalled() {
      return true;
    }
  }

  /**
   * What came out during one iteration. Thread 0 reports the exporter's rate; every thread
   * reports the spans it offered, and JMH sums the threads.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Counters {
    public double exportedPerSecond;
    public double offeredPerSecond;

    long produced;
    long startNanos;
    long startExported;
    boolean reporter;

    @Setup(Level.Iteration)
    public void begin(ThreadParams thread) {
      reporter = thread.getThreadIndex() == 0;
      produced = 0;
      startExported = Sink.current.exported.get();
      startNanos = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void end() {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      offeredPerSecond = produced / seconds;
      exportedPerSecond = reporter ? (Sink.current.exported.get() - startExported) / seconds : 0;
    }
  }

  // ------------------------------------------------------------------ producers

  static void galileoSpan(GalileoTracer tracer) {
    tracer.traceBuilder(NAME).setParent(Context.root())
        .setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3)
        .start().end();
  }

  static void otelSpan(io.opentelemetry.api.trace.Tracer tracer) {
    tracer.spanBuilder(NAME).setNoParent()
        .setAttribute(OTEL_K1, V1).setAttribute(OTEL_K2, V2).setAttribute(OTEL_K3, V3)
        .startSpan().end();
  }

  @Benchmark
  @Threads(1)
  public void producers1_galileo(Galileo g, Counters c) {
    galileoSpan(g.tracer);
    c.produced++;
  }

  @Benchmark
  @Threads(1)
  public void producers1_otel(Otel o, Counters c) {
    otelSpan(o.tracer);
    c.produced++;
  }

  @Benchmark
  @Threads(2)
  public void producers2_galileo(Galileo g, Counters c) {
    galileoSpan(g.tracer);
    c.produced++;
  }

  @Benchmark
  @Threads(2)
  public void producers2_otel(Otel o, Counters c) {
    otelSpan(o.tracer);
    c.produced++;
  }

  @Benchmark
  @Threads(1)
  public void stalled1_galileo(GalileoStalled g, Counters c) {
    galileoSpan(g.tracer);
    c.produced++;
  }

  @Benchmark
  @Threads(1)
  public void stalled1_otel(OtelStalled o, Counters c) {
    otelSpan(o.tracer);
    c.produced++;
  }
}
