package ai.galileo.tracing.benchmarks;

import static ai.galileo.tracing.benchmarks.Fixtures.K1;
import static ai.galileo.tracing.benchmarks.Fixtures.K2;
import static ai.galileo.tracing.benchmarks.Fixtures.K3;
import static ai.galileo.tracing.benchmarks.Fixtures.OTEL_K1;
import static ai.galileo.tracing.benchmarks.Fixtures.OTEL_K2;
import static ai.galileo.tracing.benchmarks.Fixtures.OTEL_K3;
import static ai.galileo.tracing.benchmarks.Fixtures.V1;
import static ai.galileo.tracing.benchmarks.Fixtures.V2;
import static ai.galileo.tracing.benchmarks.Fixtures.V3;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import ai.galileo.tracing.core.internal.export.GalileoJson;
import ai.galileo.tracing.core.internal.export.SpanNode;
import ai.galileo.tracing.otlp.internal.OtlpSpans;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Operation 4: serialize a batch of 512 finished spans (one trace: a root and 511 children, each
 * with three attributes) to the bytes that go on the wire. Ours: Galileo's ingest JSON; OpenTelemetry:
 * OTLP/JSON through the marshalers of its OTLP exporter. Times and bytes are per span.
 *
 * <p>The {@code otlp*} rows encode the same spans to OTLP: ours with galileo-exporter-otlp (the
 * protobuf wire format written directly, and OTLP/JSON transcoded from it), OpenTelemetry's with its exporter's
 * marshalers. Ours carries more per span than the OpenTelemetry spans: the Galileo ids, span type
 * and OpenInference kind that let a receiver map a span back.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SerializationBenchmarks {
  static final int SPANS = 512;
  static final UUID LOG_STREAM = UUID.fromString("3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7");

  GalileoJson json;
  List<SpanNode> galileoTrace;
  List<io.opentelemetry.sdk.trace.data.SpanData> otelSpans;
  List<SpanData> galileoFlat;
  OtlpSpans otlp;
  ReusableBuffer sink;

  @Setup
  public void setUp() {
    sink = new ReusableBuffer(1 << 20);
    json = new GalileoJson("bench", 1_000_000);
    galileoTrace = List.of(galileoSpans());
    galileoFlat = new ArrayList<>();
    galileoTrace.get(0).children().forEach(c -> galileoFlat.add(c.span()));
    galileoFlat.add(galileoTrace.get(0).span());
    otlp = new OtlpSpans(java.util.Map.of("service.name", Fixtures.SERVICE), "bench", 1_000_000);
    otelSpans = otelSpans();
  }

  private static SpanNode galileoSpans() {
    List<SpanData> ended = new ArrayList<>();
    GalileoTracer tracer = GalileoTracer.builder()
        .config(ai.galileo.tracing.core.GalileoConfig.builder().serviceName(Fixtures.SERVICE).build())
        .addSpanProcessor(new SpanProcessor() {
          @Override
          public void onStart(SpanData span) {}

          @Override
          public void onEnd(SpanData span) {
            ended.add(span);
          }
        })
        .exporter(batch -> ai.galileo.tracing.core.export.ExportResult.NOTHING)
        .shutdownHook(false)
        .build();
    Span trace = tracer.traceBuilder("request")
        .setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3).start();
    Context parent = Context.root().with(trace);
    for (int i = 1; i < SPANS; i++) {
      tracer.spanBuilder("step", SpanType.WORKFLOW).setParent(parent)
          .setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3).start().end();
    }
    trace.end();
    tracer.shutdown(Fixtures.shutdownWait());
    SpanData root = ended.get(ended.size() - 1);
    List<SpanNode> children = new ArrayList<>();
    for (SpanData s : ended.subList(0, ended.size() - 1)) {
      children.add(SpanNode.leaf(s));
    }
    return new SpanNode(root, children);
  }

  private static List<io.opentelemetry.sdk.trace.data.SpanData> otelSpans() {
    List<io.opentelemetry.sdk.trace.data.SpanData> ended = new ArrayList<>();
    io.opentelemetry.sdk.trace.export.SpanExporter collector =
        new io.opentelemetry.sdk.trace.export.SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
            ended.addAll(spans);
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
        };
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(io.opentelemetry.sdk.resources.Resource.getDefault().merge(
            io.opentelemetry.sdk.resources.Resource.create(io.opentelemetry.api.common.Attributes.of(
                io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), Fixtures.SERVICE))))
        .addSpanProcessor(SimpleSpanProcessor.create(collector))
        .build();
    io.opentelemetry.api.trace.Tracer tracer = provider.get("bench");
    io.opentelemetry.api.trace.Span root = tracer.spanBuilder("request")
        .setAttribute(OTEL_K1, V1).setAttribute(OTEL_K2, V2).setAttribute(OTEL_K3, V3).startSpan();
    io.opentelemetry.context.Context parent = io.opentelemetry.context.Context.root().with(root);
    for (int i = 1; i < SPANS; i++) {
      tracer.spanBuilder("step").setParent(parent)
          .setAttribute(OTEL_K1, V1).setAttribute(OTEL_K2, V2).setAttribute(OTEL_K3, V3)
          .startSpan().end();
    }
    root.end();
    provider.shutdown().join(5, TimeUnit.SECONDS);
    return ended;
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int serialize512_galileo() throws IOException {
    sink.reset();
    json.writeTracesIngest(sink, LOG_STREAM, null, galileoTrace, true);
    return sink.size();
  }

  /** The body as the exporter takes it: its own array, copied once out of the reused buffer. */
  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int serialize512_galileoBody() {
    return json.tracesIngest(LOG_STREAM, null, galileoTrace, true).length;
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int serialize512_otel() throws IOException {
    sink.reset();
    TraceRequestMarshaler.create(otelSpans).writeJsonTo(sink);
    return sink.size();
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int otlpProtobuf512_galileo() throws IOException {
    sink.reset();
    otlp.encode(galileoFlat);
    otlp.writeTo(sink);
    return sink.size();
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int otlpProtobuf512_otel() throws IOException {
    sink.reset();
    TraceRequestMarshaler.create(otelSpans).writeBinaryTo(sink);
    return sink.size();
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int otlpJson512_galileo() {
    otlp.encode(galileoFlat);
    return otlp.toJson().length;
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int otlpJson512_otel() throws IOException {
    return serialize512_otel();
  }
}
