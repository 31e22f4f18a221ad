package ai.galileo.tracing.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds the named plug-ins of one SPI through {@link ServiceLoader}, in an order that does not
 * depend on how the class path happens to be laid out: by name, then by class name. When two
 * plug-ins claim the same name the first in that order wins, so the choice is the same on every
 * machine.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class NamedProviders {
  private static final Logger LOGGER = Logger.getLogger(NamedProviders.class.getName());
  /** ServiceLoader retries after a broken entry; this bounds a pathological class path. */
  private static final int MAX_FAILURES = 100;

  private NamedProviders() {}

  /**
   * The plug-ins visible to the class loader, by lower-case name, in name order. Plug-ins that
   * fail to load or to give a name are logged and skipped; a plug-in is instantiated to read its
   * name, and nothing else is called on it.
   *
   * @param loader the class loader to search; null means the system class loader
   */
  public static <S> Map<String, S> load(
      Class<S> service, ClassLoader loader, Function<? super S, String> nameOf) {
    List<Named<S>> found = new ArrayList<>();
    Iterator<S> it = ServiceLoader.load(service, loader).iterator();
    int failures = 0;
    while (failures < MAX_FAILURES) {
      S provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError e) {
        failures++;
        LOGGER.log(Level.WARNING, e, () -> "Skipping a " + service.getSimpleName()
            + " that could not be loaded");
        continue;
      }
      String name = nameOf(provider, nameOf);
      if (name != null) {
        found.add(new Named<>(name, provider));
      }
    }
    found.sort(Comparator.<Named<S>, String>comparing(Named::name)
        .thenComparing(n -> n.provider().getClass().getName()));
    Map<String, S> byName = new LinkedHashMap<>();
    for (Named<S> n : found) {
      S first = byName.putIfAbsent(n.name(), n.provider());
      if (first != null) {
        LOGGER.fine(() -> "Ignoring " + n.provider().getClass().getName() + ": "
            + first.getClass().getName() + " is also named '" + n.name() + "' and comes first");
      }
    }
    return byName;
  }

  /** The provider's name, normalized; null (logged) when it has none or fails to give one. */
  private static <S> String nameOf(S provider, Function<? super S, String> nameOf) {
    String name;
    try {
      name = nameOf.apply(provider);
    } catch (RuntimeException e) {
      LOGGER.log(Level.WARNING, e, () -> "Skipping " + provider.getClass().getName()
          + ": it failed to give its name");
      return null;
    }
    if (name == null || name.isBlank()) {
      LOGGER.warning(() -> "Skipping " + provider.getClass().getName() + ": it has no name");
      return null;
    }
    return name.trim().toLowerCase(Locale.ROOT);
  }

  private record Named<S>(String name, S provider) {}
}
