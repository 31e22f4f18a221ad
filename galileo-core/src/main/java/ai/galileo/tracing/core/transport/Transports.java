package ai.galileo.tracing.core.transport;

import ai.galileo.tracing.core.internal.NamedProviders;
import java.util.List;

/**
 * Lists the transport modules on the class path, found through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * for (TransportProvider t : Transports.installed(getClass().getClassLoader())) {
 *   System.out.println(t.name() + " " + t.version() + (t.server() ? " server" : ""));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Transports {
  private Transports() {}

  /**
   * The installed transports, in name order; one per name. Providers that fail to load are logged
   * and skipped.
   *
   * @param loader where to look; null means the system class loader
   */
  public static List<TransportProvider> installed(ClassLoader loader) {
    return List.copyOf(
        NamedProviders.load(TransportProvider.class, loader, TransportProvider::name).values());
  }

  /** The installed transports visible to the core's own class loader. */
  public static List<TransportProvider> installed() {
    return installed(Transports.class.getClassLoader());
  }
}
