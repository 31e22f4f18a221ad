package ai.galileo.tracing.transport.servlet;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.transport.ServerExclusions;
import ai.galileo.tracing.core.transport.ServerTracing;
import ai.galileo.tracing.core.transport.TrustPolicy;
import jakarta.servlet.Filter;
import java.util.Objects;

/**
 * Galileo tracing for Jakarta Servlet containers (Jetty 12, Tomcat 10.1 and 11, Undertow, and
 * the frameworks on them): one {@link Filter} that continues the caller's trace.
 *
 * <pre>{@code
 * ServletTracing tracing = ServletTracing.create();
 *
 * // Jetty 12 (ee10):
 * FilterHolder galileo = new FilterHolder(tracing.filter());
 * galileo.setAsyncSupported(true);
 * context.addFilter(galileo, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
 *
 * // Any container, from a ServletContainerInitializer or ServletContextListener:
 * FilterRegistration.Dynamic galileo = servletContext.addFilter("galileo", tracing.filter());
 * galileo.setAsyncSupported(true);
 * galileo.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
 * }</pre>
 *
 * <p>The filter reads the tracing headers as the {@linkplain TrustPolicy trust policy} allows,
 * runs the chain under a server span named like {@code POST /retrieve}, and always restores the
 * thread's previous context. The span ends with the response's status when the chain returns or,
 * for a request that went asynchronous, when the container reports the async cycle complete
 * (timeouts and errors recorded). Requests to excluded paths ({@link ServerExclusions}: health and
 * readiness probes by default) run outside any trace, with no span and no header read; a pattern
 * matches the request URI or the path within the servlet context. Tasks handed to {@code AsyncContext.start} run in the span; work
 * handed to executors of your own keeps it when wrapped with {@code Context.current().wrap(task)}
 * or {@code Context.taskWrapping(executor)}.
 *
 * @since 0.1.0
 */
public final class ServletTracing {
  private final Tracer tracer;
  private final ServerTracing serverTracing;

  private ServletTracing(Builder builder) {
    this.tracer = builder.tracer;
    this.serverTracing = ServerTracing.create(tracer, builder.trustPolicy, builder.exclusions);
  }

  /**
   * Tracing with {@link Galileo#tracer()} and the configured trust policy.
   *
   * @throws IllegalArgumentException if {@code GALILEO_SERVER_TRUST} is invalid
   */
  public static ServletTracing create() {
    return builder().build();
  }

  /**
   * Tracing with the given tracer and the configured trust policy.
   *
   * @throws IllegalArgumentException if {@code GALILEO_SERVER_TRUST} is invalid
   */
  public static ServletTracing create(Tracer tracer) {
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
   * A filter that continues the caller's trace for the rest of the chain. Register it first, with
   * async supported, for the {@code REQUEST} and {@code ASYNC} dispatcher types.
   */
  public Filter filter() {
    return new TracingFilter(serverTracing);
  }

  public Tracer tracer() {
    return tracer;
  }

  /** The policy the filter applies to incoming tracing headers. */
  public TrustPolicy trustPolicy() {
    return serverTracing.trustPolicy();
  }

  /** The request paths the filter leaves untraced. */
  public ServerExclusions exclusions() {
    return serverTracing.exclusions();
  }

  @Override
  public String toString() {
    return "ServletTracing{trust=" + serverTracing.trustPolicy().configValue() + "}";
  }

  /**
   * Configures {@link ServletTracing}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Tracer tracer;
    private TrustPolicy trustPolicy;
    private ServerExclusions exclusions;

    private Builder(Tracer tracer) {
      this.tracer = tracer;
    }

    /**
     * What the filter does with incoming tracing headers; by default what
     * {@code GALILEO_SERVER_TRUST} says ({@link TrustPolicy#CONTINUE} when unset).
     */
    public Builder trustPolicy(TrustPolicy policy) {
      this.trustPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The request paths left untraced; by default what {@code GALILEO_SERVER_EXCLUDE} and
     * {@code GALILEO_SERVER_EXCLUDE_DEFAULTS} say (health and readiness probes when unset).
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
    public ServletTracing build() {
      return new ServletTracing(this);
    }
  }
}
