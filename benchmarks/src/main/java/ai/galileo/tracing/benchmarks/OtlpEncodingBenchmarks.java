package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.otlp.internal.OtlpJson;
import ai.galileo.tracing.otlp.internal.OtlpSpans;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 * The {@code otlp} exporter's encoder against OpenTelemetry's own: one request of 100 RAG traces
 * (500 spans: the trace, a workflow, a retriever with three documents, an LLM call with messages
 * and tokens, a tool) encoded to OTLP protobuf into a reused buffer, per span. Ours writes the
 * wire format directly from our SpanData; OpenTelemetry's {@code TraceRequestMarshaler} encodes
 * its SDK's SpanData of the same shape: the same names, kinds, status and times, and the very
 * attributes ours writes (read back from our request in set-up), under the same resource and
 * scope. Targets: at most 1.2x OpenTelemetry's time and 600 B allocated per span. The {@code
 * otlpJson} rows write OTLP/JSON (ours: transcoded from the protobuf).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class OtlpEncodingBenchmarks {
  static final int TRACES = 100;
  static final int SPANS = TRACES * 5;
  static final String VERSION = "bench";

  static final String QUESTION = "Which of our warehouses can ship a replacement pump to Rotterdam by Friday?";
  static final List<String> DOCUMENTS = List.of(
      "Warehouse Antwerp (BE-ANT-2) stocks pump model P-340 and its seals; standard road freight to the"
          + " Netherlands takes one to two working days, express courier same day before 14:00.",
      "Warehouse Duisburg (DE-DUI-1) carries the P-300 series including the P-340 replacement kit; it ships"
          + " by rail to Rotterdam twice a week, on Tuesdays and Thursdays, arriving the next day.",
      "Returns policy: a replacement part ships once the faulty unit's serial number is registered; orders"
          + " placed after 16:00 local time are handled the next working day by every warehouse.");
  static final String SYSTEM = "You are a logistics assistant. Answer from the documents only and name the"
      + " warehouse, the carrier and the expected delivery day.";
  static final String ANSWER = "Antwerp (BE-ANT-2) can ship the P-340 by express courier today before 14:00,"
      + " arriving in Rotterdam tomorrow; Duisburg's Thursday rail would arrive Friday.";
  static final String TOOL_INPUT = "{\"warehouse\":\"BE-ANT-2\",\"sku\":\"P-340\",\"quantity\":1}";
  static final String TOOL_OUTPUT = "{\"available\":14,\"reserved\":2,\"next_pickup\":\"13:30\"}";

  List<SpanData> galileo;
  List<io.opentelemetry.sdk.trace.data.SpanData> otel;
  OtlpSpans encoder;
  ReusableBuffer sink;

  @Setup
  public void setUp() throws IOException {
    sink = new ReusableBuffer(4 << 20);
    encoder = new OtlpSpans(Map.of("service.name", Fixtures.SERVICE), VERSION, 1_000_000);
    galileo = galileoSpans();
    otel = otelSpansLike(galileo);
  }

  private static List<SpanData> galileoSpans() {
    List<SpanData> ended = new ArrayList<>();
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().serviceName(Fixtures.SERVICE).build())
        .exporter(batch -> {
          ended.addAll(batch);
          return ExportResult.NOTHING;
        })
        .shutdownHook(false)
        .build();
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS.size(); i++) {
      docs.add(Document.of(DOCUMENTS.get(i), Map.of("id", "doc-" + i, "score", 0.9 - i / 10.0)));
    }
    for (int t = 0; t < TRACES; t++) {
      Span trace = tracer.traceBuilder("rag-request").setInput(QUESTION)
          .setMetadata(Fixtures.K1, Fixtures.V1).setMetadata(Fixtures.K2, Fixtures.V2)
          .setMetadata(Fixtures.K3, Fixtures.V3).start();
      Context inTrace = Context.root().with(trace);
      Span workflow = tracer.spanBuilder("answer-question", SpanType.WORKFLOW).setParent(inTrace)
          .setInput(QUESTION).setMetadata(Fixtures.K1, Fixtures.V1).start();
      Context inWorkflow = inTrace.with(workflow);
      Span retriever = tracer.spanBuilder("search", SpanType.RETRIEVER).setParent(inWorkflow)
          .setInput(QUESTION).setMetadata(Fixtures.K1, Fixtures.V1).start();
      retriever.end(Content.documents(docs));
      Span llm = tracer.spanBuilder("chat", SpanType.LLM).setParent(inWorkflow).setModel("gpt-4o-mini")
          .setMetadata("provider", "openai")
          .setInput(Content.messages(Message.system(SYSTEM),
              Message.user(QUESTION + " Documents: " + String.join(" ", DOCUMENTS))))
          .start();
      llm.setTemperature(0.2).setTokens(412, 58).setTotalTokens(470);
      llm.end(Content.message(Message.assistant(ANSWER)));
      Span tool = tracer.spanBuilder("check_stock", SpanType.TOOL).setParent(inWorkflow)
          .setInput(TOOL_INPUT).start();
      tool.end(TOOL_OUTPUT);
      workflow.end(ANSWER);
      trace.end(ANSWER);
    }
    tracer.shutdown(Fixtures.shutdownWait());
    return ended;
  }

  /**
   * OpenTelemetry SpanData with what ours carries: each of our spans' name, kind, status, times
   * and attributes, read back from the OTLP/JSON of our own request.
   */
  private static List<io.opentelemetry.sdk.trace.data.SpanData> otelSpansLike(List<SpanData> ours)
      throws IOException {
    OtlpSpans encoder = new OtlpSpans(Map.of("service.name", Fixtures.SERVICE), VERSION, 1_000_000);
    encoder.encode(ours);
    byte[] proto = encoder.toByteArray();
    JsonNode request = new ObjectMapper().readTree(OtlpJson.fromProtobuf(proto, proto.length));
    JsonNode spans = request.path("resourceSpans").get(0).path("scopeSpans").get(0).path("spans");

    List<io.opentelemetry.sdk.trace.data.SpanData> ended = new ArrayList<>();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), Fixtures.SERVICE))))
        .addSpanProcessor(SimpleSpanProcessor.create(new io.opentelemetry.sdk.trace.export.SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<io.opentelemetry.sdk.trace.data.SpanData> s) {
            ended.addAll(s);
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
        }))
        .build();
    io.opentelemetry.api.trace.Tracer tracer =
        provider.tracerBuilder(OtlpSpans.SCOPE).setInstrumentationVersion(VERSION).build();
    // Parents as ours have them: a trace's spans end children first, so they start in reverse.
    Map<String, io.opentelemetry.context.Context> made = new java.util.HashMap<>();
    for (int i = spans.size() - 1; i >= 0; i--) {
      JsonNode s = spans.get(i);
      io.opentelemetry.context.Context parent = s.has("parentSpanId")
          ? made.get(s.path("parentSpanId").asText()) : io.opentelemetry.context.Context.root();
      io.opentelemetry.api.trace.Span span = tracer.spanBuilder(s.path("name").asText())
          .setParent(parent)
          .setSpanKind(switch (s.path("kind").asInt()) {
            case 2 -> SpanKind.SERVER;
            case 3 -> SpanKind.CLIENT;
            default -> SpanKind.INTERNAL;
          })
          .setStartTimestamp(Long.parseLong(s.path("startTimeUnixNano").asText()), TimeUnit.NANOSECONDS)
          .setAllAttributes(attributes(s.path("attributes")))
          .startSpan();
      if (s.path("status").path("code").asInt() == 2) {
        span.setStatus(StatusCode.ERROR, s.path("status").path("message").asText());
      }
      made.put(s.path("spanId").asText(), parent.with(span));
      span.end(Long.parseLong(s.path("endTimeUnixNano").asText()), TimeUnit.NANOSECONDS);
    }
    provider.shutdown().join(5, TimeUnit.SECONDS);
    return ended;
  }

  private static Attributes attributes(JsonNode keyValues) {
    AttributesBuilder b = Attributes.builder();
    for (JsonNode kv : keyValues) {
      String key = kv.path("key").asText();
      JsonNode v = kv.path("value");
      if (v.has("stringValue")) {
        b.put(key, v.get("stringValue").asText());
      } else if (v.has("intValue")) {
        b.put(key, Long.parseLong(v.get("intValue").asText()));
      } else if (v.has("doubleValue")) {
        b.put(key, v.get("doubleValue").asDouble());
      } else if (v.has("boolValue")) {
        b.put(key, v.get("boolValue").asBoolean());
      } else if (v.has("arrayValue")) {
        List<String> values = new ArrayList<>();
        v.get("arrayValue").path("values").forEach(e -> values.add(e.path("stringValue").asText()));
        b.put(AttributeKey.stringArrayKey(key), values);
      }
    }
    return b.build();
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int otlpProtobuf500_galileo() throws IOException {
    sink.reset();
    encoder.encode(galileo);
    encoder.writeTo(sink);
    return sink.size();
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int otlpProtobuf500_otel() throws IOException {
    sink.reset();
    TraceRequestMarshaler.create(otel).writeBinaryTo(sink);
    return sink.size();
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int otlpJson500_galileo() throws IOException {
    sink.reset();
    encoder.encode(galileo);
    byte[] json = encoder.toJson();
    sink.write(json, 0, json.length);
    return sink.size();
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int otlpJson500_otel() throws IOException {
    sink.reset();
    TraceRequestMarshaler.create(otel).writeJsonTo(sink);
    return sink.size();
  }
}
