package ai.galileo.tracing.core.transport;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.internal.Downstream;
import ai.galileo.tracing.core.internal.RecordingSpan;
import ai.galileo.tracing.core.internal.transport.HttpDescriptions;
import ai.galileo.tracing.core.internal.transport.RecentDescriptions;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The client half that every transport shares: writes the caller's trace into an outgoing request
 * and, optionally, wraps the call in a span of its own.
 *
 * <pre>{@code
 * ClientSpan call = clientTracing.startHttp(Context.current(), "POST", uri);
 * clientTracing.inject(call.context(), request, SETTER, REMOVER);
 * try {
 *   Response response = send(request);
 *   call.end(response.status());
 * } catch (Throwable t) {
 *   call.end(0, t);
 *   throw t;
 * }
 * }</pre>
 *
 * <p>Injection first removes every field the propagators write ({@link #fields()}) and then writes
 * the current values, so a request that is sent again (a retry, a redirect, a reused request
 * object) carries one current set of tracing headers, never a stale or duplicated one. When the
 * context has no span, nothing is removed or written: headers a caller set by hand go through.
 *
 * <p>A client span, when enabled, is a {@link SpanType#WORKFLOW} named like
 * {@code POST api.example.com/retrieve}, started only inside a trace: a call made outside any trace
 * is not traced and carries no headers.
 *
 * <p>HTTP calls obey {@link PropagationHosts} ({@value PropagationHosts#ALLOW_SETTING},
 * {@value PropagationHosts#DENY_SETTING}): a call to a host that gets no tracing headers, such as
 * a model provider's, may still get a client span, but its request is left as the caller made it.
 * Use {@link #inject(Context, URI, Object, Propagator.Setter, Remover)} for HTTP calls.
 *
 * @since 0.1.0
 */
public final class ClientTracing {
  private final Tracer tracer;
  private final boolean clientSpans;
  private final List<String> fields;
  /** {@link #fields}, walked without an iterator on every injection. */
  private final String[] fieldArray;
  private final Set<String> fieldSet;
  private final PropagationHosts hosts;
  private final RecentDescriptions<HttpDescriptions.ClientCall> descriptions =
      new RecentDescriptions<>();

  private ClientTracing(Tracer tracer, boolean clientSpans, PropagationHosts hosts) {
    this.tracer = Objects.requireNonNull(tracer, "tracer");
    this.clientSpans = clientSpans;
    this.hosts = Objects.requireNonNull(hosts, "hosts");
    Set<String> names = new LinkedHashSet<>();
    for (String field : tracer.propagator().fields()) {
      names.add(field.toLowerCase(Locale.ROOT));
    }
    this.fields = List.copyOf(names);
    this.fieldArray = names.toArray(new String[0]);
    this.fieldSet = Set.copyOf(names);
  }

  /**
   * A client handler that sends tracing headers to the configured hosts ({@link
   * PropagationHosts#configured}).
   *
   * @param tracer the tracer whose propagators write the headers; null means {@link Galileo#tracer()}
   * @param clientSpans whether each call gets a span of its own
   * @throws IllegalArgumentException if {@value PropagationHosts#ALLOW_SETTING} or
   *     {@value PropagationHosts#DENY_SETTING} is invalid
   */
  public static ClientTracing create(Tracer tracer, boolean clientSpans) {
    return create(tracer, clientSpans, null);
  }

  /**
   * A client handler that sends tracing headers to the given hosts.
   *
   * @param tracer the tracer whose propagators write the headers; null means {@link Galileo#tracer()}
   * @param clientSpans whether each call gets a span of its own
   * @param hosts the hosts that get tracing headers; null means the configured ones
   * @throws IllegalArgumentException if hosts is null and the settings are invalid
   */
  public static ClientTracing create(Tracer tracer, boolean clientSpans, PropagationHosts hosts) {
    Tracer t = tracer == null ? Galileo.tracer() : tracer;
    return new ClientTracing(t, clientSpans, hosts == null ? PropagationHosts.configured(t) : hosts);
  }

  /** The hosts HTTP calls send tracing headers to. */
  public PropagationHosts propagationHosts() {
    return hosts;
  }

  /** True if an HTTP call to the URI carries tracing headers. */
  public boolean propagatesTo(URI uri) {
    return hosts.propagatesTo(uri);
  }

  public Tracer tracer() {
    return tracer;
  }

  /** True if each call gets a span of its own. */
  public boolean clientSpans() {
    return clientSpans;
  }

  /** The header names the propagators write, lower-case. */
  public Collection<String> fields() {
    return fields;
  }

  /** True if the header name is one the propagators write, in any case. */
  public boolean isPropagationField(String name) {
    return name != null && fieldSet.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Starts the client side of one HTTP call under the parent context: a client span when enabled
   * and the parent has a span, else a no-op handle whose context is the parent. Inject
   * {@link ClientSpan#context()}.
   */
  public ClientSpan startHttp(Context parent, String method, URI uri) {
    Context p = parent == null ? Context.root() : parent;
    // No service joins the trace behind a host that gets no headers: nothing to wait for.
    boolean propagates = hosts.propagatesTo(uri);
    if (!clientSpans || !p.span().context().isValid()) {
      return new ClientSpan(null, p, propagates ? call(p) : null);
    }
    HttpDescriptions.ClientCall d = describe(method, uri);
    Span span = tracer.spanBuilder(d.name(), SpanType.WORKFLOW)
        .setParent(p)
        .setInput(d.input())
        .setMetadata(HttpDescriptions.HTTP_METHOD, d.method())
        .setMetadata(HttpDescriptions.HTTP_URL, d.url())
        .start();
    return new ClientSpan(span, p.with(span), propagates ? call(p) : null);
  }

  /** The call's description, kept for the URLs called last. */
  private HttpDescriptions.ClientCall describe(String method, URI uri) {
    String key = method == null ? null : HttpDescriptions.ClientCall.key(uri);
    return key == null
        ? HttpDescriptions.ClientCall.of(method, uri)
        : descriptions.get(method, key, uri, HttpDescriptions.ClientCall::of);
  }

  /**
   * Starts the client side of one call of any protocol (a gRPC call, say); see
   * {@link #startHttp}.
   */
  public ClientSpan start(Context parent, String name, String input) {
    Context p = parent == null ? Context.root() : parent;
    if (!clientSpans || !p.span().context().isValid()) {
      return new ClientSpan(null, p, call(p));
    }
    Span span = tracer.spanBuilder(name, SpanType.WORKFLOW).setParent(p).setInput(input).start();
    return new ClientSpan(span, p.with(span), call(p));
  }

  /** The call's hold on its trace's completion, when the parent is a span of this SDK's core. */
  private static Downstream.Call call(Context parent) {
    return parent.span() instanceof RecordingSpan s ? s.downstreamCall() : null;
  }

  /**
   * Writes the context's trace into the request to {@code destination} as {@link
   * #inject(Context, Object, Propagator.Setter, Remover)} does, when the destination's host gets
   * tracing headers ({@link PropagationHosts}); else leaves the request as it is, headers the
   * caller set by hand included. A null destination gets them.
   */
  public <C> void inject(Context context, URI destination, C carrier, Propagator.Setter<C> setter,
      Remover<C> remover) {
    if (hosts.propagatesTo(destination)) {
      inject(context, carrier, setter, remover);
    }
  }

  /**
   * Writes the context's trace into the carrier, after removing every value of {@link #fields()}
   * it already holds. Does nothing when the context has no span. Never throws because of the
   * propagators.
   */
  public <C> void inject(Context context, C carrier, Propagator.Setter<C> setter, Remover<C> remover) {
    if (context == null || carrier == null || !context.span().context().isValid()) {
      return;
    }
    if (remover != null) {
      for (String field : fieldArray) {
        remover.remove(carrier, field);
      }
    }
    if (context.span() instanceof RecordingSpan s) {
      s.leavingProcess(); // other services may now attach under it: post it open first
    }
    try {
      tracer.propagator().inject(context, carrier, setter);
    } catch (RuntimeException e) {
      // A plug-in propagator that throws must not fail the call; the request goes without it.
    }
  }

  @Override
  public String toString() {
    return "ClientTracing{clientSpans=" + clientSpans + ", fields=" + fields + ", hosts=" + hosts
        + "}";
  }

  /**
   * Removes every value of one field from a carrier, matching the name case-insensitively.
   *
   * @param <C> the carrier type
   * @since 0.1.0
   */
  @FunctionalInterface
  public interface Remover<C> {
    void remove(C carrier, String name);
  }
}
