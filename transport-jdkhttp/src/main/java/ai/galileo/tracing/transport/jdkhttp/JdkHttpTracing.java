package ai.galileo.tracing.transport.jdkhttp;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.transport.ClientTracing;
import ai.galileo.tracing.core.transport.PropagationHosts;
import ai.galileo.tracing.core.transport.ServerExclusions;
import ai.galileo.tracing.core.transport.ServerTracing;
import ai.galileo.tracing.core.transport.TrustPolicy;
import com.sun.net.httpserver.Filter;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * Galileo tracing for the JDK's {@link HttpClient} and its built-in
 * {@link com.sun.net.httpserver.HttpServer}: one line on each side.
 *
 * <pre>{@code
 * JdkHttpTracing tracing = JdkHttpTracing.create();
 *
 * // Client: every request carries the current trace.
 * HttpClient http = tracing.client(HttpClient.newHttpClient());
 *
 * // Server: each request's handler runs inside the caller's trace.
 * server.createContext("/retrieve", handler).getFilters().add(tracing.serverFilter());
 * }</pre>
 *
 * <p>The client writes the configured propagators' headers into a copy of each request, replacing
 * any it already holds; {@code sendAsync} returns a future whose dependent stages run in the
 * caller's context, on whichever thread completes it. The server filter reads the headers as the
 * {@linkplain TrustPolicy trust policy} allows, runs the handler under a server span named like
 * {@code POST /retrieve}, ends it with the response's status code and always restores the thread's
 * previous context.
 *
 * <p>Quiet by default: the client sends no tracing headers to model providers' hosts
 * ({@link PropagationHosts}), and the server filter leaves health and readiness probes untraced
 * ({@link ServerExclusions}).
 *
 * @since 0.1.0
 */
public final class JdkHttpTracing {
  private final Tracer tracer;
  private final ClientTracing clientTracing;
  private final ServerTracing serverTracing;

  private JdkHttpTracing(Builder builder) {
    this.tracer = builder.tracer;
    this.clientTracing = ClientTracing.create(tracer, builder.clientSpans, builder.propagationHosts);
    this.serverTracing = ServerTracing.create(tracer, builder.trustPolicy, builder.exclusions);
  }

  /**
   * Tracing with {@link Galileo#tracer()}, no client spans, and the configured trust policy.
   *
   * @throws IllegalArgumentException if {@code GALILEO_SERVER_TRUST} is invalid
   */
  public static JdkHttpTracing create() {
    return builder().build();
  }

  /**
   * Tracing with the given tracer, no client spans, and the configured trust policy.
   *
   * @throws IllegalArgumentException if {@code GALILEO_SERVER_TRUST} is invalid
   */
  public static JdkHttpTracing create(Tracer tracer) {
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
   * The client, decorated: every {@code send} and {@code sendAsync} carries the current trace. The
   * decorated client shares the given one's connections, settings and executor.
   */
  public HttpClient client(HttpClient client) {
    Objects.requireNonNull(client, "client");
    if (client instanceof TracingHttpClient) {
      return client;
    }
    return new TracingHttpClient(client, clientTracing);
  }

  /**
   * A filter that continues the caller's trace for the handler. Add it to each context:
   * {@code server.createContext(path, handler).getFilters().add(tracing.serverFilter())}.
   */
  public Filter serverFilter() {
    return new TracingFilter(serverTracing);
  }

  public Tracer tracer() {
    return tracer;
  }

  /** The policy the server filter applies to incoming tracing headers. */
  public TrustPolicy trustPolicy() {
    return serverTracing.trustPolicy();
  }

  @Override
  public String toString() {
    return "JdkHttpTracing{clientSpans=" + clientTracing.clientSpans() + ", trust="
        + serverTracing.trustPolicy().configValue() + "}";
  }

  /**
   * Configures {@link JdkHttpTracing}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Tracer tracer;
    private boolean clientSpans;
    private TrustPolicy trustPolicy;
    private ServerExclusions exclusions;
    private PropagationHosts propagationHosts;

    private Builder(Tracer tracer) {
      this.tracer = tracer;
    }

    /**
     * Whether each outgoing call gets a span of its own ({@code POST host/path}) under the current
     * span; off by default, when the server's spans nest directly under the caller's span.
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
     * The request paths the server filter leaves untraced; by default what
     * {@code GALILEO_SERVER_EXCLUDE} and {@code GALILEO_SERVER_EXCLUDE_DEFAULTS} say (health and
     * readiness probes when unset).
     */
    public Builder exclusions(ServerExclusions exclusions) {
      this.exclusions = Objects.requireNonNull(exclusions, "exclusions");
      return this;
    }

    /**
     * The hosts the client sends tracing headers to; by default what
     * {@code GALILEO_PROPAGATE_HOSTS} and {@code GALILEO_NO_PROPAGATE_HOSTS} say (every host but
     * model providers' when unset).
     */
    public Builder propagationHosts(PropagationHosts hosts) {
      this.propagationHosts = Objects.requireNonNull(hosts, "hosts");
      return this;
    }

    /**
     * Builds it.
     *
     * @throws IllegalArgumentException if no policy was given and {@code GALILEO_SERVER_TRUST} is
     *     invalid
     */
    public JdkHttpTracing build() {
      return new JdkHttpTracing(this);
    }
  }
}
