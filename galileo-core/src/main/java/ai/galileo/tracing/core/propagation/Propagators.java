package ai.galileo.tracing.core.propagation;

import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.core.internal.NamedProviders;
import ai.galileo.tracing.spi.ConfigValues;
import ai.galileo.tracing.spi.PropagatorProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the propagator a tracer uses: the ones named in {@value #SETTING}, found through {@link
 * java.util.ServiceLoader} as {@link PropagatorProvider}s, combined in the order given.
 *
 * <pre>{@code
 * // GALILEO_PROPAGATORS=galileo,tracecontext,company
 * Propagator propagator = Propagators.fromConfig(config, getClass().getClassLoader());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Propagators {
  /** The setting that names the propagators, comma-separated, in order. */
  public static final String SETTING = "GALILEO_PROPAGATORS";
  /** What {@value #SETTING} is when it is not set: Galileo's headers, then W3C Trace Context. */
  public static final String DEFAULT = "galileo,tracecontext";
  /** The value of {@value #SETTING} that turns propagation off. */
  public static final String NONE = "none";

  private Propagators() {}

  /**
   * The propagator that {@value #SETTING} selects ({@value #DEFAULT} when unset). Names are
   * trimmed and case-insensitive; empty entries and repeats are skipped; {@value #NONE} alone gives
   * {@link Propagator#noop()}. Only the selected providers' {@code create} is called.
   *
   * @param config the settings, also handed to each selected provider
   * @param loader where to look for providers; null means the system class loader
   * @throws IllegalArgumentException if a name has no provider, the list is empty, or {@value
   *     #NONE} is combined with other names; or if a provider rejects its settings
   */
  public static Propagator fromConfig(ConfigValues config, ClassLoader loader) {
    Objects.requireNonNull(config, "config");
    String setting = config.get(SETTING, DEFAULT);
    List<String> names = parseNames(setting);
    if (names.isEmpty()) {
      throw new IllegalArgumentException(SETTING + "=" + setting + " names no propagator; use "
          + NONE + " to turn propagation off");
    }
    if (names.contains(NONE)) {
      if (names.size() == 1) {
        return Propagator.noop();
      }
      throw new IllegalArgumentException(SETTING + "=" + setting + " combines " + NONE
          + " with other propagators; use " + NONE + " alone to turn propagation off");
    }
    Map<String, PropagatorProvider> providers = providers(loader);
    for (String name : names) {
      if (!providers.containsKey(name)) {
        throw new IllegalArgumentException("Unknown propagator '" + name + "' in " + SETTING + "="
            + setting + ". Available: " + String.join(", ", providers.keySet()) + ". Add the"
            + " artifact that provides '" + name + "' to the class path (its jar lists a "
            + PropagatorProvider.class.getName() + " in META-INF/services).");
      }
    }
    List<Propagator> selected = new ArrayList<>(names.size());
    for (String name : names) {
      PropagatorProvider provider = providers.get(name);
      Propagator propagator = provider.create(config);
      if (propagator == null) {
        throw new IllegalStateException(
            provider.getClass().getName() + " created no propagator for '" + name + "'");
      }
      selected.add(propagator);
    }
    return composite(selected);
  }

  /** The names of the propagators the class loader can provide, sorted, for diagnostics. */
  public static List<String> available(ClassLoader loader) {
    return List.copyOf(providers(loader).keySet());
  }

  /**
   * One propagator that runs the given ones: injection writes with each in turn; extraction
   * takes the first that finds a parent; a member that throws is skipped. An empty list gives
   * {@link Propagator#noop()}, a single member is returned as it is.
   */
  public static Propagator composite(List<? extends Propagator> propagators) {
    List<Propagator> flat = new ArrayList<>(propagators.size());
    for (Propagator p : propagators) {
      Objects.requireNonNull(p, "propagator");
      if (p instanceof CompositePropagator) {
        flat.addAll(((CompositePropagator) p).members());
      } else if (p != Propagator.noop()) {
        flat.add(p);
      }
    }
    if (flat.isEmpty()) {
      return Propagator.noop();
    }
    return flat.size() == 1 ? flat.get(0) : new CompositePropagator(flat);
  }

  /** Same as {@link #composite(List)}. */
  public static Propagator composite(Propagator... propagators) {
    return composite(List.of(propagators));
  }

  private static List<String> parseNames(String setting) {
    Set<String> names = new LinkedHashSet<>();
    for (String part : setting.split(",", -1)) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return new ArrayList<>(names);
  }

  private static Map<String, PropagatorProvider> providers(ClassLoader loader) {
    return NamedProviders.load(PropagatorProvider.class, loader, PropagatorProvider::name);
  }
}
