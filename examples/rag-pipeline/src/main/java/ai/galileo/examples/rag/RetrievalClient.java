package ai.galileo.examples.rag;

import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.transport.grpc.GrpcTracing;
import ai.galileo.tracing.transport.http.HttpClient5Tracing;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;

/** Calls one retrieval service; the transport's tracing passes the current trace on. */
interface RetrievalClient extends AutoCloseable {
  /** Sends the JSON request and returns the JSON answer. */
  String search(String requestJson) throws IOException;

  /**
   * Sends the JSON request through the transport's asynchronous client; the future completes with
   * the JSON answer, in the caller's context, whenever it comes.
   */
  CompletableFuture<String> searchAsync(String requestJson);

  /** gRPC only: the server-streaming search, its messages' results joined into one answer. */
  default String searchStream(String requestJson) throws IOException {
    throw new UnsupportedOperationException("server streaming is a gRPC call");
  }

  String target();

  @Override
  void close();

  static RetrievalClient create(String transport, String url, Tracer tracer) {
    return switch (transport) {
      case "http" -> new Http(url, tracer);
      case "grpc" -> new Grpc(url, tracer);
      default -> throw new IllegalArgumentException("--transport must be http or grpc, not " + transport);
    };
  }

  /**
   * Apache HttpClient 5 with the tracing interceptors: {@code POST URL/retrieve}, by the classic
   * client, or by the async client (made on first use) for {@link #searchAsync}.
   */
  final class Http implements RetrievalClient {
    private final HttpClient5Tracing tracing;
    private final CloseableHttpClient http;
    private final String url;
    private CloseableHttpAsyncClient async;

    Http(String url, Tracer tracer) {
      this.url = (url.contains("://") ? url : "http://" + url).replaceAll("/+$", "");
      this.tracing = HttpClient5Tracing.create(tracer);
      this.http = tracing.addTo(HttpClients.custom()).build();
    }

    @Override
    public String search(String requestJson) throws IOException {
      HttpPost post = new HttpPost(url + "/retrieve");
      post.setEntity(new StringEntity(requestJson, ContentType.APPLICATION_JSON));
      return http.execute(post, response -> {
        String body = EntityUtils.toString(response.getEntity());
        if (response.getCode() != 200) {
          throw new IOException("the retrieval service answered " + response.getCode() + ": " + body);
        }
        return body;
      });
    }

    @Override
    public CompletableFuture<String> searchAsync(String requestJson) {
      CompletableFuture<String> answer = new CompletableFuture<>();
      SimpleHttpRequest post = SimpleRequestBuilder.post(url + "/retrieve")
          .setBody(requestJson, ContentType.APPLICATION_JSON).build();
      asyncClient().execute(post, new FutureCallback<>() {
        @Override
        public void completed(SimpleHttpResponse response) {
          if (response.getCode() != 200) {
            answer.completeExceptionally(new IOException("the retrieval service answered "
                + response.getCode() + ": " + response.getBodyText()));
          } else {
            answer.complete(response.getBodyText());
          }
        }

        @Override
        public void failed(Exception e) {
          answer.completeExceptionally(e);
        }

        @Override
        public void cancelled() {
          answer.cancel(false);
        }
      });
      return answer;
    }

    private synchronized CloseableHttpAsyncClient asyncClient() {
      if (async == null) {
        async = tracing.addTo(HttpAsyncClients.custom()).build();
        async.start();
      }
      return async;
    }

    @Override
    public String target() {
      return url;
    }

    @Override
    public void close() {
      try {
        http.close();
        synchronized (this) {
          if (async != null) {
            async.close(CloseMode.GRACEFUL);
          }
        }
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  /** A gRPC channel with the tracing client interceptor, calling {@code rag.Retrieval/Search}. */
  final class Grpc implements RetrievalClient {
    private final ManagedChannel channel;
    private final String target;

    Grpc(String url, Tracer tracer) {
      this.target = url.replaceFirst("^[a-z]+://", "").replaceAll("/+$", "");
      this.channel = ManagedChannelBuilder.forTarget(target).usePlaintext()
          .intercept(GrpcTracing.create(tracer).clientInterceptor()).build();
    }

    @Override
    public String search(String requestJson) throws IOException {
      try {
        return ClientCalls.blockingUnaryCall(channel, RetrievalRpc.SEARCH,
            CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), requestJson);
      } catch (RuntimeException e) {
        throw new IOException(e.getMessage(), e);
      }
    }

    @Override
    public CompletableFuture<String> searchAsync(String requestJson) {
      CompletableFuture<String> answer = new CompletableFuture<>();
      ClientCalls.asyncUnaryCall(channel.newCall(RetrievalRpc.SEARCH,
          CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)), requestJson, new StreamObserver<>() {
            @Override
            public void onNext(String value) {
              answer.complete(value);
            }

            @Override
            public void onError(Throwable t) {
              answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
              answer.completeExceptionally(new IOException("no answer"));
            }
          });
      return answer;
    }

    @Override
    public String searchStream(String requestJson) throws IOException {
      ObjectNode joined = Json.MAPPER.createObjectNode();
      ArrayNode results = Json.MAPPER.createArrayNode();
      try {
        Iterator<String> messages = ClientCalls.blockingServerStreamingCall(channel, RetrievalRpc.SEARCH_STREAM,
            CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), requestJson);
        while (messages.hasNext()) {
          JsonNode message = Json.parse(messages.next());
          joined.put("service", message.path("service").asText(""));
          message.path("results").forEach(results::add);
        }
      } catch (RuntimeException e) {
        throw new IOException(e.getMessage(), e);
      }
      joined.set("results", results);
      return joined.toString();
    }

    @Override
    public String target() {
      return "grpc://" + target;
    }

    @Override
    public void close() {
      channel.shutdownNow();
    }
  }
}
