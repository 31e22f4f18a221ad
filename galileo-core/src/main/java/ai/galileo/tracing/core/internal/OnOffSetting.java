package ai.galileo.tracing.core.internal;

import ai.galileo.tracing.core.GalileoConfig;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A switch an integration reads on its own, outside the tracer's typed settings (such as {@code
 * GALILEO_LANGCHAIN4J_AUTO} or {@code GALILEO_ANNOTATIONS_ENABLED}): from the builder-less
 * configuration (environment, the matching system property, {@code .env}), on by default.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class OnOffSetting {
  private OnOffSetting() {}

  /**
   * Whether the switch is on.
   *
   * @param name the setting's name, {@code GALILEO_...}; its system property is the name in lower
   *     case with dots, as for every setting
   * @param warn told when the value is neither on nor off (the switch stays on), in a clause the
   *     caller completes
   * @return false only when the setting says off ({@code false}, {@code off}, {@code 0}, {@code no})
   */
  public static boolean on(String name, Consumer<String> warn) {
    String value;
    try {
      value = GalileoConfig.fromEnvironment().values().get(name);
    } catch (RuntimeException invalidElsewhere) {
      // Another setting is invalid: the tracer will say so; this one is read on its own.
      value = System.getProperty(ConfigLayers.systemPropertyName(name), System.getenv(name));
    }
    if (value == null || value.isBlank()) {
      return true;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "false", "off", "0", "no":
        return false;
      case "true", "on", "1", "yes":
        return true;
      default:
        warn.accept(name + "=" + value + " is neither true nor false");
        return true;
    }
  }
}
