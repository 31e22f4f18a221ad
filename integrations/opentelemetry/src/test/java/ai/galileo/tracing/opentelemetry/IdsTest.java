package ai.galileo.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.W3CIds;
import ai.galileo.tracing.opentelemetry.internal.OtelIds;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The id mapping at the edges: a foreign id generator, and a parent that came over W3C headers. */
class IdsTest {
  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  @Test
  void theIdGeneratorMakesV4ShapedTraceIds() {
    for (int i = 0; i < 1000; i++) {
      String hex = GalileoOpenTelemetry.idGenerator().generateTraceId();
      UUID id = Otel.traceUuid(hex);
      assertThat(W3CIds.isV4(id.getMostSignificantBits(), id.getLeastSignificantBits())).as(hex).isTrue();
      assertThat(GalileoOpenTelemetry.idGenerator().generateSpanId()).hasSize(16).isNotEqualTo("0000000000000000");
    }
  }

  @Test
  void withAForeignIdGeneratorGalileoCoercesTheTraceIdTheSameWayEverywhere() {
    GalileoOpenTelemetry bridge = GalileoOpenTelemetry.create();
    String fixed = "0af7651916cd43dd8448eb211c80319c".replace('4', '0'); // not v4-shaped
    IdGenerator foreign = new IdGenerator() {
      @Override
      public String generateSpanId() {
        return IdGenerator.random().generateSpanId();
      }

      @Override
      public String generateTraceId() {
        return fixed;
      }
    };
    try (SdkTracerProvider provider = SdkTracerProvider.builder().setIdGenerator(foreign)
        .addSpanProcessor(bridge.spanProcessor()).build()) {
      io.opentelemetry.api.trace.Span root = provider.get("t").spanBuilder("foreign root").startSpan();
      try (io.opentelemetry.context.Scope s = root.makeCurrent()) {
        Galileo.tracer().spanBuilder("galileo child", SpanType.TOOL).start().end();
      } finally {
        root.end();
      }
    }
    UUID raw = Otel.traceUuid(fixed);
    UUID coerced = W3CIds.asV4(raw.getMostSignificantBits(), raw.getLeastSignificantBits());
    assertThat(tracing.assertSingleTrace()).extracting(SpanData::traceId).containsOnly(coerced);
    assertThat(tracing.span("galileo child").parentId())
        .isEqualTo(tracing.spans("foreign root").stream().filter(d -> !d.isTrace()).findFirst().orElseThrow().spanId());
    assertThat(bridge.spansExported()).isEqualTo(2); // the span and its trace record
  }

  @Test
  void aGalileoSpanSeenByOpenTelemetryCarriesTracestateOnlyWhenItsIdsDoNotNameIt() {
    UUID trace = UUID.fromString("6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b");
    UUID span = W3CIds.spanUuid(trace, 0x9b2a190817263544L);

    io.opentelemetry.api.trace.SpanContext ofSpan =
        OtelIds.toOtel(ai.galileo.tracing.SpanContext.create(trace, span));
    io.opentelemetry.api.trace.SpanContext ofTrace =
        OtelIds.toOtel(ai.galileo.tracing.SpanContext.create(trace, trace));

    assertThat(ofSpan.getSpanId()).isEqualTo("9b2a190817263544");
    assertThat(ofSpan.getTraceState().isEmpty()).isTrue();
    assertThat(OtelIds.spanUuid(ofSpan, trace)).isEqualTo(span);
    assertThat(ofTrace.getTraceState().get("galileo")).isEqualTo("6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b");
    assertThat(OtelIds.spanUuid(ofTrace, trace)).isEqualTo(trace);
  }

  @Test
  void anOpenTelemetryServerSpanUnderGalileoHeadersHasTheExactGalileoParent() {
    // A Galileo "client" in another service sends its headers; this service extracts them with
    // OpenTelemetry's own W3C propagator, as an OpenTelemetry-instrumented server does.
    Span client = Galileo.tracer().spanBuilder("call", SpanType.WORKFLOW).start();
    Map<String, String> headers;
    try (Scope s = client.makeCurrent()) {
      headers = Galileo.tracer().tracingHeaders();
    } finally {
      client.end();
    }
    // The span's UUID follows from the traceparent: no tracestate is needed for it.
    assertThat(headers).containsKey("traceparent").doesNotContainKey("tracestate");
    io.opentelemetry.context.Context extracted = W3CTraceContextPropagator.getInstance().extract(
        io.opentelemetry.context.Context.root(), headers, new TextMapGetter<Map<String, String>>() {
          @Override
          public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
          }

          @Override
          public String get(Map<String, String> carrier, String key) {
            return carrier.get(key);
          }
        });
    Otel.TRACER.spanBuilder("GET /retrieve").setParent(extracted).startSpan().end();

    SpanData server = tracing.span("GET /retrieve");
    assertThat(server.traceId()).isEqualTo(client.context().traceId());
    assertThat(server.parentId()).isEqualTo(client.context().spanId()); // the full UUID
    assertThat(server.remoteParent()).isTrue();
  }
}
