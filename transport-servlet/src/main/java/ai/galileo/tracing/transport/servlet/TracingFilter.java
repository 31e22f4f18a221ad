package ai.galileo.tracing.transport.servlet;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.core.transport.ServerSpan;
import ai.galileo.tracing.core.transport.ServerTracing;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Runs each request's filter chain under a server span that continues the caller's trace, and ends
 * the span with the response's status: when the chain returns, or, for a request that went
 * asynchronous, when the container reports the async cycle complete. The response names the span
 * to the caller in its {@code X-Galileo-Span-ID} header.
 *
 * <p>A request is traced once: later dispatches of the same request (async, forward, include,
 * error) find its {@link TracedRequest} in a request attribute and only make its span current.
 */
@SuppressWarnings("try") // scopes are opened for their effect on the thread
final class TracingFilter implements Filter {
  /** The request attribute that holds the request's {@link TracedRequest}. */
  static final String ATTRIBUTE = TracedRequest.class.getName();

  /** {@link HttpServletRequest} looks header names up case-insensitively already. */
  static final Propagator.Getter<HttpServletRequest> GETTER = new Propagator.Getter<>() {
    @Override
    public String get(HttpServletRequest carrier, String name) {
      return carrier.getHeader(name);
    }

    @Override
    public List<String> getAll(HttpServletRequest carrier, String name) {
      Enumeration<String> values = carrier.getHeaders(name);
      if (values == null) {
        return List.of();
      }
      List<String> all = new ArrayList<>(2);
      while (values.hasMoreElements()) {
        all.add(values.nextElement());
      }
      return all;
    }
  };

  private final ServerTracing tracing;

  TracingFilter(ServerTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;

    Object existing = request.getAttribute(ATTRIBUTE);
    if (existing instanceof TracedRequest) {
      TracedRequest traced = (TracedRequest) existing;
      try (Scope scope = traced.span().makeCurrent()) {
        chain.doFilter(traced.wrap(request), response);
      }
      return;
    }

    String uri = request.getRequestURI();
    if (excluded(request, uri)) {
      try (Scope scope = Context.root().makeCurrent()) { // no trace, and none left over from the thread
        chain.doFilter(req, res);
      }
      return;
    }
    ServerSpan span = tracing.startHttp(request, GETTER, request.getMethod(), uri);
    // Before the chain can commit the response; async responses keep it too.
    span.injectResponse(response, HttpServletResponse::setHeader);
    TracedRequest traced = new TracedRequest(span, response);
    request.setAttribute(ATTRIBUTE, traced);
    Throwable failure = null;
    try (Scope scope = span.makeCurrent()) {
      chain.doFilter(traced.wrap(request), response);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      if (failure != null) {
        traced.end(failure);
      } else if (!request.isAsyncStarted() || !traced.listenTo(request)) {
        traced.end(null);
      }
    }
  }

  /** Whether the request URI, or its path within the servlet context, is excluded. */
  private boolean excluded(HttpServletRequest request, String uri) {
    if (tracing.excludes(uri)) {
      return true;
    }
    String contextPath = request.getContextPath();
    return uri != null && contextPath != null && !contextPath.isEmpty() && uri.startsWith(contextPath)
        && tracing.excludes(uri.substring(contextPath.length()));
  }

  @Override
  public String toString() {
    return "Galileo servlet tracing (" + tracing.trustPolicy().configValue() + ")";
  }
}
