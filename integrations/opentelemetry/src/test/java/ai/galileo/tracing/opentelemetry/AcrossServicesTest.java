package ai.galileo.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #14-style: a retrieval service's Galileo server span, continuing an orchestrator's trace
 * that came in over HTTP, has OpenTelemetry-instrumented work inside; all of it is one trace.
 */
class AcrossServicesTest {
  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private HttpServer server;
  private URI uri;

  @BeforeEach
  void start() throws Exception {
    Otel.EXPORTED.reset();
    JdkHttpTracing http = JdkHttpTracing.create();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/retrieve", exchange -> {
      String query = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      // The retrieval service's own OpenTelemetry instrumentation (a vector store client, say).
      io.opentelemetry.api.trace.Span search = Otel.TRACER.spanBuilder("vector search")
          .setAttribute("openinference.span.kind", "RETRIEVER")
          .setAttribute("input.value", query)
          .setAttribute("retrieval.documents.0.document.content", "Galileo taught at Padua.")
          .startSpan();
      try (io.opentelemetry.context.Scope ignored = search.makeCurrent()) {
        Galileo.tracer().spanBuilder("rerank", SpanType.TOOL).start().end();
      } finally {
        search.end();
      }
      byte[] body = "Galileo taught at Padua.".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }).getFilters().add(http.serverFilter());
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/retrieve");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void openTelemetrySpansInsideAServerSpanAreInTheCallersTrace() throws Exception {
    HttpClient client = JdkHttpTracing.create().client(HttpClient.newHttpClient());
    Span orchestrate = Galileo.tracer().traceBuilder("answer question").start();
    try (Scope ignored = orchestrate.makeCurrent()) {
      Span call = Galileo.tracer().spanBuilder("call retrieval", SpanType.WORKFLOW).start();
      try (Scope s = call.makeCurrent()) {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
            .POST(HttpRequest.BodyPublishers.ofString("Where did Galileo teach?")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
      } finally {
        call.end();
      }
    } finally {
      orchestrate.end();
    }
    SpanData serverSpan = tracing.awaitSpan("POST /retrieve", Duration.ofSeconds(10));

    UUID trace = orchestrate.context().traceId();
    assertThat(tracing.traces()).containsOnlyKeys(trace);
    assertThat(serverSpan.parentId()).isEqualTo(tracing.span("call retrieval").spanId());
    SpanData search = tracing.span("vector search");
    assertThat(search.type()).isEqualTo(SpanType.RETRIEVER);
    assertThat(search.parentId()).isEqualTo(serverSpan.spanId());
    assertThat(search.input().asText()).isEqualTo("Where did Galileo teach?");
    assertThat(tracing.span("rerank").parentId()).isEqualTo(search.spanId());
    assertThat(Otel.span("vector search").getTraceId()).isEqualTo(Otel.traceHex(trace));
    assertThat(Otel.span("vector search").getParentSpanId()).isEqualTo(Otel.spanHex(serverSpan.spanId()));
  }
}
