package ai.galileo.tracing.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sink counts the spans of a request OpenTelemetry's own marshaler wrote, however they are grouped. */
class OtlpSpanCounterTest {

  @Test
  void countsEverySpanAcrossResourcesAndScopes() throws Exception {
    List<SpanData> spans = new ArrayList<>();
    spans.addAll(spans("service-a", List.of("scope-1", "scope-2", "scope-2")));
    spans.addAll(spans("service-b", List.of("scope-1", "scope-3")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(spans).writeBinaryTo(out);

    assertThat(OtlpSpanCounter.count(out.toByteArray())).isEqualTo(5);
  }

  @Test
  void countsNothingInABodyThatIsNotProtobuf() {
    assertThat(OtlpSpanCounter.count(new byte[] {(byte) 0xff, (byte) 0xff})).isZero();
    assertThat(OtlpSpanCounter.count(new byte[0])).isZero();
  }

  @Test
  void galileoBodiesAreCountedByTheirFinishedRecords() {
    byte[] body = "{\"traces\":[{\"metrics\":{\"duration_ns\":5},\"spans\":[{\"metrics\":{\"duration_ns\":3}},{}]}]}"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(LoadSink.occurrences(body, "\"duration_ns\"".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo(2);
  }

  /** One span per scope name, ended under a provider whose resource is {@code service}. */
  private static List<SpanData> spans(String service, List<String> scopes) {
    List<SpanData> ended = new ArrayList<>();
    SpanExporter collect = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> batch) {
        ended.addAll(batch);
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
        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
        .addSpanProcessor(SimpleSpanProcessor.create(collect))
        .build();
    for (String scope : scopes) {
      provider.get(scope).spanBuilder("op").startSpan().end();
    }
    provider.close();
    return ended;
  }
}
