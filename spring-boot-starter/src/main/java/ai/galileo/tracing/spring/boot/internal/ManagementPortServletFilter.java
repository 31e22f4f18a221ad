package ai.galileo.tracing.spring.boot.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * The servlet tracing filter, except for requests on a separate management port, which pass
 * straight on untraced (see {@link ManagementRequests}).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ManagementPortServletFilter implements Filter {
  private final Filter tracing;
  private final ManagementRequests management;

  public ManagementPortServletFilter(Filter tracing, ManagementRequests management) {
    this.tracing = tracing;
    this.management = management;
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    tracing.init(config);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (management.onManagementPort(request.getLocalPort())) {
      chain.doFilter(request, response);
    } else {
      tracing.doFilter(request, response, chain);
    }
  }

  @Override
  public void destroy() {
    tracing.destroy();
  }

  @Override
  public String toString() {
    return tracing + ", not on the management port";
  }
}
