package ai.galileo.examples.rag;

import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.transport.grpc.GrpcTracing;
import ai.galileo.tracing.transport.http.HttpClient5Tracing;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/** Calls one retrieval service; the transport's tracing passes the current trace on. */
interface RetrievalClient extends AutoCloseable {
  /** Sends the JSON request and returns the JSON answer. */
  String search(String requestJson) throws IOException;

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

  /** Apache HttpClient 5 with the tracing interceptors: {@code POST URL/retrieve}. */
  final class Http implements RetrievalClient {
    private final CloseableHttpClient http;
    private final String url;

    Http(String url, Tracer tracer) {
      this.url = (url.contains("://") ? url : "http://" + url).replaceAll("/+$", "");
      this.http = HttpClient5Tracing.create(tracer).addTo(HttpClients.custom()).build();
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
    public String target() {
      return url;
    }

    @Override
    public void close() {
      try {
        http.close();
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
    public String target() {
      return "grpc://" + target;
    }

    @Override
    public void close() {
      channel.shutdownNow();
    }
  }
}
