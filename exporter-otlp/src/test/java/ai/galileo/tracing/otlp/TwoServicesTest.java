package ai.galileo.tracing.otlp;

import static ai.galileo.tracing.otlp.OtlpExporterTest.attributes;
import static ai.galileo.tracing.otlp.OtlpExporterTest.id;
import static ai.galileo.tracing.otlp.OtlpExporterTest.spanId;
import static ai.galileo.tracing.otlp.OtlpExporterTest.str;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import java.util.concurrent.CopyOnWriteArrayList;
import ai.galileo.tracing.testing.RecordingBackend;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An orchestrator calls a retrieval service over HTTP, in distributed mode; each service sends its
 * spans to a Galileo backend (RecordingBackend) and to the OTLP receiver. Both ways show the same
 * spans with the same ids, and in OTLP the server's span is the child of the caller's.
 */
class TwoServicesTest {

  /** The one Galileo backend both services send to, recording every snapshot it is given. */
  static final class Galileo implements SpanExporter {
    final RecordingBackend backend = new RecordingBackend("unused");
    final List<SpanData> all = new CopyOnWriteArrayList<>();

    @Override
    public ExportResult export(List<SpanData> batch) {
      all.addAll(batch);
      return backend.export(batch);
    }

    @Override
    public boolean hasFinishedSpan(UUID traceId, UUID spanId) {
      return backend.hasFinishedSpan(traceId, spanId);
    }
  }

  static GalileoTracer service(String name, SpanExporter backend, String otlpEndpoint) {
    GalileoConfig config = GalileoConfig.builder().mode(Mode.DISTRIBUTED).serviceName(name)
        .set("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint)
        .set("GALILEO_EXPORT_DELAY_MS", "10")
        .build();
    return GalileoTracer.builder().config(config)
        .exporter(backend).exporter(OtlpExporter.create(config))
        .shutdownHook(false).build();
  }

  @Test
  void oneTraceBothWaysWithTheSameIds() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Galileo galileoBackend = new Galileo();
      GalileoTracer server = service("retrieval-service", galileoBackend, receiver.baseUrl());
      GalileoTracer client = service("orchestrator", galileoBackend, receiver.baseUrl());
      HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      JdkHttpTracing serverTracing = JdkHttpTracing.create(server);
      http.createContext("/retrieve", exchange -> {
        Span search = server.spanBuilder("search", SpanType.RETRIEVER).setInput("q").start();
        search.end("found");
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      }).getFilters().add(serverTracing.serverFilter());
      http.start();
      DeliveryReceipt clientReceipt;
      DeliveryReceipt serverReceipt;
      UUID traceId;
      try {
        HttpClient httpClient = JdkHttpTracing.create(client).client(HttpClient.newHttpClient());
        Span trace = client.traceBuilder("answer").start();
        try (Scope s = trace.makeCurrent()) {
          Span call = client.spanBuilder("call retrieval", SpanType.WORKFLOW).start();
          try (Scope c = call.makeCurrent()) {
            httpClient.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getAddress().getPort()
                + "/retrieve")).build(), HttpResponse.BodyHandlers.ofString());
          }
          call.end("ok");
        }
        trace.end("done");
        traceId = trace.context().traceId();
      } finally {
        http.stop(0);
      }
      serverReceipt = server.shutdown(Duration.ofSeconds(10));
      clientReceipt = client.shutdown(Duration.ofSeconds(10));
      assertThat(serverReceipt.failed() + clientReceipt.failed()).isZero();

      // The Galileo side: every final snapshot of both services.
      galileoBackend.backend.close();
      Map<UUID, SpanData> galileoById = galileoBackend.all.stream().filter(SpanData::isFinal).collect(Collectors.toMap(SpanData::spanId, Function.identity(), (a, b) -> b));
      var otlp = receiver.spans();
      assertThat(otlp).hasSameSizeAs(galileoById.values());
      Map<String, io.opentelemetry.proto.trace.v1.Span> otlpByName = otlp.stream()
          .collect(Collectors.toMap(io.opentelemetry.proto.trace.v1.Span::getName, Function.identity()));
      for (var o : otlp) {
        UUID uuid = UUID.fromString(str(attributes(o.getAttributesList()), "galileo.span.id"));
        SpanData g = galileoById.get(uuid);
        assertThat(g).as("the OTLP span %s is in the Galileo backend", o.getName()).isNotNull();
        assertThat(o.getTraceId()).isEqualTo(id(traceId));
        assertThat(o.getSpanId()).isEqualTo(spanId(g.spanId()));
        assertThat(o.getParentSpanId()).isEqualTo(g.parentId() == null ? com.google.protobuf.ByteString.EMPTY : spanId(g.parentId()));
      }
      // In OTLP the retrieval service's server span is the child of the orchestrator's call span.
      var serverSpan = otlp.stream().filter(o -> o.getKind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER)
          .findFirst().orElseThrow();
      assertThat(serverSpan.getParentSpanId()).isEqualTo(otlpByName.get("call retrieval").getSpanId());
      assertThat(otlpByName.get("search").getParentSpanId()).isEqualTo(serverSpan.getSpanId());
      assertThat(receiver.received).allSatisfy(r -> assertThat(
          str(attributes(r.request().getResourceSpans(0).getResource().getAttributesList()), "service.name"))
          .isIn("orchestrator", "retrieval-service"));
      assertThat(receiver.errors).isEmpty();
    }
  }
}
