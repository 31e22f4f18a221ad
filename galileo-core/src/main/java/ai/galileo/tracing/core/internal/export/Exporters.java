package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.export.ExporterProvider;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.core.internal.NamedProviders;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Creates the exporters {@code GALILEO_EXPORTER} names, found through {@code ServiceLoader}. */
public final class Exporters {
  public static final String SETTING = "GALILEO_EXPORTER";
  public static final String DEFAULT = "galileo";

  private Exporters() {}

  /**
   * The configured exporters, in order.
   *
   * @throws IllegalArgumentException for a name no installed provider has; the message lists the
   *     names that are installed and where the missing one comes from
   */
  public static List<SpanExporter> fromConfig(GalileoConfig config, ClassLoader loader) {
    Map<String, ExporterProvider> providers = available(loader);
    List<SpanExporter> exporters = new ArrayList<>();
    for (String name : names(config.values().get(SETTING, DEFAULT))) {
      ExporterProvider provider = providers.get(name);
      if (provider == null) {
        String hint = name.equals("memory")
            ? "add the ai.galileo.java:galileo-testing artifact to the class path"
            : "add the artifact that provides it to the class path";
        throw new IllegalArgumentException("Unknown exporter '" + name + "' in " + SETTING
            + ": installed are " + String.join(", ", providers.keySet()) + "; " + hint);
      }
      exporters.add(provider.create(config));
    }
    return exporters;
  }

  public static Map<String, ExporterProvider> available(ClassLoader loader) {
    return NamedProviders.load(ExporterProvider.class, loader, ExporterProvider::name);
  }

  private static Set<String> names(String setting) {
    Set<String> names = new LinkedHashSet<>();
    for (String part : setting.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("Invalid " + SETTING + " \"" + setting
          + "\": name at least one exporter, or none");
    }
    return names;
  }
}
