package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.core.internal.W3CIds;
import ai.galileo.tracing.core.propagation.GalileoPropagator;
import ai.galileo.tracing.core.propagation.W3CTraceContextPropagator;
import ai.galileo.tracing.internal.MapCarrier;
import brave.Tracing;
import brave.propagation.TraceContext;
import brave.propagation.TraceContextOrSamplingFlags;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 3: write the tracing headers into a map carrier, and read them back. Ours with
 * Galileo's headers and with W3C Trace Context; OpenTelemetry with W3C; Brave with B3 (its
 * default, multi-header). Each carrier holds what its propagator wrote for the same trace.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PropagationBenchmarks {
  static final UUID TRACE = UUID.fromString("5f0c2a4e-8d1b-4c3a-9e7f-1a2b3c4d5e6f");
  /**
   * A span UUID as the tracer makes them, derived from the trace and its parent-id (the same
   * parent-id as OpenTelemetry's span below), so our W3C headers are what a real span sends.
   */
  static final UUID SPAN = W3CIds.spanUuid(TRACE, 0x8c7d8e9fa0b1c2d3L);

  static final TextMapSetter<Map<String, String>> OTEL_SETTER = Map::put;
  static final TextMapGetter<Map<String, String>> OTEL_GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  Propagator galileo;
  Propagator w3c;
  Context galileoContext;
  Map<String, String> galileoOut;
  Map<String, String> galileoIn;
  Map<String, String> w3cOut;
  Map<String, String> w3cIn;

  TextMapPropagator otel;
  io.opentelemetry.context.Context otelContext;
  Map<String, String> otelOut;
  Map<String, String> otelIn;

  Tracing tracing;
  TraceContext.Injector<Map<String, String>> braveInjector;
  TraceContext.Extractor<Map<String, String>> braveExtractor;
  TraceContext braveContext;
  Map<String, String> braveOut;
  Map<String, String> braveIn;

  @Setup
  public void setUp() {
    galileo = GalileoPropagator.create();
    w3c = W3CTraceContextPropagator.create();
    // A span made in this process, as a client call would inject it.
    galileoContext = Context.root().with(Span.wrap(SpanContext.create(TRACE, SPAN)));
    galileoOut = new HashMap<>();
    w3cOut = new HashMap<>();
    galileoIn = galileo.injectHeaders(galileoContext);
    w3cIn = w3c.injectHeaders(galileoContext);

    otel = io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance();
    otelContext = io.opentelemetry.context.Context.root().with(io.opentelemetry.api.trace.Span.wrap(
        io.opentelemetry.api.trace.SpanContext.create("5f0c2a4e8d1b4c3a9e7f1a2b3c4d5e6f",
            "8c7d8e9fa0b1c2d3", TraceFlags.getSampled(), TraceState.getDefault())));
    otelOut = new HashMap<>();
    otelIn = new HashMap<>();
    otel.inject(otelContext, otelIn, OTEL_SETTER);

    tracing = Fixtures.brave();
    braveInjector = tracing.propagation().injector(Map<String, String>::put);
    braveExtractor = tracing.propagation().extractor(Map<String, String>::get);
    braveContext = TraceContext.newBuilder().traceIdHigh(0x5f0c2a4e8d1b4c3aL)
        .traceId(0x9e7f1a2b3c4d5e6fL).spanId(0x8c7d8e9fa0b1c2d3L).sampled(true).build();
    braveOut = new HashMap<>();
    braveIn = new HashMap<>();
    braveInjector.inject(braveContext, braveIn);
  }

  @TearDown
  public void tearDown() {
    tracing.close();
  }

  // ------------------------------------------------------------------ inject

  @Benchmark
  public Map<String, String> inject_galileo() {
    galileo.inject(galileoContext, galileoOut, MapCarrier.INSTANCE);
    return galileoOut;
  }

  @Benchmark
  public Map<String, String> inject_galileoW3C() {
    w3c.inject(galileoContext, w3cOut, MapCarrier.INSTANCE);
    return w3cOut;
  }

  @Benchmark
  public Map<String, String> inject_otel() {
    otel.inject(otelContext, otelOut, OTEL_SETTER);
    return otelOut;
  }

  @Benchmark
  public Map<String, String> inject_brave() {
    braveInjector.inject(braveContext, braveOut);
    return braveOut;
  }

  // ------------------------------------------------------------------ extract

  @Benchmark
  public Context extract_galileo() {
    return galileo.extract(Context.root(), galileoIn, MapCarrier.INSTANCE);
  }

  @Benchmark
  public Context extract_galileoW3C() {
    return w3c.extract(Context.root(), w3cIn, MapCarrier.INSTANCE);
  }

  @Benchmark
  public io.opentelemetry.context.Context extract_otel() {
    return otel.extract(io.opentelemetry.context.Context.root(), otelIn, OTEL_GETTER);
  }

  @Benchmark
  public TraceContextOrSamplingFlags extract_brave() {
    return braveExtractor.extract(braveIn);
  }

  // ------------------------------------------------------------------ round trip

  @Benchmark
  public Context roundTrip_galileo() {
    galileo.inject(galileoContext, galileoOut, MapCarrier.INSTANCE);
    return galileo.extract(Context.root(), galileoOut, MapCarrier.INSTANCE);
  }

  @Benchmark
  public Context roundTrip_galileoW3C() {
    w3c.inject(galileoContext, w3cOut, MapCarrier.INSTANCE);
    return w3c.extract(Context.root(), w3cOut, MapCarrier.INSTANCE);
  }

  @Benchmark
  public io.opentelemetry.context.Context roundTrip_otel() {
    otel.inject(otelContext, otelOut, OTEL_SETTER);
    return otel.extract(io.opentelemetry.context.Context.root(), otelOut, OTEL_GETTER);
  }

  @Benchmark
  public TraceContextOrSamplingFlags roundTrip_brave() {
    braveInjector.inject(braveContext, braveOut);
    return braveExtractor.extract(braveOut);
  }
}
