package ai.galileo.tracing.transport.http;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.transport.ClientTracing;
import ai.galileo.tracing.core.transport.ServerTracing;
import ai.galileo.tracing.core.transport.TrustPolicy;
import java.util.Objects;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.io.HttpFilterHandler;

/**
 * Galileo tracing for Apache HttpClient 5, classic and async, and for HttpCore 5 classic servers:
 * one line on each side.
 *
 * <pre>{@code
 * HttpClient5Tracing tracing = HttpClient5Tracing.create();
 *
 * // Clients: every request execution carries the current trace.
 * CloseableHttpClient http = tracing.addTo(HttpClients.custom()).build();
 * CloseableHttpAsyncClient async = tracing.addTo(HttpAsyncClients.custom()).build();
 *
 * // Server: each handler runs inside the caller's trace.
 * HttpServer server = ServerBootstrap.bootstrap()
 *     .addFilterFirst("galileo", tracing.serverFilter())
 *     .register("/retrieve", handler)
 *     .create();
 * }</pre>
 *
 * <p>On the client, an execution interceptor placed last in the chain, after the redirect and
 * retry handlers, writes the configured propagators' headers on every execution: each redirect and
 * each retry gets the current headers, replacing any the request carries, never a second set. The
 * async client reads the caller's context when the request is executed, not on the I/O thread
 * that sends it, and runs its response callbacks in that context.
 *
 * <p>The server filter reads the headers as the {@linkplain TrustPolicy trust policy} allows, runs
 * the handler under a server span named like {@code POST /retrieve}, ends it with the response's
 * status code and always restores the thread's previous context.
 *
 * <p>The libraries are {@code provided} dependencies: the client methods need
 * {@code httpclient5}, {@link #serverFilter()} needs only {@code httpcore5}.
 *
 * @since 0.1.0
 */
public final class HttpClient5Tracing {
  /** The name of the interceptors and of the filter in their chains. */
  public static final String NAME = "galileo-tracing";

  private final Tracer tracer;
  private final ClientTracing clientTracing;
  private final TrustPolicy trustPolicy;

  private HttpClient5Tracing(Builder builder) {
    this.tracer = builder.tracer;
    this.clientTracing = ClientTracing.create(tracer, builder.clientSpans);
    this.trustPolicy = builder.trustPolicy != null
        ? builder.trustPolicy
        : TrustPolicy.configured(tracer);
  }

  /**
   * Tracing with {@link Galileo#tracer()}, no client spans, and the configured trust policy.
   *
   * @throws IllegalArgumentException if {@code GALILEO_SERVER_TRUST} is invalid
   */
  public static HttpClient5Tracing create() {
    return builder().build();
  }

  /**
   * Tracing with the given tracer, no client spans, and the configured trust policy.
   *
   * @throws IllegalArgumentException if {@code GALILEO_SERVER_TRUST} is invalid
   */
  public static HttpClient5Tracing create(Tracer tracer) {
    return builder(tracer).build();
  }

  /** A builder with {@link Galileo#tracer()}. */
  public static Builder builder() {
    return new Builder(Galileo.tracer());
  }

  /** A builder with the given tracer. */
  public static Builder builder(Tracer tracer) {
    return new Builder(Objects.requireNonNull(tracer, "tracer"));
  }

  /**
   * Adds tracing to a classic client's builder and returns it:
   * {@code tracing.addTo(HttpClients.custom()).build()}.
   */
  public HttpClientBuilder addTo(HttpClientBuilder builder) {
    return ClassicClientTracing.install(Objects.requireNonNull(builder, "builder"), clientTracing);
  }

  /**
   * Adds tracing to an async client's builder and returns it:
   * {@code tracing.addTo(HttpAsyncClients.custom()).build()}.
   */
  public HttpAsyncClientBuilder addTo(HttpAsyncClientBuilder builder) {
    return AsyncClientTracing.install(Objects.requireNonNull(builder, "builder"), clientTracing);
  }

  /**
   * A filter that continues the caller's trace for the handler; add it first, so the whole
   * exchange runs inside it: {@code ServerBootstrap.bootstrap().addFilterFirst("galileo",
   * tracing.serverFilter())}.
   */
  public HttpFilterHandler serverFilter() {
    return new TracingServerFilter(ServerTracing.create(tracer, trustPolicy));
  }

  public Tracer tracer() {
    return tracer;
  }

  /** The policy the server filter applies to incoming tracing headers. */
  public TrustPolicy trustPolicy() {
    return trustPolicy;
  }

  @Override
  public String toString() {
    return "HttpClient5Tracing{clientSpans=" + clientTracing.clientSpans() + ", trust="
        + trustPolicy.configValue() + "}";
  }

  /**
   * Configures {@link HttpClient5Tracing}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Tracer tracer;
    private boolean clientSpans;
    private TrustPolicy trustPolicy;

    private Builder(Tracer tracer) {
      this.tracer = tracer;
    }

    /**
     * Whether each outgoing call gets a span of its own ({@code POST host/path}) under the current
     * span, covering its redirects and retries; off by default, when the server's spans nest
     * directly under the caller's span.
     */
    public Builder clientSpans(boolean enabled) {
      this.clientSpans = enabled;
      return this;
    }

    /**
     * What the server filter does with incoming tracing headers; by default what
     * {@code GALILEO_SERVER_TRUST} says ({@link TrustPolicy#CONTINUE} when unset).
     */
    public Builder trustPolicy(TrustPolicy policy) {
      this.trustPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Builds it.
     *
     * @throws IllegalArgumentException if no policy was given and {@code GALILEO_SERVER_TRUST} is
     *     invalid
     */
    public HttpClient5Tracing build() {
      return new HttpClient5Tracing(this);
    }
  }
}
