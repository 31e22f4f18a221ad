package ai.galileo.tracing.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.transport.ServerTracing;
import ai.galileo.tracing.core.transport.TrustPolicy;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.HttpFilterHandler;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code X-Galileo-Span-ID} through HttpCore's server filter and Apache's clients, over loopback:
 * the server names its span only when it continued the caller's trace, and the clients take odd
 * answers without failing.
 */
class SpanIdHeaderTest {
  private static final String SPAN_ID = ServerTracing.SPAN_ID_HEADER;

  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final List<AutoCloseable> toClose = new ArrayList<>();
  /** Without tracing, for calls the test writes the headers of itself. */
  private final CloseableHttpClient plain = HttpClients.createDefault();

  @AfterEach
  void closeEverything() throws Exception {
    plain.close();
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  /** A server answering 200 to everything; traced by the filter unless it is null. */
  private String server(HttpFilterHandler filter, String... spanIdValues) throws IOException {
    ServerBootstrap bootstrap = ServerBootstrap.bootstrap()
        .setLocalAddress(InetAddress.getLoopbackAddress())
        .setListenerPort(0)
        .setCanonicalHostName("127.0.0.1");
    if (filter != null) {
      bootstrap.addFilterFirst("galileo", filter);
    }
    HttpServer server = bootstrap.register("*", (request, response, context) -> {
      for (String value : spanIdValues) {
        response.addHeader(SPAN_ID, value);
      }
      response.setCode(200);
      response.setEntity(new StringEntity("ok", ContentType.TEXT_PLAIN));
    }).create();
    server.start();
    toClose.add(() -> server.close(CloseMode.IMMEDIATE));
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The values of the header in the answer to a GET with Galileo's headers, when trace is set. */
  private List<String> spanIds(String uri, UUID trace, UUID parent) throws IOException {
    HttpGet get = new HttpGet(uri);
    if (trace != null) {
      get.addHeader("X-Galileo-Trace-ID", trace.toString());
      get.addHeader("X-Galileo-Parent-ID", parent.toString());
    }
    return plain.execute(get, response -> {
      List<String> values = new ArrayList<>();
      for (Header h : response.getHeaders(SPAN_ID)) {
        values.add(h.getValue());
      }
      return values;
    });
  }

  private SpanData awaitSpan(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      List<SpanData> found = tracing.spans(name);
      if (!found.isEmpty()) {
        return found.get(0);
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no span named " + name + " among " + tracing.spans());
  }

  @Test
  void aServerContinuingTheCallersTraceNamesItsSpanInTheResponse() throws Exception {
    String base = server(HttpClient5Tracing.create().serverFilter());
    UUID trace = UUID.randomUUID();
    List<String> named = spanIds(base + "/retrieve", trace, UUID.randomUUID());

    SpanData server = awaitSpan("GET /retrieve");
    assertThat(server.traceId()).isEqualTo(trace);
    assertThat(named).containsExactly(server.spanId().toString());
  }

  @Test
  void aServerInATraceOfItsOwnNamesNoSpan() throws Exception {
    String base = server(HttpClient5Tracing.create().serverFilter());
    assertThat(spanIds(base + "/retrieve", null, null)).isEmpty();
    assertThat(awaitSpan("GET /retrieve").remoteParent()).isFalse();
  }

  @Test
  void aServerThatLinksOrIgnoresTheCallersTraceNamesNoSpan() throws Exception {
    for (TrustPolicy policy : List.of(TrustPolicy.LINK, TrustPolicy.IGNORE)) {
      String base = server(HttpClient5Tracing.builder(tracing.tracer()).trustPolicy(policy).build()
          .serverFilter());
      assertThat(spanIds(base + "/retrieve", UUID.randomUUID(), UUID.randomUUID())).as("%s", policy)
          .isEmpty();
    }
  }

  @Test
  void malformedSpanIdsInAResponseAreIgnoredByBothClients() throws Exception {
    String base = server(null, "not-a-uuid", "", "0123456789abcdef0123456789abcdef",
        "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", UUID.randomUUID() + "-and-more");
    HttpClient5Tracing apache = HttpClient5Tracing.builder(tracing.tracer()).clientSpans(true).build();
    try (CloseableHttpClient classic = apache.addTo(HttpClients.custom()).build();
        CloseableHttpAsyncClient async = apache.addTo(HttpAsyncClients.custom()).build()) {
      async.start();
      Span trace = tracing.tracer().traceBuilder("answer").start();
      try (Scope scope = trace.makeCurrent()) {
        assertThat(classic.execute(new HttpGet(base + "/odd"), HttpResponse::getCode)).isEqualTo(200);
        SimpleHttpResponse response = async.execute(SimpleRequestBuilder.get(base + "/odd").build(), null)
            .get(10, TimeUnit.SECONDS);
        assertThat(response.getCode()).isEqualTo(200);
      }
      trace.end();
    }
    assertThat(tracing.spans("GET 127.0.0.1/odd")).hasSize(2).allSatisfy(call -> {
      assertThat(call.statusCode()).isEqualTo(200);
      assertThat(call.metadata()).doesNotContainKey("error.type");
    });
  }

  @Test
  void anAsyncResponseConsumerThatFailsStillEndsTheCall() throws Exception {
    String base = server(null);
    HttpClient5Tracing apache = HttpClient5Tracing.builder(tracing.tracer()).clientSpans(true).build();
    try (CloseableHttpAsyncClient async = apache.addTo(HttpAsyncClients.custom()).build()) {
      async.start();
      Span trace = tracing.tracer().traceBuilder("answer").start();
      try (Scope scope = trace.makeCurrent()) {
        assertThatThrownBy(() -> async.execute(
                SimpleRequestProducer.create(SimpleRequestBuilder.get(base + "/refused").build()),
                new FailingConsumer(), null, null, (FutureCallback<Void>) null)
            .get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasRootCauseMessage("the consumer refuses the response");
      }
      trace.end();
    }
    SpanData call = awaitSpan("GET 127.0.0.1/refused");
    assertThat(call.metadata()).containsEntry("error.message", "the consumer refuses the response");
  }

  /** Refuses every response as its head arrives. */
  private static final class FailingConsumer implements AsyncResponseConsumer<Void> {
    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entityDetails, HttpContext context,
        FutureCallback<Void> resultCallback) throws IOException {
      throw new IOException("the consumer refuses the response");
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {}

    @Override
    public void failed(Exception cause) {}

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) {}

    @Override
    public void consume(java.nio.ByteBuffer src) {}

    @Override
    public void streamEnd(List<? extends Header> trailers) {}

    @Override
    public void releaseResources() {}
  }
}
