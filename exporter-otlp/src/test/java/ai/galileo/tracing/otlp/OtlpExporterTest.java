package ai.galileo.tracing.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.core.internal.W3CIds;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OtlpExporterTest {
  OtlpReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
    assertThat(receiver.errors).isEmpty();
  }

  static GalileoTracer tracer(Map<String, String> settings) {
    GalileoConfig.Builder config = GalileoConfig.builder().serviceName("orchestrator")
        .set("GALILEO_EXPORTER", "otlp")
        .set("GALILEO_EXPORT_DELAY_MS", "10")
        .set("GALILEO_RETRY_INITIAL_BACKOFF_MS", "10")
        .set("GALILEO_RETRY_MAX_BACKOFF_MS", "50");
    settings.forEach(config::set);
    return GalileoTracer.builder().config(config.build()).shutdownHook(false).build();
  }

  Map<String, String> otel(String... more) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.baseUrl());
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return m;
  }

  /** A trace with a workflow, an LLM call, a retriever and a failed tool; returns its ids by name. */
  static Map<String, UUID> sampleTrace(GalileoTracer tracer) {
    Map<String, UUID> ids = new LinkedHashMap<>();
    Span trace = tracer.traceBuilder("answer question").setInput("What did Galileo research?").start();
    try (Scope s = trace.makeCurrent()) {
      Span workflow = tracer.spanBuilder("plan", SpanType.WORKFLOW).start();
      try (Scope w = workflow.makeCurrent()) {
        Span retrieve = tracer.spanBuilder("search", SpanType.RETRIEVER).setInput("galileo").start();
        retrieve.end(Content.documents(Document.of("He studied pendulums.", Map.of("id", "doc-1", "score", 0.9))));
        ids.put("search", retrieve.context().spanId());
        Span llm = tracer.spanBuilder("answer", SpanType.LLM)
            .setInput(Content.messages(Message.system("Be brief."), Message.user("What did Galileo research?")))
            .setModel("gpt-4o-mini").setMetadata("provider", "openai").addTag("rag").start();
        llm.setTemperature(0.2).setTokens(12, 5);
        llm.end(Content.message(Message.assistant("Pendulums.")));
        ids.put("answer", llm.context().spanId());
        Span tool = tracer.spanBuilder("lookup", SpanType.TOOL).setInput("{\"q\":1}").start();
        tool.recordError(new IllegalStateException("no such page"));
        tool.end();
        ids.put("lookup", tool.context().spanId());
      }
      workflow.end("done");
      ids.put("plan", workflow.context().spanId());
    }
    trace.end("Pendulums.");
    ids.put("trace", trace.context().traceId());
    return ids;
  }

  static Map<String, AnyValue> attributes(List<KeyValue> kvs) {
    return kvs.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue, (a, b) -> b, LinkedHashMap::new));
  }

  static Map<String, io.opentelemetry.proto.trace.v1.Span> byName(List<io.opentelemetry.proto.trace.v1.Span> spans) {
    return spans.stream().collect(Collectors.toMap(io.opentelemetry.proto.trace.v1.Span::getName, s -> s));
  }

  static ByteString id(UUID uuid) {
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array());
  }

  static ByteString spanId(UUID uuid) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(W3CIds.parentIdOf(uuid)).array());
  }

  static String str(Map<String, AnyValue> a, String key) {
    assertThat(a).containsKey(key);
    return a.get(key).getStringValue();
  }

  @Test
  void sendsIdsParentsAttributesResourceAndHeaders() {
    DeliveryReceipt receipt;
    Map<String, UUID> ids;
    try (GalileoTracer tracer = tracer(otel(
        "OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=s%3Dcret,tenant=blue",
        "OTEL_SERVICE_NAME", "rag-orchestrator",
        "OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"))) {
      ids = sampleTrace(tracer);
      receipt = tracer.flush(Duration.ofSeconds(10));
    }
    assertThat(receipt.sent()).isEqualTo(5);
    assertThat(receipt.failed()).isZero();

    OtlpReceiver.Received first = receiver.received.get(0);
    assertThat(first.path()).isEqualTo("/v1/traces");
    assertThat(first.headers().getFirst("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(first.headers().getFirst("Content-Encoding")).isEqualTo("gzip");
    assertThat(first.headers().getFirst("x-api-key")).isEqualTo("s=cret");
    assertThat(first.headers().getFirst("tenant")).isEqualTo("blue");
    Map<String, AnyValue> resource = attributes(first.request().getResourceSpans(0).getResource().getAttributesList());
    assertThat(str(resource, "service.name")).isEqualTo("rag-orchestrator");
    assertThat(first.request().getResourceSpans(0).getScopeSpans(0).getScope().getName()).isEqualTo("ai.galileo.tracing");

    var spans = byName(receiver.spans());
    assertThat(spans).containsOnlyKeys("answer question", "plan", "search", "answer", "lookup");
    UUID traceId = ids.get("trace");
    spans.values().forEach(s -> assertThat(s.getTraceId()).isEqualTo(id(traceId)));

    var root = spans.get("answer question");
    assertThat(root.getSpanId()).isEqualTo(spanId(traceId));
    assertThat(root.getParentSpanId()).isEmpty();
    assertThat(root.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL);
    var plan = spans.get("plan");
    assertThat(plan.getSpanId()).isEqualTo(spanId(ids.get("plan")));
    assertThat(plan.getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(spans.get("answer").getParentSpanId()).isEqualTo(plan.getSpanId());
    assertThat(plan.getEndTimeUnixNano()).isGreaterThanOrEqualTo(plan.getStartTimeUnixNano());

    Map<String, AnyValue> rootAttrs = attributes(root.getAttributesList());
    assertThat(str(rootAttrs, "galileo.trace.id")).isEqualTo(traceId.toString());
    assertThat(str(rootAttrs, "openinference.span.kind")).isEqualTo("CHAIN");
    assertThat(str(rootAttrs, "input.value")).isEqualTo("What did Galileo research?");
    assertThat(str(rootAttrs, "input.mime_type")).isEqualTo("text/plain");

    Map<String, AnyValue> llm = attributes(spans.get("answer").getAttributesList());
    assertThat(str(llm, "galileo.span.id")).isEqualTo(ids.get("answer").toString());
    assertThat(str(llm, "galileo.parent.id")).isEqualTo(ids.get("plan").toString());
    assertThat(str(llm, "openinference.span.kind")).isEqualTo("LLM");
    assertThat(str(llm, "gen_ai.operation.name")).isEqualTo("chat");
    assertThat(str(llm, "gen_ai.provider.name")).isEqualTo("openai");
    assertThat(str(llm, "gen_ai.request.model")).isEqualTo("gpt-4o-mini");
    assertThat(str(llm, "llm.model_name")).isEqualTo("gpt-4o-mini");
    assertThat(llm.get("gen_ai.request.temperature").getDoubleValue()).isEqualTo(0.2);
    assertThat(str(llm, "llm.invocation_parameters")).isEqualTo("{\"temperature\":0.2}");
    assertThat(llm.get("gen_ai.usage.input_tokens").getIntValue()).isEqualTo(12);
    assertThat(llm.get("gen_ai.usage.output_tokens").getIntValue()).isEqualTo(5);
    assertThat(llm.get("llm.token_count.prompt").getIntValue()).isEqualTo(12);
    assertThat(llm.get("llm.token_count.completion").getIntValue()).isEqualTo(5);
    assertThat(str(llm, "gen_ai.input.messages")).isEqualTo(
        "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
            + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What did Galileo research?\"}]}]");
    assertThat(str(llm, "gen_ai.output.messages"))
        .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Pendulums.\"}]}]");
    assertThat(str(llm, "llm.input_messages.1.message.role")).isEqualTo("user");
    assertThat(str(llm, "llm.input_messages.1.message.content")).isEqualTo("What did Galileo research?");
    assertThat(str(llm, "llm.output_messages.0.message.content")).isEqualTo("Pendulums.");
    assertThat(str(llm, "input.mime_type")).isEqualTo("application/json");
    assertThat(str(llm, "input.value")).contains("\"role\":\"user\"");
    assertThat(llm.get("tag.tags").getArrayValue().getValues(0).getStringValue()).isEqualTo("rag");
    assertThat(str(llm, "service.name")).isEqualTo("orchestrator");

    Map<String, AnyValue> search = attributes(spans.get("search").getAttributesList());
    assertThat(str(search, "openinference.span.kind")).isEqualTo("RETRIEVER");
    assertThat(str(search, "retrieval.documents.0.document.content")).isEqualTo("He studied pendulums.");
    assertThat(str(search, "retrieval.documents.0.document.id")).isEqualTo("doc-1");
    assertThat(search.get("retrieval.documents.0.document.score").getDoubleValue()).isEqualTo(0.9);

    var lookup = spans.get("lookup");
    Map<String, AnyValue> tool = attributes(lookup.getAttributesList());
    assertThat(str(tool, "gen_ai.operation.name")).isEqualTo("execute_tool");
    assertThat(str(tool, "gen_ai.tool.name")).isEqualTo("lookup");
    assertThat(str(tool, "tool.name")).isEqualTo("lookup");
    assertThat(str(tool, "gen_ai.tool.call.arguments")).isEqualTo("{\"q\":1}");
    assertThat(lookup.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(lookup.getStatus().getMessage()).isEqualTo("no such page");
  }
}
