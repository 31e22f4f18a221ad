package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.core.transport.ServerSpan;
import ai.galileo.tracing.core.transport.ServerTracing;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs each WebFlux request under a server span that continues the caller's trace. The span's
 * context is put into the Reactor context under {@link ReactorContext#KEY}, so that (with
 * {@link ReactorContext} installed) handlers and their operators see it as {@code Context.current()}
 * on whichever thread they run. The span ends when the exchange completes, fails or is cancelled;
 * the response names it in {@code X-Galileo-Span-ID}. Excluded paths pass through untraced, among
 * them the MCP endpoints ({@link McpEndpoints}), whose server handler continues the caller's trace
 * from {@code _meta}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
@SuppressWarnings("try") // the scope is opened for its effect on the thread
public final class TracingWebFilter implements WebFilter, Ordered {
  private final ServerTracing tracing;
  /** Null when no request is on a management port of its own. */
  private final ManagementRequests management;

  public TracingWebFilter(ServerTracing tracing) {
    this(tracing, null);
  }

  /**
   * @param tracing with the paths left untraced in its exclusions (probes, Actuator's, and the MCP
   *     endpoints, whose server handler continues the caller's trace from {@code _meta})
   * @param management Actuator's separate port, whose requests are left untraced; may be null
   */
  public TracingWebFilter(ServerTracing tracing, ManagementRequests management) {
    this.tracing = tracing;
    this.management = management;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String withinApplication = request.getPath().pathWithinApplication().value();
    if (excluded(request, withinApplication)) {
      return chain.filter(exchange);
    }
    ServerSpan span = tracing.startHttp(request.getHeaders(), Headers.GETTER, request.getMethod().name(),
        request.getPath().value());
    span.injectResponse(exchange.getResponse().getHeaders(), Headers::set);
    Mono<Void> handled;
    try (Scope scope = span.makeCurrent()) {
      handled = chain.filter(exchange);
    } catch (RuntimeException | Error e) {
      span.end(500, e);
      throw e;
    }
    // Ended as the exchange completes, before the server recycles the response (after which its
    // status can no longer be read).
    return handled
        .doOnSuccess(done -> end(span, exchange, null))
        .doOnError(e -> end(span, exchange, e))
        .doOnCancel(() -> span.end(0, null))
        .contextWrite(context -> context.put(ReactorContext.KEY, span.context()));
  }

  /** Excluded paths and Actuator's port: no span, no header read. */
  private boolean excluded(ServerHttpRequest request, String withinApplication) {
    if (tracing.excludes(withinApplication) || tracing.excludes(request.getPath().value())) {
      return true;
    }
    if (management == null) {
      return false;
    }
    java.net.InetSocketAddress local = request.getLocalAddress();
    return local != null && management.onManagementPort(local.getPort());
  }

  private static void end(ServerSpan span, ServerWebExchange exchange, Throwable failure) {
    int status = failure != null ? 500 : 200;
    try {
      HttpStatusCode code = exchange.getResponse().getStatusCode();
      if (code != null && (failure == null || code.value() >= 400)) {
        // An error the handlers after this filter did not map answers 500.
        status = code.value();
      }
    } catch (RuntimeException e) {
      // A response that cannot tell its status must not keep the span open.
    }
    span.end(status, failure);
  }

  @Override
  public String toString() {
    return "Galileo WebFlux tracing (" + tracing.trustPolicy().configValue() + ")";
  }
}
