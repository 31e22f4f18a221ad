package ai.galileo.tracing.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.nio.AsyncClientConnectionManager;
import org.apache.hc.client5.http.nio.AsyncConnectionEndpoint;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.ConnectionInitiator;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cancelling the async client's future ends the call exactly once, in every order of the cancel
 * and Apache's own bookkeeping. Spans are exported synchronously here, so "ended" is checked the
 * moment {@code cancel} returns, with no waiting.
 */
class AsyncCancellationTest {
  private static final String CALL = "GET 127.0.0.1/slow";

  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  /** Counted down when the server holds the request; the server waits for {@link #released}. */
  private final CountDownLatch arrived = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    released.countDown();
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  /** A server that holds {@code /slow} until released, and answers 200. */
  private String server() throws IOException {
    HttpServer server = ServerBootstrap.bootstrap()
        .setLocalAddress(InetAddress.getLoopbackAddress())
        .setListenerPort(0)
        .setCanonicalHostName("127.0.0.1")
        .register("*", (request, response, context) -> {
          if (request.getPath().equals("/slow")) {
            arrived.countDown();
            try {
              released.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          response.setCode(200);
          response.setEntity(new StringEntity("ok", ContentType.TEXT_PLAIN));
        })
        .create();
    server.start();
    toClose.add(() -> server.close(CloseMode.IMMEDIATE));
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private CloseableHttpAsyncClient client(AsyncClientConnectionManager manager) {
    HttpClient5Tracing apache =
        HttpClient5Tracing.builder(tracing.tracer()).clientSpans(true).build();
    CloseableHttpAsyncClient client = apache.addTo(HttpAsyncClients.custom())
        .setConnectionManager(manager).build();
    client.start();
    toClose.add(() -> client.close(CloseMode.IMMEDIATE));
    return client;
  }

  private Future<SimpleHttpResponse> getInATrace(CloseableHttpAsyncClient client, String uri) {
    Span trace = tracing.tracer().traceBuilder("caller").start();
    try (Scope scope = trace.makeCurrent()) {
      return client.execute(SimpleRequestBuilder.get(uri).build(), null);
    } finally {
      trace.end();
    }
  }

  @Test
  void aCancelWhileTheServerHoldsTheRequestEndsTheCallAtOnce() throws Exception {
    String base = server();
    CloseableHttpAsyncClient client =
        client(PoolingAsyncClientConnectionManagerBuilder.create().build());
    Future<SimpleHttpResponse> pending = getInATrace(client, base + "/slow");
    assertThat(arrived.await(10, TimeUnit.SECONDS)).as("the server holds the request").isTrue();

    assertThat(pending.cancel(true)).isTrue();

    assertThat(tracing.spans(CALL)).singleElement()
        .satisfies(call -> assertThat(call.metadata()).containsKey("error.type"));
  }

  /**
   * Apache records the connection lease as the exchange's cancel handle only after the lease
   * returns; when the connection is made and the request sent before that (a busy caller thread),
   * the lease's spent handle replaces the exchange's, and Apache's cancel no longer reaches the
   * exchange. The manager here holds the lease's return until the request is in the server, which
   * forces that order.
   */
  @Test
  void aCancelEndsTheCallEvenWhenApachesCancelNoLongerReachesTheExchange() throws Exception {
    String base = server();
    CloseableHttpAsyncClient client = client(new LeaseReturningLate(
        PoolingAsyncClientConnectionManagerBuilder.create().build(), arrived));
    Future<SimpleHttpResponse> pending = getInATrace(client, base + "/slow");
    assertThat(arrived.getCount()).as("the request reached the server before the lease returned")
        .isZero();

    assertThat(pending.cancel(true)).isTrue();

    assertThat(tracing.spans(CALL)).as("the call ended when it was cancelled").singleElement()
        .satisfies(call -> assertThat(call.metadata()).containsKey("error.type"));
  }

  @Test
  void aCancelAfterTheAnswerLeavesTheEndedCallAsItWas() throws Exception {
    released.countDown();
    String base = server();
    CloseableHttpAsyncClient client =
        client(PoolingAsyncClientConnectionManagerBuilder.create().build());
    Future<SimpleHttpResponse> done = getInATrace(client, base + "/slow");
    assertThat(done.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(200);

    assertThat(done.cancel(true)).isFalse();

    // The caller may have the answer before the exchange's own callback has ended the call.
    SpanData call = tracing.awaitSpan(CALL, Duration.ofSeconds(10));
    assertThat(call.statusCode()).isEqualTo(200);
    assertThat(call.metadata()).doesNotContainKey("error.type");
    assertThat(tracing.spans(CALL)).hasSize(1);
  }

  /** A connection manager whose {@code lease} returns only once the request reached the server. */
  private static final class LeaseReturningLate implements AsyncClientConnectionManager {
    private final AsyncClientConnectionManager delegate;
    private final CountDownLatch arrived;

    LeaseReturningLate(AsyncClientConnectionManager delegate, CountDownLatch arrived) {
      this.delegate = delegate;
      this.arrived = arrived;
    }

    @Override
    public Future<AsyncConnectionEndpoint> lease(String id, HttpRoute route, Object state,
        Timeout requestTimeout, FutureCallback<AsyncConnectionEndpoint> callback) {
      // A free pool completes the lease, and so starts the connection, before it returns.
      Future<AsyncConnectionEndpoint> lease =
          delegate.lease(id, route, state, requestTimeout, callback);
      try {
        arrived.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return lease;
    }

    @Override
    public void release(AsyncConnectionEndpoint endpoint, Object newState,
        TimeValue validDuration) {
      delegate.release(endpoint, newState, validDuration);
    }

    @Override
    public Future<AsyncConnectionEndpoint> connect(AsyncConnectionEndpoint endpoint,
        ConnectionInitiator connectionInitiator, Timeout connectTimeout, Object attachment,
        HttpContext context, FutureCallback<AsyncConnectionEndpoint> callback) {
      return delegate.connect(endpoint, connectionInitiator, connectTimeout, attachment, context,
          callback);
    }

    @Override
    public void upgrade(AsyncConnectionEndpoint endpoint, Object attachment, HttpContext context) {
      delegate.upgrade(endpoint, attachment, context);
    }

    @Override
    public void close(CloseMode closeMode) {
      delegate.close(closeMode);
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
