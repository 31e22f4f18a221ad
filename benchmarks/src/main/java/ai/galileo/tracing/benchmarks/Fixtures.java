package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The three tracers, each set up the way its project recommends for production and equally for
 * the comparison: every span sampled, three string attributes, spans handed to the library's own
 * export path (a bounded queue and a worker where it has one) and then discarded.
 */
final class Fixtures {
  static final String SERVICE = "bench-service";
  static final String NAME = "operation";

  static final String K1 = "k1";
  static final String K2 = "k2";
  static final String K3 = "k3";
  static final String V1 = "value-one";
  static final String V2 = "value-two";
  static final String V3 = "value-three";

  /** OpenTelemetry keys made once, as its documentation recommends for hot paths. */
  static final AttributeKey<String> OTEL_K1 = AttributeKey.stringKey(K1);
  static final AttributeKey<String> OTEL_K2 = AttributeKey.stringKey(K2);
  static final AttributeKey<String> OTEL_K3 = AttributeKey.stringKey(K3);

  private Fixtures() {}

  /** Our tracer: a real export pipeline (queue, worker, batching) whose exporter discards. */
  static GalileoTracer galileo(Mode mode) {
    return galileo(mode, batch -> ExportResult.NOTHING);
  }

  /** Our tracer with the given propagators (by their {@code GALILEO_PROPAGATORS} names). */
  static GalileoTracer galileo(Mode mode, List<String> propagators) {
    return GalileoTracer.builder()
        .config(GalileoConfig.builder().mode(mode).serviceName(SERVICE).propagators(propagators).build())
        .exporter(batch -> ExportResult.NOTHING)
        .shutdownHook(false)
        .build();
  }

  static GalileoTracer galileo(Mode mode, SpanExporter exporter) {
    return GalileoTracer.builder()
        .config(GalileoConfig.builder().mode(mode).serviceName(SERVICE).build())
        .exporter(exporter)
        .shutdownHook(false)
        .build();
  }

  /** OpenTelemetry's SDK: always-on sampler, BatchSpanProcessor with its defaults, a discarding exporter. */
  static OpenTelemetrySdk otel() {
    return otel(new DiscardingOtelExporter());
  }

  static OpenTelemetrySdk otel(io.opentelemetry.sdk.trace.export.SpanExporter exporter) {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setSampler(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn())
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), SERVICE))))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
        .build();
    return OpenTelemetrySdk.builder()
        .setTracerProvider(provider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  static void close(OpenTelemetrySdk sdk) {
    sdk.getSdkTracerProvider().shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  /**
   * Brave: always sampled, 128-bit trace ids (as ours and OpenTelemetry's are), thread-local
   * current context, and a span handler that takes every finished span and drops it. Brave has no
   * queue of its own; its asynchronous reporter lives in another project.
   */
  static Tracing brave() {
    return Tracing.newBuilder()
        .localServiceName(SERVICE)
        .sampler(Sampler.ALWAYS_SAMPLE)
        .traceId128Bit(true)
        .currentTraceContext(ThreadLocalCurrentTraceContext.create())
        .addSpanHandler(new DiscardingBraveHandler())
        .build();
  }

  static final class DiscardingOtelExporter implements io.opentelemetry.sdk.trace.export.SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
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

  static final class DiscardingBraveHandler extends SpanHandler {
    @Override
    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
      return true;
    }
  }

  static Duration shutdownWait() {
    return Duration.ofSeconds(5);
  }
}
