package ai.galileo.tracing.spring.boot.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * The servlet tracing filter, except on the application's MCP endpoints ({@link McpEndpoints}),
 * which pass straight on to the MCP server handler, whose span continues the caller's trace from
 * {@code _meta}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class McpEndpointsServletFilter implements Filter {
  private final Filter tracing;
  private final McpEndpoints endpoints;

  public McpEndpointsServletFilter(Filter tracing, McpEndpoints endpoints) {
    this.tracing = tracing;
    this.endpoints = endpoints;
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    tracing.init(config);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http && endpoints.contains(pathWithinApplication(http))) {
      chain.doFilter(request, response);
    } else {
      tracing.doFilter(request, response, chain);
    }
  }

  private static String pathWithinApplication(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    if (uri == null) {
      return null;
    }
    return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }

  @Override
  public void destroy() {
    tracing.destroy();
  }

  @Override
  public String toString() {
    return tracing + ", not on " + endpoints;
  }
}
