package ai.galileo.tracing.transport.servlet.internal;

import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import ai.galileo.tracing.core.transport.TransportProvider;

/**
 * Makes {@code galileo-transport-servlet} known to {@link
 * ai.galileo.tracing.core.transport.Transports} and the doctor. It never touches the Servlet API
 * but by name: the container provides it, and it may be missing.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ServletTransportProvider implements TransportProvider {
  private static final String VERSION = ModuleVersion.of(ServletTransportProvider.class);
  private static final String FILTER = "jakarta.servlet.Filter";

  /** Called by {@link java.util.ServiceLoader}. */
  public ServletTransportProvider() {}

  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public String version() {
    return VERSION;
  }

  /** A servlet container only receives: the client side is another transport's. */
  @Override
  public boolean client() {
    return false;
  }

  @Override
  public boolean server() {
    return api() != null;
  }

  @Override
  public String description() {
    String api = api();
    if (api == null) {
      return "Jakarta Servlet filter (jakarta.servlet-api is missing: it runs in a Servlet 6 container)";
    }
    return "Jakarta Servlet filter (Servlet API " + (api.isEmpty() ? "version unknown" : api) + ")";
  }

  private static String api() {
    return ModuleVersion.ofLibrary(FILTER, ServletTransportProvider.class.getClassLoader());
  }
}
