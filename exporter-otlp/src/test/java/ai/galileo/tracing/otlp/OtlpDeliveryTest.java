package ai.galileo.tracing.otlp;

import static ai.galileo.tracing.otlp.OtlpExporterTest.attributes;
import static ai.galileo.tracing.otlp.OtlpExporterTest.byName;
import static ai.galileo.tracing.otlp.OtlpExporterTest.id;
import static ai.galileo.tracing.otlp.OtlpExporterTest.sampleTrace;
import static ai.galileo.tracing.otlp.OtlpExporterTest.spanId;
import static ai.galileo.tracing.otlp.OtlpExporterTest.str;
import static ai.galileo.tracing.otlp.OtlpExporterTest.tracer;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.core.transport.ServerSpan;
import ai.galileo.tracing.core.transport.ServerTracing;
import ai.galileo.tracing.testing.InMemoryExporterProvider;
import ai.galileo.tracing.testing.InMemorySpanExporter;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, partial success, JSON, distributed mode, exporters combined and W3C agreement. */
class OtlpDeliveryTest {
  static final Propagator.Getter<Map<String, String>> MAP = (m, k) -> m.get(k);

  OtlpReceiver receiver;
  final List<LogRecord> logs = new java.util.concurrent.CopyOnWriteArrayList<>();
  final Handler capture = new Handler() {
    @Override public void publish(LogRecord r) { logs.add(r); }
    @Override public void flush() {}
    @Override public void close() {}
  };
  final Logger otlpLog = Logger.getLogger("ai.galileo.tracing.otlp");

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpReceiver();
    otlpLog.addHandler(capture);
  }

  @AfterEach
  void stop() {
    otlpLog.removeHandler(capture);
    receiver.close();
    assertThat(receiver.errors).isEmpty();
  }

  Map<String, String> settings(String... more) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.baseUrl() + "/custom/path");
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return m;
  }

  DeliveryReceipt oneTrace(Map<String, String> settings) {
    try (GalileoTracer tracer = tracer(settings)) {
      sampleTrace(tracer);
      return tracer.flush(Duration.ofSeconds(20));
    }
  }

  @Test
  void retries503ThenDelivers() {
    receiver.answer(OtlpReceiver.Answer.status(503));
    DeliveryReceipt receipt = oneTrace(settings());
    assertThat(receiver.received).hasSize(2);
    assertThat(receiver.received.get(0).path()).isEqualTo("/custom/path");
    assertThat(receipt.sent()).isEqualTo(5);
    assertThat(receipt.failed()).isZero();
    assertThat(receipt.retried()).isEqualTo(1);
  }

  @Test
  void waitsAsRetryAfterSaysOn429() {
    receiver.answer(new OtlpReceiver.Answer(429, Map.of("Retry-After", "1"), "text/plain", new byte[0]));
    long start = System.nanoTime();
    DeliveryReceipt receipt = oneTrace(settings());
    long elapsed = System.nanoTime() - start;
    assertThat(receiver.received).hasSize(2);
    assertThat(receipt.sent()).isEqualTo(5);
    // The back-off alone is 10 ms here: only Retry-After makes it a second (a lower bound only).
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void doesNotRetry400AndCountsTheSpansFailed() {
    receiver.answer(new OtlpReceiver.Answer(400, Map.of(), "text/plain", "bad span".getBytes()));
    DeliveryReceipt receipt = oneTrace(settings("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20sekrit-key"));
    assertThat(receiver.received).hasSize(1);
    assertThat(receipt.sent()).isZero();
    assertThat(receipt.failed()).isEqualTo(5);
    assertThat(logs).extracting(LogRecord::getMessage).anyMatch(m -> m.contains("400") && m.contains("bad span"));
    assertThat(logs).extracting(LogRecord::getMessage).noneMatch(m -> m.contains("sekrit"));
  }

  @Test
  void countsPartialSuccessRejectedSpansAsFailedAndLogsOnce() {
    byte[] body = ExportTraceServiceResponse.newBuilder().setPartialSuccess(
        ExportTracePartialSuccess.newBuilder().setRejectedSpans(2).setErrorMessage("2 spans too old")).build().toByteArray();
    receiver.answer(new OtlpReceiver.Answer(200, Map.of(), "application/x-protobuf", body),
        new OtlpReceiver.Answer(200, Map.of(), "application/x-protobuf", body));
    DeliveryReceipt receipt;
    try (GalileoTracer tracer = tracer(settings())) {
      sampleTrace(tracer);
      tracer.flush(Duration.ofSeconds(10));
      sampleTrace(tracer);
      receipt = tracer.flush(Duration.ofSeconds(10));
    }
    assertThat(receiver.received).hasSize(2);
    assertThat(receipt.sent()).isEqualTo(6);
    assertThat(receipt.failed()).isEqualTo(4);
    assertThat(logs).extracting(LogRecord::getMessage)
        .filteredOn(m -> m.contains("2 spans too old")).hasSize(1);
  }

  @Test
  void partialSuccessInJson() {
    receiver.answer(new OtlpReceiver.Answer(200, Map.of(), "application/json",
        "{\"partialSuccess\":{\"rejectedSpans\":\"1\",\"errorMessage\":\"one bad\"}}".getBytes()));
    DeliveryReceipt receipt = oneTrace(settings("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"));
    assertThat(receipt.sent()).isEqualTo(4);
    assertThat(receipt.failed()).isEqualTo(1);
  }

  @Test
  void jsonHasHexIdsAndIntegerEnums() {
    Map<String, UUID> ids;
    try (GalileoTracer tracer = tracer(settings("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/json"))) {
      ids = sampleTrace(tracer);
      tracer.flush(Duration.ofSeconds(10));
    }
    OtlpReceiver.Received r = receiver.received.get(0);
    assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
    assertThat(r.headers().getFirst("Accept")).isEqualTo("application/json");
    String traceHex = ids.get("trace").toString().replace("-", "");
    String planHex = HexFormat.of().formatHex(spanId(ids.get("plan")).toByteArray());
    assertThat(r.json()).contains("\"traceId\":\"" + traceHex + "\"");
    assertThat(r.json()).contains("\"spanId\":\"" + planHex + "\"");
    assertThat(r.json()).contains("\"parentSpanId\":\"" + planHex + "\"");
    assertThat(r.json()).contains("\"kind\":1").contains("\"code\":2").doesNotContain("SPAN_KIND");
    // The receiver parsed it with protobuf's own JSON parser: the same spans as protobuf gives.
    var spans = byName(r.spans());
    assertThat(spans.get("answer").getParentSpanId()).isEqualTo(spanId(ids.get("plan")));
    assertThat(spans.get("answer").getTraceId()).isEqualTo(id(ids.get("trace")));
  }

  @Test
  void distributedModeSendsFinalSnapshotsOnlyAndCombinesWithAnotherExporter() {
    Map<String, String> s = settings("GALILEO_EXPORTER", "memory,otlp", "GALILEO_MODE", "distributed");
    Map<String, UUID> ids;
    String traceparent;
    DeliveryReceipt receipt;
    InMemorySpanExporter memory;
    try (GalileoTracer tracer = tracer(s)) {
      memory = InMemoryExporterProvider.lastCreated();
      Span trace = tracer.traceBuilder("call").start();
      try (Scope scope = trace.makeCurrent()) {
        Span call = tracer.spanBuilder("call retrieval", SpanType.WORKFLOW).start();
        try (Scope inner = call.makeCurrent()) {
          traceparent = tracer.tracingHeaders().get("traceparent"); // headers leave: start snapshots
        }
        call.end("ok");
        ids = Map.of("trace", trace.context().traceId(), "call", call.context().spanId());
      }
      trace.end("done");
      receipt = tracer.flush(Duration.ofSeconds(10));
    }
    var otlp = receiver.spans();
    assertThat(otlp).hasSize(2); // one per span: the open snapshots are not OTLP spans
    List<SpanData> finals = memory.finishedSpans();
    assertThat(finals.stream().map(SpanData::spanId).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(otlp.stream()
            .map(o -> UUID.fromString(str(attributes(o.getAttributesList()), "galileo.span.id")))
            .toList());
    for (var o : otlp) {
      UUID uuid = UUID.fromString(str(attributes(o.getAttributesList()), "galileo.span.id"));
      SpanData same = finals.stream().filter(f -> f.spanId().equals(uuid)).findFirst().orElseThrow();
      assertThat(o.getSpanId()).isEqualTo(spanId(same.spanId()));
      assertThat(o.getTraceId()).isEqualTo(id(same.traceId()));
    }
    // Our W3C header and the OTLP span agree: traceparent's parent-id is the span's OTLP span id.
    String[] parts = traceparent.split("-");
    var call = byName(otlp).get("call retrieval");
    assertThat(parts[1]).isEqualTo(HexFormat.of().formatHex(call.getTraceId().toByteArray()));
    assertThat(parts[2]).isEqualTo(HexFormat.of().formatHex(call.getSpanId().toByteArray()));
    assertThat(call.getSpanId()).isEqualTo(spanId(ids.get("call")));
    assertThat(receipt.failed()).isZero();
  }

  @Test
  void serverSpansAreServerKindUnderTheCallersSpan() {
    String otelTrace = "4bf92f3577b34da6a3ce929d0e0e4736"; // v4-shaped, so kept as the Galileo trace id
    String otelParent = "00f067aa0ba902b7";
    UUID galileoCaller = UUID.randomUUID();
    UUID galileoTrace = UUID.randomUUID();
    String galileoTraceHex = galileoTrace.toString().replace("-", "");
    String callerParentId = String.format("%016x", ai.galileo.tracing.core.internal.W3CIds.parentIdOf(galileoCaller));
    try (GalileoTracer tracer = tracer(settings())) {
      ServerTracing server = ServerTracing.create(tracer);
      ServerSpan fromOtel = server.startHttp(Map.of("traceparent", "00-" + otelTrace + "-" + otelParent + "-01"),
          MAP, "POST", "/from-otel");
      fromOtel.end(200);
      ServerSpan fromGalileo = server.startHttp(Map.of(
          "traceparent", "00-" + galileoTraceHex + "-" + callerParentId + "-01",
          "tracestate", "galileo=" + galileoCaller.toString().replace("-", "")), MAP, "POST", "/from-galileo");
      fromGalileo.end(200);
      tracer.flush(Duration.ofSeconds(10));
    }
    var spans = byName(receiver.spans());
    var a = spans.get("POST /from-otel");
    assertThat(a.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(a.getTraceId()).isEqualTo(ByteString.copyFrom(HexFormat.of().parseHex(otelTrace)));
    assertThat(a.getParentSpanId()).isEqualTo(ByteString.copyFrom(HexFormat.of().parseHex(otelParent)));
    var b = spans.get("POST /from-galileo");
    assertThat(b.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(b.getTraceId()).isEqualTo(id(galileoTrace));
    assertThat(b.getParentSpanId()).isEqualTo(spanId(galileoCaller));
    assertThat(str(attributes(b.getAttributesList()), "galileo.parent.id")).isEqualTo(galileoCaller.toString());
  }

  @Test
  void aHeaderTheJdkClientRefusesIsLeftOutNotFatal() {
    DeliveryReceipt receipt = oneTrace(settings("OTEL_EXPORTER_OTLP_HEADERS", "host=elsewhere,x-ok=1"));
    assertThat(receipt.sent()).isEqualTo(5);
    assertThat(receiver.received.get(0).headers().getFirst("x-ok")).isEqualTo("1");
    assertThat(logs).extracting(LogRecord::getMessage).anyMatch(m -> m.contains("'host'"));
  }
}
