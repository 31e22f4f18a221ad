package ai.galileo.tracing.core.integration;

import ai.galileo.tracing.core.internal.NamedProviders;
import java.util.List;

/**
 * Lists the integration modules on the class path, found through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * for (IntegrationProvider i : Integrations.installed(getClass().getClassLoader())) {
 *   System.out.println(i.name() + (i.on() ? " on: " : " off: ") + i.description());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Integrations {
  private Integrations() {}

  /**
   * The installed integrations, in name order; one per name. Providers that fail to load are
   * logged and skipped.
   *
   * @param loader where to look; null means the system class loader
   */
  public static List<IntegrationProvider> installed(ClassLoader loader) {
    return List.copyOf(
        NamedProviders.load(IntegrationProvider.class, loader, IntegrationProvider::name).values());
  }
}
