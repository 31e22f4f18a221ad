package ai.galileo.tracing.transport.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code _meta} carrier alone, with the tracer's configured propagators. */
class McpMetaTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  @Test
  void w3cFieldsKeepTheirSep414NamesAndOursArePrefixedWithGalileosReversedDomain() {
    assertThat(McpMeta.key("traceparent")).isEqualTo("traceparent");
    assertThat(McpMeta.key("TraceState")).isEqualTo("tracestate");
    assertThat(McpMeta.key("baggage")).isEqualTo("baggage");
    assertThat(McpMeta.key("X-Galileo-Trace-ID")).isEqualTo("ai.galileo/x-galileo-trace-id");
    assertThat(McpMeta.key("X-Galileo-Span-ID")).isEqualTo(McpMeta.SPAN_ID_KEY);
    assertThat(McpMeta.isTracingKey("ai.galileo/x-galileo-parent-id")).isTrue();
    assertThat(McpMeta.isTracingKey("progressToken")).isFalse();
  }

  @Test
  void theConfiguredPropagatorsWriteIntoMetaAndReadTheSameContextBack() {
    Tracer tracer = tracing.tracer();
    Span span = tracer.traceBuilder("agent").start();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("progressToken", 7);
    tracer.propagator().inject(Context.root().with(span), meta, McpMeta.SETTER);
    span.end();

    SpanContext sc = span.context();
    assertThat(meta).containsEntry("progressToken", 7)
        .containsEntry("ai.galileo/x-galileo-trace-id", sc.traceIdString())
        .containsEntry("ai.galileo/x-galileo-parent-id", sc.spanIdString())
        .containsKey("traceparent");
    assertThat((String) meta.get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");

    Context read = tracer.propagator().extract(Context.root(), meta, McpMeta.GETTER);
    assertThat(read.span().context().traceId()).isEqualTo(sc.traceId());
    assertThat(read.span().context().spanId()).isEqualTo(sc.spanId());
  }

  @Test
  void aTraceparentAloneAsAPeerWritesItPerSep414IsEnough() {
    Map<String, Object> meta = Map.of(
        "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    Context read = tracing.tracer().propagator().extract(Context.root(), meta, McpMeta.GETTER);
    assertThat(read.span().context().isValid()).isTrue();
  }

  @Test
  void wrongTypesHugeStringsAndInvalidValuesReadAsNoParentAndNeverThrow() {
    Tracer tracer = tracing.tracer();
    List<Map<String, Object>> bad = List.of(
        Map.of("traceparent", 42, "ai.galileo/x-galileo-trace-id", List.of("x")),
        Map.of("traceparent", "00-" + "a".repeat(McpMeta.MAX_VALUE_LENGTH) + "-b7ad6b7169203331-01"),
        Map.of("traceparent", "not a traceparent", "ai.galileo/x-galileo-trace-id", "nope",
            "ai.galileo/x-galileo-parent-id", UUID.randomUUID().toString()),
        Map.of("traceparent", Map.of("nested", true)));
    for (Map<String, Object> meta : bad) {
      Context read = tracer.propagator().extract(Context.root(), meta, McpMeta.GETTER);
      assertThat(read.span().context().isValid()).as("%s", meta).isFalse();
    }
    assertThat(McpMeta.GETTER.get(null, "traceparent")).isNull();
  }

  @Test
  void theRemoverTakesOutStaleValuesSoAResentRequestCarriesOneCurrentSet() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("traceparent", "stale");
    meta.put("ai.galileo/x-galileo-trace-id", "stale");
    meta.put("progressToken", "keep");
    McpMeta.REMOVER.remove(meta, "traceparent");
    McpMeta.REMOVER.remove(meta, "X-Galileo-Trace-ID");
    assertThat(meta).containsOnlyKeys("progressToken");
  }
}
