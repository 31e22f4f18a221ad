package ai.galileo.tracing.console;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.internal.W3CIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OTLP/HTTP intake on {@code /v1/traces}: bodies built with the official OTLP messages. */
class OtlpIntakeTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final long START = 1_767_323_045_000_000_000L;

  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  @Test
  void protobufSpansLandUnderTheirGalileoParentWithTheirGenAiFields() throws Exception {
    UUID traceId = UUID.randomUUID();
    UUID galileoSpan = UUID.randomUUID();
    galileoTrace(traceId, galileoSpan);

    Span llm = span(traceId, 0x1111L, W3CIds.parentIdOf(galileoSpan), "chat gpt-x")
        .addAttributes(attr("gen_ai.operation.name", "chat"))
        .addAttributes(attr("gen_ai.request.model", "gpt-x"))
        .addAttributes(intAttr("gen_ai.usage.input_tokens", 12))
        .addAttributes(intAttr("gen_ai.usage.output_tokens", 3))
        .addAttributes(attr("input.value", "what is up?"))
        .addAttributes(attr("output.value", "the sky"))
        .addAttributes(attr("app.tenant", "acme"))
        .build();
    Span tool = span(traceId, 0x2222L, 0x1111L, "lookup")
        .addAttributes(attr("openinference.span.kind", "TOOL"))
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
        .build();
    HttpResponse<byte[]> r = post(request("middle", llm, tool).toByteArray(), "application/x-protobuf", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    assertThat(ExportTraceServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();

    Map<String, JsonNode> spans = spansByName(traceId);
    JsonNode chat = spans.get("chat gpt-x");
    assertThat(chat.path("parent_id").asText()).isEqualTo(galileoSpan.toString());
    assertThat(chat.path("id").asText()).isEqualTo(W3CIds.uuidForParentId(0x1111L).toString());
    assertThat(chat.path("type").asText()).isEqualTo("llm");
    assertThat(chat.path("service_name").asText()).isEqualTo("middle");
    JsonNode rec = chat.path("record");
    assertThat(rec.path("model").asText()).isEqualTo("gpt-x");
    assertThat(rec.path("metrics").path("num_input_tokens").asLong()).isEqualTo(12);
    assertThat(rec.path("metrics").path("num_output_tokens").asLong()).isEqualTo(3);
    assertThat(rec.path("metrics").path("duration_ns").asLong()).isEqualTo(5_000_000L);
    assertThat(rec.path("input").asText()).isEqualTo("what is up?");
    assertThat(rec.path("output").asText()).isEqualTo("the sky");
    assertThat(rec.path("user_metadata").path("app.tenant").asText()).isEqualTo("acme");
    assertThat(rec.path("user_metadata").path("gen_ai.operation.name").asText()).isEqualTo("chat");

    JsonNode lookup = spans.get("lookup");
    assertThat(lookup.path("parent_id").asText()).isEqualTo(chat.path("id").asText());
    assertThat(lookup.path("type").asText()).isEqualTo("tool");
    assertThat(lookup.path("status_code").asLong()).isEqualTo(500);
    assertThat(lookup.path("record").path("user_metadata").path("otel.status_message").asText())
        .isEqualTo("boom");
  }

  @Test
  void anOtelSpanThatArrivesBeforeItsGalileoParentIsMovedUnderItWhenItComes() throws Exception {
    UUID traceId = UUID.randomUUID();
    UUID galileoSpan = UUID.randomUUID();
    Span early = span(traceId, 0x3333L, W3CIds.parentIdOf(galileoSpan), "server").build();
    assertThat(post(request("middle", early).toByteArray(), "application/x-protobuf", null)
        .statusCode()).isEqualTo(200);

    galileoTrace(traceId, galileoSpan);

    assertThat(spansByName(traceId).get("server").path("parent_id").asText())
        .isEqualTo(galileoSpan.toString());
  }

  @Test
  void aPureOtelTraceInGzippedJsonIsATraceOfItsOwn() throws Exception {
    byte[] otelTraceId = HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c");
    String json = """
        {"resourceSpans": [{"resource": {"attributes": [
            {"key": "service.name", "value": {"stringValue": "python-rag"}}]},
          "scopeSpans": [{"scope": {"name": "openinference"}, "spans": [
            {"traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "b7ad6b7169203331",
             "name": "rag query", "kind": 2, "startTimeUnixNano": "1767323045000000000",
             "endTimeUnixNano": "1767323046000000000",
             "attributes": [{"key": "openinference.span.kind", "value": {"stringValue": "CHAIN"}},
                            {"key": "input.value", "value": {"stringValue": "question"}}]},
            {"traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "00f067aa0ba902b7",
             "parentSpanId": "b7ad6b7169203331", "name": "retrieve",
             "kind": "SPAN_KIND_INTERNAL", "startTimeUnixNano": "1767323045100000000",
             "endTimeUnixNano": "1767323045200000000",
             "attributes": [{"key": "openinference.span.kind", "value": {"stringValue": "RETRIEVER"}},
               {"key": "retrieval.documents.0.document.content", "value": {"stringValue": "doc one"}},
               {"key": "retrieval.documents.0.document.score", "value": {"doubleValue": 0.5}}]}
          ]}]}]}
        """;
    HttpResponse<byte[]> r = post(gzip(json.getBytes(StandardCharsets.UTF_8)), "application/json", "gzip");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Api.JSON.readTree(r.body()).isEmpty()).isTrue(); // ExportTraceServiceResponse{}

    UUID traceId = W3CIds.asV4(ByteBuffer.wrap(otelTraceId).getLong(0), ByteBuffer.wrap(otelTraceId).getLong(8));
    JsonNode detail = console.api("").get("/api/traces/" + traceId).json();
    assertThat(detail.path("trace").path("name").asText()).isEqualTo("rag query");
    assertThat(detail.path("trace").path("is_stub").asBoolean()).isFalse();
    assertThat(detail.path("trace").path("is_complete").asBoolean()).isFalse();
    Map<String, JsonNode> spans = spansByName(traceId);
    assertThat(spans.get("rag query").path("parent_id").asText()).isEqualTo(traceId.toString());
    assertThat(spans.get("rag query").path("type").asText()).isEqualTo("workflow");
    assertThat(spans.get("retrieve").path("parent_id").asText())
        .isEqualTo(spans.get("rag query").path("id").asText());
    assertThat(spans.get("retrieve").path("type").asText()).isEqualTo("retriever");
    assertThat(spans.get("retrieve").path("record").path("output").get(0).path("content").asText())
        .isEqualTo("doc one");
    assertThat(spans.get("retrieve").path("service_name").asText()).isEqualTo("python-rag");
  }

  @Test
  void spansWithBadIdsAreRefusedAndCountedWhileTheOthersAreKept() throws Exception {
    UUID traceId = UUID.randomUUID();
    Span good = span(traceId, 0x4444L, 0, "good").build();
    Span bad = span(traceId, 0x5555L, 0, "bad").setSpanId(ByteString.copyFrom(new byte[5])).build();
    HttpResponse<byte[]> r = post(request("svc", good, bad).toByteArray(), "application/x-protobuf", null);

    assertThat(r.statusCode()).isEqualTo(200);
    ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(r.body());
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .contains("spans[1] \"bad\"").contains("span_id has 5 bytes, not 8");
    assertThat(spansByName(traceId)).containsOnlyKeys("good");

    // In JSON, an id that is not hex is the span's problem alone.
    String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\",\"spanId\":"
        + "\"b7ad6b7169203331\",\"name\":\"x\"}]}]}]}";
    HttpResponse<byte[]> j = post(json.getBytes(StandardCharsets.UTF_8), "application/json", null);
    assertThat(j.statusCode()).isEqualTo(200);
    JsonNode partial = Api.JSON.readTree(j.body()).path("partialSuccess");
    assertThat(partial.path("rejectedSpans").asLong()).isEqualTo(1);
    assertThat(partial.path("errorMessage").asText()).contains("traceId \"zz\" is not a hex string");
  }

  @Test
  void aBodyThatIsNotOtlpIs400NamingTheProblemAndOtherContentTypes415() throws Exception {
    HttpResponse<byte[]> garbage = post(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}, "application/x-protobuf", null);
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(statusMessage(garbage.body())).contains("not a protobuf ExportTraceServiceRequest");

    HttpResponse<byte[]> notJson = post("{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8),
        "application/json", null);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(Api.JSON.readTree(notJson.body()).path("message").asText()).contains("not JSON");

    HttpResponse<byte[]> wrongShape = post("{\"resourceSpans\": 7}".getBytes(StandardCharsets.UTF_8),
        "application/json", null);
    assertThat(wrongShape.statusCode()).isEqualTo(400);
    assertThat(Api.JSON.readTree(wrongShape.body()).path("message").asText())
        .contains("not an OTLP/JSON ExportTraceServiceRequest");

    HttpResponse<byte[]> notGzip = post(new byte[] {1, 2, 3}, "application/x-protobuf", "gzip");
    assertThat(notGzip.statusCode()).isEqualTo(400);
    assertThat(statusMessage(notGzip.body())).contains("not valid gzip");

    assertThat(post(new byte[0], "text/plain", null).statusCode()).isEqualTo(415);
  }

  @Test
  void theIdMappingIsGalileoCores() {
    // The console keeps its own copy of W3CIds' mapping: a span id resolved here must be the
    // UUID the SDK's propagator makes of it.
    UUID traceId = UUID.randomUUID();
    Span s = span(traceId, 0x0123456789abcdefL, 0, "mapped").build();
    assertThat(post(request("svc", s).toByteArray(), "application/x-protobuf", null).statusCode())
        .isEqualTo(200);
    assertThat(spansByName(traceId).get("mapped").path("id").asText())
        .isEqualTo(W3CIds.uuidForParentId(0x0123456789abcdefL).toString());
  }

  @Test
  void aSpanIdShapedLikeAUuidsLowHalfMapsAsGalileoCoreDerivesOurSpans() {
    // Every span the SDK makes has such an id, and W3CIds.spanUuid gives back its UUID: an
    // OpenTelemetry span with one must get the UUID the propagator gives its parent-id.
    UUID traceId = UUID.randomUUID();
    long spanId = 0xa123456789abcdefL;
    Span s = span(traceId, spanId, 0, "derived").build();
    assertThat(post(request("svc", s).toByteArray(), "application/x-protobuf", null).statusCode())
        .isEqualTo(200);
    assertThat(spansByName(traceId).get("derived").path("id").asText())
        .isEqualTo(W3CIds.spanUuid(traceId, spanId).toString());
  }

  @Test
  void aSpanThatNamesItsGalileoUuidIsThatSpanAndItsChildrenFindIt() throws Exception {
    UUID traceId = UUID.randomUUID();
    UUID own = UUID.randomUUID();
    long spanId = W3CIds.parentIdOf(own);
    // The child comes first in the request: the parent's claim is read before any span is stored.
    Span child = span(traceId, 0x6666L, spanId, "child").build();
    Span parent = span(traceId, spanId, W3CIds.parentIdOf(traceId), "parent")
        .addAttributes(attr("galileo.span.id", own.toString()))
        .addAttributes(attr("gen_ai.operation.name", "invoke_agent"))
        .build();
    // And the same request as OTLP/JSON, snake_case keys and enum names as protobuf's JSON allows.
    String json = JsonFormat.printer().preservingProtoFieldNames().print(request("agent-svc", child, parent));
    json = hexIds(json, child, parent);
    HttpResponse<byte[]> r = post(json.getBytes(StandardCharsets.UTF_8), "application/json", null);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);

    Map<String, JsonNode> spans = spansByName(traceId);
    assertThat(spans.get("parent").path("id").asText()).isEqualTo(own.toString());
    assertThat(spans.get("parent").path("parent_id").asText()).isEqualTo(traceId.toString());
    assertThat(spans.get("parent").path("type").asText()).isEqualTo("agent");
    assertThat(spans.get("parent").path("record").path("user_metadata").has("galileo.span.id")).isFalse();
    assertThat(spans.get("child").path("parent_id").asText()).isEqualTo(own.toString());

    // A parent neither stored nor in the request, named by galileo.parent.id (as this SDK's
    // exporter sends it): the span is filed under that UUID, to meet the parent when it comes.
    UUID absent = UUID.randomUUID();
    Span orphan = span(traceId, 0x7777L, W3CIds.parentIdOf(absent), "orphan")
        .addAttributes(attr("galileo.parent.id", absent.toString()))
        .addAttributes(attr("galileo.span.type", "retriever"))
        .addAttributes(attr("gen_ai.operation.name", "chat"))
        .build();
    assertThat(post(request("svc", orphan).toByteArray(), "application/x-protobuf", null).statusCode())
        .isEqualTo(200);
    JsonNode o = spansByName(traceId).get("orphan");
    assertThat(o.path("parent_id").asText()).isEqualTo(absent.toString());
    assertThat(o.path("type").asText()).isEqualTo("retriever");
  }

  @Test
  void jsonValuesTagsAndGalileosStatusCodeComeBackAsGalileoFields() throws Exception {
    UUID traceId = UUID.randomUUID();
    Span s = span(traceId, 0x9999L, 0, "structured")
        .addAttributes(attr("input.value", "[{\"role\":\"user\",\"content\":\"hi\"}]"))
        .addAttributes(attr("input.mime_type", "application/json"))
        .addAttributes(attr("output.value", "{not json"))
        .addAttributes(attr("output.mime_type", "application/json"))
        .addAttributes(KeyValue.newBuilder().setKey("tag.tags").setValue(AnyValue.newBuilder()
            .setArrayValue(io.opentelemetry.proto.common.v1.ArrayValue.newBuilder()
                .addValues(AnyValue.newBuilder().setStringValue("a"))
                .addValues(AnyValue.newBuilder().setStringValue("b")))))
        .addAttributes(intAttr("galileo.status_code", 404))
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
        .build();
    assertThat(post(request("svc", s).toByteArray(), "application/x-protobuf", null).statusCode())
        .isEqualTo(200);
    JsonNode span = spansByName(traceId).get("structured");
    assertThat(span.path("status_code").asLong()).isEqualTo(404);
    JsonNode rec = span.path("record");
    assertThat(rec.path("input").get(0).path("content").asText()).isEqualTo("hi");
    assertThat(rec.path("output").asText()).isEqualTo("{not json");
    assertThat(rec.path("tags")).extracting(JsonNode::asText).containsExactly("a", "b");
    assertThat(rec.path("user_metadata").has("galileo.status_code")).isFalse();
    assertThat(rec.path("user_metadata").has("input.mime_type")).isFalse();
  }

  /** protobuf's JSON writes bytes as base64; OTLP/JSON has ids in hex. */
  private static String hexIds(String json, Span... spans) {
    for (Span s : spans) {
      for (ByteString id : new ByteString[] {s.getTraceId(), s.getSpanId(), s.getParentSpanId()}) {
        if (!id.isEmpty()) {
          json = json.replace("\"" + java.util.Base64.getEncoder().encodeToString(id.toByteArray()) + "\"",
              "\"" + HexFormat.of().formatHex(id.toByteArray()) + "\"");
        }
      }
    }
    return json;
  }

  @Test
  void galileosOwnOtlpRouteIsTheSameIntakeFiledByItsProjectAndLogStreamHeaders() throws Exception {
    UUID traceId = UUID.randomUUID();
    HttpRequest request = HttpRequest.newBuilder(console.console().url().resolve("/otel/traces"))
        .header("Content-Type", "application/x-protobuf")
        .header("project", "otel-project")
        .header("logstream", "otel-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(
            request("svc", span(traceId, 0x8888L, 0, "root").build()).toByteArray()))
        .build();
    assertThat(CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(200);
    JsonNode trace = console.api("").get("/api/traces/" + traceId).json().path("trace");
    assertThat(trace.path("project_name").asText()).isEqualTo("otel-project");
    assertThat(trace.path("log_stream_name").asText()).isEqualTo("otel-stream");
    assertThat(trace.path("name").asText()).isEqualTo("root");
  }

  // --- helpers

  private void galileoTrace(UUID traceId, UUID spanId) {
    Api api = console.v2();
    UUID project = api.project("otlp-test");
    UUID stream = api.logStream(project, "default");
    Api.ok(api.post("/projects/" + project + "/traces", Records.tracesIngest(stream, false,
        Records.withSpans(Records.trace(traceId, "orchestrate"),
            Records.span("workflow", spanId, "call middle", "orchestrator")))));
  }

  private Map<String, JsonNode> spansByName(UUID traceId) {
    Api.Answer a = Api.ok(console.api("").get("/api/traces/" + traceId));
    Map<String, JsonNode> out = new HashMap<>();
    a.json().path("spans").forEach(s -> out.put(s.path("name").asText(), s));
    return out;
  }

  static Span.Builder span(UUID traceId, long spanId, long parentId, String name) {
    Span.Builder b = Span.newBuilder()
        .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16)
            .putLong(traceId.getMostSignificantBits()).putLong(traceId.getLeastSignificantBits()).array()))
        .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(spanId).array()))
        .setName(name)
        .setStartTimeUnixNano(START)
        .setEndTimeUnixNano(START + 5_000_000L);
    if (parentId != 0) {
      b.setParentSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(parentId).array()));
    }
    return b;
  }

  static ExportTraceServiceRequest request(String service, Span... spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (Span s : spans) {
      scope.addSpans(s);
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(attr("service.name", service)))
        .addScopeSpans(scope)).build();
  }

  static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  static KeyValue intAttr(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }

  private HttpResponse<byte[]> post(byte[] body, String contentType, String encoding) {
    return post(console.console().url(), body, contentType, encoding, Map.of());
  }

  static HttpResponse<byte[]> post(URI base, byte[] body, String contentType, String encoding,
      Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/v1/traces"))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      b.header("Content-Encoding", encoding);
    }
    headers.forEach(b::header);
    try {
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }

  /** The message of a protobuf google.rpc.Status (field 2). */
  static String statusMessage(byte[] body) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    String message = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (WireFormat.getTagFieldNumber(tag) == 2) {
        message = in.readString();
      } else {
        in.skipField(tag);
      }
    }
    return message;
  }

}
