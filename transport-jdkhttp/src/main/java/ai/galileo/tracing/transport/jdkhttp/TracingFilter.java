package ai.galileo.tracing.transport.jdkhttp;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.core.transport.ServerSpan;
import ai.galileo.tracing.core.transport.ServerTracing;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;

/**
 * Runs each exchange's handler under a server span that continues the caller's trace, and names
 * that span to the caller in the response's {@code X-Galileo-Span-ID} header.
 */
final class TracingFilter extends Filter {
  /** {@link Headers} looks names up case-insensitively already. */
  static final Propagator.Getter<Headers> GETTER = new Propagator.Getter<>() {
    @Override
    public String get(Headers carrier, String name) {
      return carrier.getFirst(name);
    }

    @Override
    public List<String> getAll(Headers carrier, String name) {
      List<String> values = carrier.get(name);
      return values == null ? List.of() : values;
    }
  };

  private final ServerTracing tracing;

  TracingFilter(ServerTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    if (tracing.excludes(exchange.getRequestURI().getPath())) {
      try (Scope scope = Context.root().makeCurrent()) { // no trace, and none left over from the thread
        chain.doFilter(exchange);
      }
      return;
    }
    ServerSpan call = tracing.startHttp(exchange.getRequestHeaders(), GETTER,
        exchange.getRequestMethod(), exchange.getRequestURI().getPath());
    // Before the handler can send the response's headers.
    call.injectResponse(exchange.getResponseHeaders(), Headers::set);
    Throwable failure = null;
    try (Scope scope = call.makeCurrent()) {
      chain.doFilter(exchange);
    } catch (IOException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      call.end(exchange.getResponseCode(), failure);
    }
  }

  @Override
  public String description() {
    return "Galileo tracing (" + tracing.trustPolicy().configValue() + ")";
  }
}
