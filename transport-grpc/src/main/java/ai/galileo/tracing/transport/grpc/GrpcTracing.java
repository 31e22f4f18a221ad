package ai.galileo.tracing.transport.grpc;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.transport.ClientTracing;
import ai.galileo.tracing.core.transport.ServerExclusions;
import ai.galileo.tracing.core.transport.ServerTracing;
import ai.galileo.tracing.core.transport.TrustPolicy;
import io.grpc.ClientInterceptor;
import io.grpc.ServerInterceptor;
import java.util.Objects;

/**
 * Galileo tracing for gRPC: a {@link ClientInterceptor} that writes the current trace into each
 * call's metadata, and a {@link ServerInterceptor} that continues it. One line on each side.
 *
 * <pre>{@code
 * GrpcTracing tracing = GrpcTracing.create();
 *
 * // Client: every call carries the current trace.
 * ManagedChannel channel = ManagedChannelBuilder.forTarget("retrieval:9090")
 *     .intercept(tracing.clientInterceptor()).build();
 *
 * // Server: each call's handler runs inside the caller's trace.
 * Server server = ServerBuilder.forPort(9090)
 *     .addService(ServerInterceptors.intercept(new RetrievalService(), tracing.serverInterceptor()))
 *     .build();
 * }</pre>
 *
 * <p>The client writes the configured propagators' fields as lower-case metadata keys
 * ({@code x-galileo-trace-id}, {@code x-galileo-parent-id}, {@code traceparent},
 * {@code tracestate} by default), replacing any the metadata already holds. The server reads them
 * as the {@linkplain TrustPolicy trust policy} allows, runs the call under a server span named after
 * the full method name ({@code rag.Retrieval/Search}), makes that span current in every listener
 * callback on whatever thread it runs, restores the thread's previous context after each, and ends
 * the span exactly once: when the handler closes the call, when it throws, or when the call is
 * cancelled. The gRPC status is recorded as {@code rpc.grpc.status} and, as its HTTP equivalent, in
 * the span's status code.
 *
 * @since 0.1.0
 */
public final class GrpcTracing {
  private final Tracer tracer;
  private final ClientTracing clientTracing;
  private final ServerTracing serverTracing;

  private GrpcTracing(Builder builder) {
    this.tracer = builder.tracer;
    this.clientTracing = ClientTracing.create(tracer, builder.clientSpans);
    this.serverTracing = ServerTracing.create(tracer, builder.trustPolicy, builder.exclusions);
  }

  /**
   * Tracing with {@link Galileo#tracer()}, no client spans, and the configured trust policy.
   *
   * @throws IllegalArgumentException if {@code GALILEO_SERVER_TRUST} is invalid
   */
  public static GrpcTracing create() {
    return builder().build();
  }

  /**
   * Tracing with the given tracer, no client spans, and the configured trust policy.
   *
   * @throws IllegalArgumentException if {@code GALILEO_SERVER_TRUST} is invalid
   */
  public static GrpcTracing create(Tracer tracer) {
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
   * An interceptor for channels ({@code ManagedChannelBuilder.intercept}) or stubs
   * ({@code stub.withInterceptors}): every call carries the trace current when it is made, and its
   * response callbacks run in that trace.
   */
  public ClientInterceptor clientInterceptor() {
    return new TracingClientInterceptor(clientTracing);
  }

  /**
   * An interceptor for services ({@code ServerInterceptors.intercept(service, ...)}) or whole
   * servers ({@code ServerBuilder.intercept}) that continues the caller's trace, as this tracing's
   * trust policy allows.
   */
  public ServerInterceptor serverInterceptor() {
    return new TracingServerInterceptor(serverTracing);
  }

  /**
   * Like {@link #serverInterceptor()}, with another trust policy: for the one service of a process
   * that untrusted callers reach, say.
   */
  public ServerInterceptor serverInterceptor(TrustPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    return new TracingServerInterceptor(ServerTracing.create(tracer, policy, serverTracing.exclusions()));
  }

  public Tracer tracer() {
    return tracer;
  }

  /** The policy {@link #serverInterceptor()} applies to incoming tracing metadata. */
  public TrustPolicy trustPolicy() {
    return serverTracing.trustPolicy();
  }

  @Override
  public String toString() {
    return "GrpcTracing{clientSpans=" + clientTracing.clientSpans() + ", trust="
        + serverTracing.trustPolicy().configValue() + "}";
  }

  /**
   * Configures {@link GrpcTracing}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Tracer tracer;
    private boolean clientSpans;
    private TrustPolicy trustPolicy;
    private ServerExclusions exclusions;

    private Builder(Tracer tracer) {
      this.tracer = tracer;
    }

    /**
     * Whether each outgoing call gets a span of its own, named after the full method name, under
     * the current span; off by default, when the server's spans nest directly under the caller's.
     */
    public Builder clientSpans(boolean enabled) {
      this.clientSpans = enabled;
      return this;
    }

    /**
     * What the server interceptor does with incoming tracing metadata; by default what
     * {@code GALILEO_SERVER_TRUST} says ({@link TrustPolicy#CONTINUE} when unset).
     */
    public Builder trustPolicy(TrustPolicy policy) {
      this.trustPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The methods the server interceptor leaves untraced, as {@code /service/method} patterns; by
     * default what {@code GALILEO_SERVER_EXCLUDE} and {@code GALILEO_SERVER_EXCLUDE_DEFAULTS} say
     * ({@code grpc.health.v1.Health/Check} and {@code Watch} when unset).
     */
    public Builder exclusions(ServerExclusions exclusions) {
      this.exclusions = Objects.requireNonNull(exclusions, "exclusions");
      return this;
    }

    /**
     * Builds it.
     *
     * @throws IllegalArgumentException if no policy was given and {@code GALILEO_SERVER_TRUST} is
     *     invalid
     */
    public GrpcTracing build() {
      return new GrpcTracing(this);
    }
  }
}
