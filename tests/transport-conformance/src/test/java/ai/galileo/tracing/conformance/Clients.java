package ai.galileo.tracing.conformance;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.core.transport.ServerTracing;
import ai.galileo.tracing.transport.http.HttpClient5Tracing;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.MessageHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;

/** The client kinds of the matrix. */
final class Clients {
  private static final int CONNECTIONS = 200;
  /** Apache's strategy on 503, with a short pause so the tests stay quick. */
  private static final TimeValue RETRY_PAUSE = TimeValue.ofMilliseconds(10);

  private Clients() {}

  private static HttpClient jdkClient(JdkHttpTracing tracing) {
    return tracing.client(HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(10))
        .build());
  }

  private static HttpRequest jdkRequest(URI uri, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
    headers.forEach(request::header);
    return request.build();
  }

  /** The JDK HttpClient's blocking {@code send}; asynchronous calls run it on a context-wrapped pool. */
  static final TestClient.Kind JDK_SYNC = (tracer, clientSpans) -> {
    HttpClient client = jdkClient(JdkHttpTracing.builder(tracer).clientSpans(clientSpans).build());
    return new BlockingClient() {
      @Override
      Reply send(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        return jdkReply(client.send(jdkRequest(uri, headers), HttpResponse.BodyHandlers.ofString()));
      }

      @Override
      public String toString() {
        return "JDK HttpClient send";
      }
    };
  };

  /** The JDK HttpClient's {@code sendAsync}; cancelling its future aborts the exchange. */
  static final TestClient.Kind JDK_ASYNC = new TestClient.Kind() {
    @Override
    public TestClient create(ai.galileo.tracing.Tracer tracer, boolean clientSpans) {
      HttpClient client = jdkClient(JdkHttpTracing.builder(tracer).clientSpans(clientSpans).build());
      return new TestClient() {
        @Override
        public CompletableFuture<Reply> getAsync(URI uri, Map<String, String> headers) {
          CompletableFuture<HttpResponse<String>> sent =
              client.sendAsync(jdkRequest(uri, headers), HttpResponse.BodyHandlers.ofString());
          CompletableFuture<Reply> reply = sent.thenApply(Clients::jdkReply);
          // A dependent stage's cancel does not reach the request: cancel the request's future.
          reply.whenComplete((r, e) -> {
            if (reply.isCancelled()) {
              sent.cancel(true);
            }
          });
          return reply;
        }

        @Override
        public void close() {}

        @Override
        public String toString() {
          return "JDK HttpClient sendAsync";
        }
      };
    }

    @Override
    public boolean cancels() {
      return true;
    }
  };

  private static Reply jdkReply(HttpResponse<String> response) {
    return new Reply(response.statusCode(), response.body(),
        response.headers().allValues(ServerTracing.SPAN_ID_HEADER));
  }

  private static List<String> spanIds(MessageHeaders response) {
    List<String> values = new ArrayList<>();
    for (Header h : response.getHeaders(ServerTracing.SPAN_ID_HEADER)) {
      values.add(h.getValue());
    }
    return values;
  }

  /** Apache HttpClient 5 classic, retrying 503 once. */
  static final TestClient.Kind APACHE_CLASSIC = new TestClient.Kind() {
    @Override
    public TestClient create(ai.galileo.tracing.Tracer tracer, boolean clientSpans) {
      HttpClient5Tracing tracing = HttpClient5Tracing.builder(tracer).clientSpans(clientSpans).build();
      CloseableHttpClient client = tracing.addTo(HttpClients.custom())
          .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
              .setMaxConnPerRoute(CONNECTIONS).setMaxConnTotal(CONNECTIONS).build())
          .setRetryStrategy(new DefaultHttpRequestRetryStrategy(1, RETRY_PAUSE))
          .build();
      return new BlockingClient() {
        @Override
        Reply send(URI uri, Map<String, String> headers) throws IOException {
          HttpGet get = new HttpGet(uri);
          headers.forEach(get::addHeader);
          return client.execute(get, response -> new Reply(response.getCode(),
              response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8),
              spanIds(response)));
        }

        @Override
        public void close() {
          super.close();
          client.close(CloseMode.IMMEDIATE);
        }

        @Override
        public String toString() {
          return "Apache HttpClient 5 classic";
        }
      };
    }

    @Override
    public boolean retriesOn503() {
      return true;
    }
  };

  /** Apache HttpClient 5 async, retrying 503 once. */
  static final TestClient.Kind APACHE_ASYNC = new TestClient.Kind() {
    @Override
    public TestClient create(ai.galileo.tracing.Tracer tracer, boolean clientSpans) {
      HttpClient5Tracing tracing = HttpClient5Tracing.builder(tracer).clientSpans(clientSpans).build();
      CloseableHttpAsyncClient client = tracing.addTo(HttpAsyncClients.custom())
          .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
              .setMaxConnPerRoute(CONNECTIONS).setMaxConnTotal(CONNECTIONS).build())
          .setRetryStrategy(new DefaultHttpRequestRetryStrategy(1, RETRY_PAUSE))
          .build();
      client.start();
      return new TestClient() {
        @Override
        public CompletableFuture<Reply> getAsync(URI uri, Map<String, String> headers) {
          SimpleRequestBuilder builder = SimpleRequestBuilder.get(uri);
          headers.forEach(builder::addHeader);
          SimpleHttpRequest request = builder.build();
          CompletableFuture<Reply> reply = new CompletableFuture<>();
          Future<SimpleHttpResponse> execution = client.execute(request, new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse response) {
              reply.complete(new Reply(response.getCode(),
                  response.getBodyText() == null ? "" : response.getBodyText(), spanIds(response)));
            }

            @Override
            public void failed(Exception ex) {
              reply.completeExceptionally(ex);
            }

            @Override
            public void cancelled() {
              reply.cancel(false);
            }
          });
          // Cancelling the reply cancels the exchange, as cancelling Apache's own future does.
          reply.whenComplete((r, e) -> {
            if (reply.isCancelled()) {
              execution.cancel(true);
            }
          });
          return reply;
        }

        @Override
        public void close() {
          client.close(CloseMode.IMMEDIATE);
        }

        @Override
        public String toString() {
          return "Apache HttpClient 5 async";
        }
      };
    }

    @Override
    public boolean retriesOn503() {
      return true;
    }

    @Override
    public boolean cancels() {
      return true;
    }
  };

  /** A blocking client; asynchronous calls run on a pool that carries the caller's context. */
  private abstract static class BlockingClient implements TestClient {
    private final ExecutorService pool = Context.taskWrapping(Executors.newCachedThreadPool());

    abstract Reply send(URI uri, Map<String, String> headers) throws Exception;

    @Override
    public Reply get(URI uri, Map<String, String> headers) throws Exception {
      return send(uri, headers); // on the caller's own thread, as applications call it
    }

    @Override
    public CompletableFuture<Reply> getAsync(URI uri, Map<String, String> headers) {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return send(uri, headers);
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      }, pool);
    }

    @Override
    public void close() {
      pool.shutdownNow();
      try {
        pool.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
