package ai.galileo.tracing.core.transport;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.internal.transport.HttpDescriptions;
import ai.galileo.tracing.core.internal.transport.RecentDescriptions;
import java.util.Map;
import java.util.Objects;

/**
 * The server half that every transport shares: reads the caller's trace from a request, as the
 * {@link TrustPolicy} allows, and starts the span the handler runs under. A transport adapts its
 * request type with a {@link Propagator.Getter}, and then:
 *
 * <pre>{@code
 * ServerSpan call = serverTracing.startHttp(request, GETTER, request.method(), request.path());
 * try (Scope scope = call.makeCurrent()) {
 *   handler.handle(request, response);
 *   call.end(response.status());
 * } catch (Throwable t) {
 *   call.end(500, t);
 *   throw t;
 * }
 * }</pre>
 *
 * <p>Rules each transport gets for free:
 *
 * <ul>
 *   <li>The request is a new unit of work: its parent comes from the headers alone, never from
 *       whatever context the server thread happens to hold, so a context left behind on a pooled
 *       thread cannot leak into the next request.
 *   <li>Headers are read by the tracer's propagators, which never throw: missing or malformed
 *       headers start a trace of the server's own, and the request goes on.
 *   <li>The server span is a {@link SpanType#WORKFLOW} named like {@code POST /retrieve}. Under a
 *       caller's span it nests there; otherwise it gets a trace of its own of the same name,
 *       which ends with it. The server never ends the caller's trace.
 *   <li>{@link ServerSpan#makeCurrent()} may be called on any thread, any number of times (gRPC
 *       listener callbacks, servlet async dispatches), and {@link ServerSpan#end} is idempotent.
 * </ul>
 *
 * @since 0.1.0
 */
public final class ServerTracing {
  /**
   * The response header in which a server that continued its caller's trace names the span it
   * made: {@code X-Galileo-Span-ID}, a UUID in canonical form ({@code x-galileo-span-id} in gRPC
   * metadata). The caller's export holds the trace's completion until that span is in the backend.
   */
  public static final String SPAN_ID_HEADER = "X-Galileo-Span-ID";

  private final Tracer tracer;
  private final TrustPolicy policy;
  private final ServerExclusions exclusions;
  private final RecentDescriptions<HttpDescriptions.ServerCall> descriptions =
      new RecentDescriptions<>();

  private ServerTracing(Tracer tracer, TrustPolicy policy, ServerExclusions exclusions) {
    this.tracer = Objects.requireNonNull(tracer, "tracer");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.exclusions = Objects.requireNonNull(exclusions, "exclusions");
  }

  /**
   * A server handler with the configured trust policy ({@value TrustPolicy#SETTING}).
   *
   * @param tracer the tracer; null means {@link Galileo#tracer()}
   * @throws IllegalArgumentException if {@value TrustPolicy#SETTING} is invalid
   */
  public static ServerTracing create(Tracer tracer) {
    return create(tracer, null);
  }

  /**
   * A server handler with the given trust policy.
   *
   * @param tracer the tracer; null means {@link Galileo#tracer()}
   * @param policy the policy; null means the configured one
   * @throws IllegalArgumentException if the policy is null and {@value TrustPolicy#SETTING} is
   *     invalid, or if {@value ServerExclusions#SETTING} is invalid
   */
  public static ServerTracing create(Tracer tracer, TrustPolicy policy) {
    return create(tracer, policy, null);
  }

  /**
   * A server handler with the given trust policy and excluded paths.
   *
   * @param tracer the tracer; null means {@link Galileo#tracer()}
   * @param policy the policy; null means the configured one
   * @param exclusions the paths left untraced; null means the configured ones
   *     ({@link ServerExclusions#configured})
   * @throws IllegalArgumentException if a null argument's setting is invalid
   */
  public static ServerTracing create(Tracer tracer, TrustPolicy policy, ServerExclusions exclusions) {
    Tracer t = tracer == null ? Galileo.tracer() : tracer;
    return new ServerTracing(t, policy == null ? TrustPolicy.configured(t) : policy,
        exclusions == null ? ServerExclusions.configured(t) : exclusions);
  }

