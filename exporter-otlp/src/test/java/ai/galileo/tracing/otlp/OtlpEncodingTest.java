package ai.galileo.tracing.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.internal.W3CIds;
import ai.galileo.tracing.otlp.internal.OtlpJson;
import ai.galileo.tracing.otlp.internal.OtlpSpans;
import ai.galileo.tracing.otlp.internal.ReferenceSpans;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the direct encoder: its bytes decoded with the official opentelemetry-proto
 * messages, and compared with what protobuf-java writes for the same spans through the mapping as
 * it was built with those messages ({@link ReferenceSpans}), byte for byte; then field by field
 * for what a reader most needs (ids, kinds, times, status, resource, scope, each value type).
 */
class OtlpEncodingTest {
  static final Map<String, String> RESOURCE = Map.of("service.name", "orchestrator", "deployment.environment", "test");
  static final int MAX_CHARS = 1_000_000;

  final OtlpSpans encoder = new OtlpSpans(RESOURCE, "9.9.9", MAX_CHARS);
  final ReferenceSpans reference = new ReferenceSpans(RESOURCE, "9.9.9", MAX_CHARS);

  /** Every span the module's other tests make: a RAG trace, an agent with every agent field. */
  static List<SpanData> recordedSpans() {
    List<SpanData> spans = new ArrayList<>();
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().serviceName("orchestrator").set("GALILEO_MODE", "distributed").build())
        .exporter(batch -> {
          spans.addAll(batch);
          return ExportResult.NOTHING;
        })
        .shutdownHook(false)
        .build();
    OtlpExporterTest.sampleTrace(tracer);
    AgentAttributesTest.agentTrace(tracer);
    tracer.shutdown(Duration.ofSeconds(10));
    return spans;
  }

  static final UUID TRACE = UUID.fromString("0af7651b-6ca2-4c1b-a0f3-4e5fd5c04f2e");
  static final UUID SPAN = UUID.fromString("3b9e2d41-7c8d-4e9f-a0b1-c2d3e4f5a6b7");

  /** Spans that exercise the corners: every kind, status, state, value type and string length. */
  static List<SpanData> edgeSpans() {
    UUID otelParent = W3CIds.uuidForParentId(0x00f067aa0ba902b7L);
    String longAscii = "x".repeat(20_000); // a length varint of three bytes
    String nonAscii = "é".repeat(70); // 70 characters, 140 bytes: the length outgrows its guess
    String emoji = "a\uD83D\uDE00".repeat(50) + "\uD800"; // pairs, and a lone half repaired
    LinkedHashMap<String, String> meta = new LinkedHashMap<>();
    meta.put("service.name", "retrieval-service");
    meta.put("http.url", "http://127.0.0.1:8000/retrieve");
    meta.put("galileo.span.type", "a metadata key the mapping already took");
    meta.put("error.type", "java.io.IOException");
    meta.put("error.message", "Connection reset ✓\n\t\"q\"\\ \u0001");
    meta.put("x".repeat(200), nonAscii);
    meta.put("", "an empty key");
    meta.put("emoji", emoji);
    meta.put("big", longAscii);
    List<SpanData> spans = new ArrayList<>();
    spans.add(new SpanData(SpanType.WORKFLOW, "GET /x", TRACE, SPAN, otelParent, true,
        UUID.fromString("5d4c3b2a-1908-4f7e-8d6c-5b4a39281706"), Content.text(""), Content.text(emoji),
        meta, List.of("a", "ü", ""), 503, 1_700_000_000_123_456_789L, 42, SpanData.State.ENDED, null));
    spans.add(new SpanData(SpanType.TOOL, "", TRACE, UUID.randomUUID(), SPAN, false, null,
        Content.text("{\"city\":\"Pisa\"}"), null, Map.of(), List.of(), 200, 1L, -1,
        SpanData.State.UNFINISHED, null, null, "call_9"));
    spans.add(new SpanData(SpanType.AGENT, "planner", TRACE, UUID.randomUUID(), SPAN, false, null,
        null, null, Map.of(), List.of(), null, 5L, 0, SpanData.State.ENDED, null, AgentType.ROUTER, null));
    spans.add(new SpanData(SpanType.LLM, "chat", TRACE, UUID.randomUUID(), SPAN, false, null,
        Content.messages(Message.system("s"), new Message(Role.TOOL, "42", "call_1", List.of())),
        Content.message(new Message(Role.ASSISTANT, null, null,
            List.of(new ToolCall("call_\uD800", "f", null), new ToolCall("call_3", "g", "{}")))), // Jackson refuses the lone half
        Map.of("provider", "anthropic"), List.of(), null, 7L, 9, SpanData.State.ENDED,
        new SpanData.LlmData("m", Double.NaN, 0L, -1L, Long.MAX_VALUE, null, "stop",
            List.of(ToolDefinition.of("t", "d", "{\"type\":\"object\"}")),
            List.of(new LlmEvent.Reasoning("r", null, "summary only", null)), 0L, null, 3L, null)));
    spans.add(new SpanData(SpanType.RETRIEVER, "search", TRACE, UUID.randomUUID(), SPAN, false, null,
        Content.text("q"), Content.documents(
            Document.of("d1", Map.of("score", Double.POSITIVE_INFINITY, "id", 7, "flag", true)),
            Document.of("d2", Map.of())),
        Map.of(), List.of(), null, 8L, 1, SpanData.State.ENDED, null));
    // A start snapshot: not an OTLP span.
    spans.add(new SpanData(SpanType.WORKFLOW, "open", TRACE, UUID.randomUUID(), SPAN, false, null,
        null, null, Map.of(), List.of(), null, 9L, -1, SpanData.State.STARTED, null));
    return spans;
  }

  /**
   * Long strings inside the JSON values, which go to Jackson as UTF-8 when nothing in them needs
   * escaping: escapes, characters of two, three and four bytes, lone halves (alone in a value, and
   * with a short one that sends the whole value through a String), one over the copy's limit.
   */
  static List<SpanData> longStringSpans() {
    List<SpanData> spans = new ArrayList<>();
    String escapes = "He said \"stop\" at C:\\temp\n\u001f" + "y".repeat(40);
    String multiByte = "Zürich → Genève ✓ ".repeat(5) + "\uD83D\uDE00 end";
    String loneInLong = "z".repeat(40) + "\uDC00" + "z".repeat(40) + "\uD83D";
    spans.add(new SpanData(SpanType.LLM, "long strings", TRACE, UUID.randomUUID(), SPAN, false, null,
        Content.messages(Message.system(escapes), Message.user(multiByte), Message.user(loneInLong)),
        Content.message(Message.assistant("a".repeat(31) + "\u007f" + "b".repeat(8200))),
        Map.of(), List.of(), null, 10L, 2, SpanData.State.ENDED, null));
    spans.add(new SpanData(SpanType.LLM, "long and short lone halves", TRACE, UUID.randomUUID(), SPAN, false,
        null, Content.messages(Message.user(loneInLong), Message.user("x\uD800")), null,
        Map.of(), List.of(), null, 11L, 2, SpanData.State.ENDED, null));
    spans.add(new SpanData(SpanType.RETRIEVER, "long documents", TRACE, UUID.randomUUID(), SPAN, false, null,
        Content.text("q"), Content.documents(Document.of(multiByte, Map.of("id", escapes)),
            Document.of(escapes, Map.of()), Document.of(loneInLong, Map.of())),
        Map.of(), List.of(), null, 12L, 1, SpanData.State.ENDED, null));
    return spans;
  }

  byte[] encode(List<SpanData> spans) {
    encoder.encode(spans);
    return encoder.toByteArray();
  }

  @Test
  void writesTheSameBytesAsProtobufJavaForEverySpanTheTestsMake() throws Exception {
    List<SpanData> spans = recordedSpans();
    assertThat(spans).hasSizeGreaterThan(8);
    ExportTraceServiceRequest expected = reference.request(spans);
    byte[] ours = encode(spans);
    assertThat(ExportTraceServiceRequest.parseFrom(ours)).isEqualTo(expected);
    assertSameBytes(ours, expected.toByteArray());
  }

  @Test
  void writesTheSameBytesAsProtobufJavaForEdgeCases() throws Exception {
    List<SpanData> spans = edgeSpans();
    ExportTraceServiceRequest expected = reference.request(spans);
    byte[] ours = encode(spans);
    assertThat(ExportTraceServiceRequest.parseFrom(ours)).isEqualTo(expected);
    assertSameBytes(ours, expected.toByteArray());
  }

  @Test
  void writesTheSameBytesAsProtobufJavaForLongStringsInJsonValues() throws Exception {
    List<SpanData> spans = longStringSpans();
    ExportTraceServiceRequest expected = reference.request(spans);
    byte[] ours = encode(spans);
    assertThat(ExportTraceServiceRequest.parseFrom(ours)).isEqualTo(expected);
    assertSameBytes(ours, expected.toByteArray());
  }

  @Test
  void anEncoderReusedForManyRequestsWritesEachAsAFreshOneWould() throws Exception {
    List<SpanData> spans = new ArrayList<>(recordedSpans());
    spans.addAll(edgeSpans());
    spans.addAll(longStringSpans());
    byte[] expected = reference.request(spans).toByteArray();
    for (int round = 0; round < 3; round++) { // the encoded keys and values kept from the rounds before
      assertSameBytes(encode(spans), expected);
      encode(longStringSpans());
    }
  }

  @Test
  void aRequestOverTwoMebibytesHasItsLengthsMovedIntoPlace() throws Exception {
    List<SpanData> spans = new ArrayList<>();
    String content = "y".repeat(300_000);
    for (int i = 0; i < 8; i++) {
      spans.add(new SpanData(SpanType.WORKFLOW, "w" + i, TRACE, UUID.randomUUID(), SPAN, false, null,
          Content.text(content), Content.text("é" + content), Map.of(), List.of(), null, i, 1,
          SpanData.State.ENDED, null));
    }
    byte[] ours = encode(spans);
    assertThat(ours.length).isGreaterThan(4 << 20);
    assertSameBytes(ours, reference.request(spans).toByteArray());
  }

  @Test
  void aBatchOfStartSnapshotsOnlyIsNoRequest() {
    List<SpanData> open = edgeSpans().subList(5, 6);
    assertThat(encoder.encode(open)).isZero();
    assertThat(encoder.size()).isZero();
  }

  @Test
  void idsKindsTimesStatusResourceAndScopeDecodeFieldByField() throws Exception {
    List<SpanData> spans = edgeSpans();
    assertThat(encoder.encode(spans)).isEqualTo(5);
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(encoder.toByteArray());
    assertThat(request.getResourceSpansCount()).isEqualTo(1);
    var rs = request.getResourceSpans(0);
    Map<String, AnyValue> resource = OtlpExporterTest.attributes(rs.getResource().getAttributesList());
    assertThat(resource.get("service.name").getStringValue()).isEqualTo("orchestrator");
    assertThat(resource.get("deployment.environment").getStringValue()).isEqualTo("test");
    assertThat(resource.get("telemetry.sdk.name").getStringValue()).isEqualTo("galileo-java");
    assertThat(resource.get("telemetry.sdk.language").getStringValue()).isEqualTo("java");
    assertThat(resource.get("telemetry.sdk.version").getStringValue()).isEqualTo("9.9.9");
    assertThat(rs.getScopeSpansCount()).isEqualTo(1);
    assertThat(rs.getScopeSpans(0).getScope().getName()).isEqualTo("ai.galileo.tracing");
    assertThat(rs.getScopeSpans(0).getScope().getVersion()).isEqualTo("9.9.9");
    List<Span> out = rs.getScopeSpans(0).getSpansList();
    assertThat(out).hasSize(5);

    Span server = out.get(0);
    assertThat(server.getTraceId()).isEqualTo(ByteString.copyFrom(
        ByteBuffer.allocate(16).putLong(TRACE.getMostSignificantBits()).putLong(TRACE.getLeastSignificantBits()).array()));
    assertThat(server.getSpanId()).isEqualTo(OtlpExporterTest.spanId(SPAN));
    assertThat(server.getParentSpanId()).isEqualTo(ByteString.fromHex("00f067aa0ba902b7")); // the OTel parent itself
    assertThat(server.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(server.getStartTimeUnixNano()).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(server.getEndTimeUnixNano()).isEqualTo(1_700_000_000_123_456_831L);
    assertThat(server.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(server.getStatus().getMessage()).isEqualTo("Connection reset ✓\n\t\"q\"\\ \u0001");
    Map<String, AnyValue> a = OtlpExporterTest.attributes(server.getAttributesList());
    assertThat(a.get("galileo.span.type").getStringValue()).isEqualTo("workflow"); // not the metadata's
    assertThat(a.get("galileo.status_code").getIntValue()).isEqualTo(503);
    assertThat(a.get("session.id").getStringValue()).isEqualTo("5d4c3b2a-1908-4f7e-8d6c-5b4a39281706");
    assertThat(a.get("input.value").getStringValue()).isEmpty();
    assertThat(a.get("output.value").getStringValue()).endsWith("a\uD83D\uDE00\uFFFD");
    assertThat(a.get("x".repeat(200)).getStringValue()).isEqualTo("é".repeat(70));
    assertThat(a.get("").getStringValue()).isEqualTo("an empty key");
    assertThat(a.get("big").getStringValue()).hasSize(20_000);
    assertThat(a.get("tag.tags").getArrayValue().getValuesList()).extracting(AnyValue::getStringValue)
        .containsExactly("a", "ü", "");

    Span unfinished = out.get(1);
    assertThat(unfinished.getName()).isEmpty();
    assertThat(unfinished.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(unfinished.getEndTimeUnixNano()).isEqualTo(unfinished.getStartTimeUnixNano());
    assertThat(unfinished.hasStatus()).isTrue();
    assertThat(unfinished.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    Map<String, AnyValue> u = OtlpExporterTest.attributes(unfinished.getAttributesList());
    assertThat(u.get("galileo.unfinished").getBoolValue()).isTrue();
    assertThat(u.get("gen_ai.tool.call.id").getStringValue()).isEqualTo("call_9");

    Map<String, AnyValue> llm = OtlpExporterTest.attributes(out.get(3).getAttributesList());
    assertThat(llm.get("gen_ai.request.temperature").getDoubleValue()).isNaN();
    assertThat(llm.get("gen_ai.usage.input_tokens").getIntValue()).isZero();
    assertThat(llm.get("gen_ai.usage.output_tokens").getIntValue()).isEqualTo(-1);
    assertThat(llm.get("llm.token_count.total").getIntValue()).isEqualTo(Long.MAX_VALUE);
    assertThat(llm.get("gen_ai.provider.name").getStringValue()).isEqualTo("anthropic");
    Map<String, AnyValue> docs = OtlpExporterTest.attributes(out.get(4).getAttributesList());
    assertThat(docs.get("retrieval.documents.0.document.score").getDoubleValue()).isInfinite();
    assertThat(docs.get("retrieval.documents.0.document.id").getStringValue()).isEqualTo("7");
  }

  @Test
  void otlpJsonDecodesToTheSameRequestAsTheProtobuf() throws Exception {
    for (List<SpanData> spans : List.of(recordedSpans(), edgeSpans())) {
      byte[] proto = encode(spans);
      byte[] json = OtlpJson.fromProtobuf(proto, proto.length);
      ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
      // protobuf's strict parser: an unknown or misnamed field fails.
      JsonFormat.parser().merge(hexIdsToBase64(new String(json, java.nio.charset.StandardCharsets.UTF_8)), b);
      assertThat(b.build()).isEqualTo(ExportTraceServiceRequest.parseFrom(proto));
    }
  }

  @Test
  void otlpJsonHasHexIdsIntegerEnumsAndStringInt64s() throws Exception {
    byte[] proto = encode(edgeSpans());
    JsonNode span = new ObjectMapper().readTree(OtlpJson.fromProtobuf(proto, proto.length))
        .path("resourceSpans").get(0).path("scopeSpans").get(0).path("spans").get(0);
    assertThat(span.path("traceId").asText()).isEqualTo(TRACE.toString().replace("-", ""));
    assertThat(span.path("parentSpanId").asText()).isEqualTo("00f067aa0ba902b7");
    assertThat(span.path("kind").isInt()).isTrue();
    assertThat(span.path("kind").asInt()).isEqualTo(2);
    assertThat(span.path("startTimeUnixNano").asText()).isEqualTo("1700000000123456789");
    assertThat(span.path("status").path("code").asInt()).isEqualTo(2);
  }

  /** Byte for byte, reporting the first difference rather than megabytes of both. */
  static void assertSameBytes(byte[] ours, byte[] expected) {
    int n = Math.min(ours.length, expected.length);
    for (int i = 0; i < n; i++) {
      if (ours[i] != expected[i]) {
        throw new AssertionError("bytes differ first at " + i + " of " + expected.length + ": ours "
            + HexFormat.of().formatHex(ours, i, Math.min(n, i + 16)) + ", protobuf-java's "
            + HexFormat.of().formatHex(expected, i, Math.min(n, i + 16)));
      }
    }
    assertThat(ours.length).as("length").isEqualTo(expected.length);
  }

  private static String hexIdsToBase64(String json) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode root = mapper.readTree(json);
    convert(root);
    return mapper.writeValueAsString(root);
  }

  private static void convert(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (String id : List.of("traceId", "spanId", "parentSpanId")) {
        if (o.has(id)) {
          o.set(id, new TextNode(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(o.get(id).asText()))));
        }
      }
      o.elements().forEachRemaining(OtlpEncodingTest::convert);
    } else if (node.isArray()) {
      node.forEach(OtlpEncodingTest::convert);
    }
  }
}