  /** The request paths left untraced. */
  public ServerExclusions exclusions() {
    return exclusions;
  }

  /**
   * True if the request path (or gRPC {@code /service/method}) is left untraced. Transports ask
   * first and hand such a request straight on, so it costs no header parsing and no span.
   */
  public boolean excludes(String path) {
    return exclusions.excludes(path);
  }

  public Tracer tracer() {
    return tracer;
  }

  public TrustPolicy trustPolicy() {
    return policy;
  }

  /**
   * Starts the span of one HTTP request: named {@code METHOD /path}, with the method and path as
   * input, and {@code http.method} and {@code http.path} in its metadata. Pass the path without
   * its query string, which may hold secrets. An {@linkplain #excludes excluded} path gets an
   * inert handle: no span, its handler runs outside any trace, and no headers are read.
   */
  public <C> ServerSpan startHttp(C carrier, Propagator.Getter<C> getter, String method, String path) {
    if (exclusions.excludes(path)) {
      return ServerSpan.untraced();
    }
    HttpDescriptions.ServerCall d = describe(method, path);
    return start(carrier, getter, d.name(), d.input(), d, null);
  }

  /** The request's description, kept for the paths served last. */
  private HttpDescriptions.ServerCall describe(String method, String path) {
    String key = method == null ? null : HttpDescriptions.ServerCall.key(path);
    return key == null
        ? HttpDescriptions.ServerCall.of(method, path)
        : descriptions.get(method, key, path, HttpDescriptions.ServerCall::of);
  }

  /**
   * Starts the span of one request of any protocol (a gRPC call, say): reads the caller's trace
   * from the carrier as the trust policy allows and starts a {@link SpanType#WORKFLOW} span.
   *
   * @param name the span's name, such as {@code rag.Retrieval/Search}
   * @param input the span's input, or null
   * @param metadata metadata for the span, or null
   */
  public <C> ServerSpan start(C carrier, Propagator.Getter<C> getter, String name, String input,
      Map<String, String> metadata) {
    return start(carrier, getter, name, input == null ? null : Content.text(input), null, metadata);
  }

  /**
   * @param http the HTTP request's description, whose method and path go into the metadata, or
   *     null
   */
  private <C> ServerSpan start(C carrier, Propagator.Getter<C> getter, String name, Content input,
      HttpDescriptions.ServerCall http, Map<String, String> metadata) {
    Context incoming = policy == TrustPolicy.IGNORE || carrier == null || getter == null
        ? Context.root()
        : extract(carrier, getter);
    SpanContext caller = incoming.span().context();
    Context base = incoming;
    SpanBuilder builder = tracer.spanBuilder(name, SpanType.WORKFLOW);
    if (policy == TrustPolicy.LINK) {
      base = Context.root();
      if (caller.isValid()) {
        builder.setMetadata(TrustPolicy.LINK_TRACE_ID, caller.traceIdString());
        builder.setMetadata(TrustPolicy.LINK_PARENT_ID, caller.spanIdString());
      }
    }
    builder.setParent(base);
    if (input != null) {
      builder.setInput(input);
    }
    if (http != null) {
      builder.setMetadata(HttpDescriptions.HTTP_METHOD, http.method())
          .setMetadata(HttpDescriptions.HTTP_PATH, http.path());
    }
    if (metadata != null) {
      metadata.forEach(builder::setMetadata);
    }
    Span span = builder.start();
    return new ServerSpan(span, base.with(span), policy != TrustPolicy.LINK && caller.isValid());
  }

  private <C> Context extract(C carrier, Propagator.Getter<C> getter) {
    try {
      Context extracted = tracer.propagator().extract(Context.root(), carrier, getter);
      return extracted == null ? Context.root() : extracted;
    } catch (RuntimeException e) {
      // Propagators must not throw; a plug-in that does still must not fail the request.
      return Context.root();
    }
  }

  @Override
  public String toString() {
    return "ServerTracing{policy=" + policy.configValue() + ", exclude=" + exclusions.patterns() + "}";
  }
}
