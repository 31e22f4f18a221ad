package ai.galileo.tracing.core.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Merges the raw {@code GALILEO_*} settings (and OpenTelemetry's standard {@code OTEL_*} ones, which
 * the OTLP exporter reads) of every source, highest precedence last to win:
 * {@code .env} file, environment variables, system properties spelled like the environment
 * variable, dotted system properties, builder. Each value remembers where it came from, so an
 * error can point the user at the place to fix.
 *
 * <p>A blank value counts as unset at every level, so it falls through to the next source.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ConfigLayers {
  private static final Logger LOGGER = Logger.getLogger(ConfigLayers.class.getName());
  // OTEL_* settings come through the same layers, so that OTEL_EXPORTER_OTLP_ENDPOINT may be an
  // environment variable, a .env line or -Dotel.exporter.otlp.endpoint, as OpenTelemetry's SDK reads it.
  private static final String[] PREFIXES = {"GALILEO_", "OTEL_"};
  private static final Pattern SETTING_NAME =
      Pattern.compile("(?:GALILEO|OTEL)_[A-Z0-9_]*[A-Z0-9]");

  /** Where a setting was given, worded for an error message. */
  public static final String BUILDER = "the builder";

  private ConfigLayers() {}

  /**
   * A raw, trimmed, non-blank value and where it came from.
   *
   * @param value the value
   * @param origin where it was set, such as {@code "environment variable GALILEO_MODE"}
   */
  public record Entry(String value, String origin) {}

  /**
   * True for names of the form {@code GALILEO_X_Y} (or {@code OTEL_X_Y}), the canonical name of
   * every setting.
   */
  public static boolean isSettingName(String name) {
    return name != null && SETTING_NAME.matcher(name).matches();
  }

  /**
   * The system property of a setting: {@code GALILEO_LOG_STREAM_ID} gives {@code
   * galileo.log.stream.id}.
   */
  public static String systemPropertyName(String settingName) {
    return settingName.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /**
   * Every {@code GALILEO_*} setting found, by setting name.
   *
   * @param builderValues values set in code, by setting name; they win over every source
   * @param sources the process's environment, system properties and working directory
   */
  public static Map<String, Entry> merge(
      Map<String, String> builderValues, ConfigSources sources) {
    Map<String, Entry> merged = new HashMap<>();

    String dotEnvOrigin = ".env file " + sources.dotEnvFile().toAbsolutePath();
    Map<String, String> dotEnv = DotEnvFile.read(sources.dotEnvFile());
    int fromDotEnv = 0;
    for (Map.Entry<String, String> e : dotEnv.entrySet()) {
      // .env files often hold other tools' settings too; only ours are taken.
      if (isSettingName(e.getKey()) && put(merged, e.getKey(), e.getValue(), dotEnvOrigin)) {
        fromDotEnv++;
      }
    }
    if (fromDotEnv > 0) {
      LOGGER.log(
          Level.FINE,
          "Read {0} Galileo settings from {1}",
          new Object[] {fromDotEnv, dotEnvOrigin});
    }

    for (Map.Entry<String, String> e : sources.environment().entrySet()) {
      if (isSettingName(e.getKey())) {
        put(merged, e.getKey(), e.getValue(), "environment variable " + e.getKey());
      }
    }

    // Two passes so that the dotted spelling wins when a property is given both ways.
    Map<String, String> properties = sources.systemProperties();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (isSettingName(e.getKey())) {
        put(merged, e.getKey(), e.getValue(), "system property " + e.getKey());
      }
    }
    for (Map.Entry<String, String> e : properties.entrySet()) {
      String name = settingNameOfProperty(e.getKey());
      if (name != null) {
        put(merged, name, e.getValue(), "system property " + e.getKey());
      }
    }

    for (Map.Entry<String, String> e : builderValues.entrySet()) {
      put(merged, e.getKey(), e.getValue(), BUILDER);
    }
    return merged;
  }

  /** The setting a dotted system property names, or null if it names none. */
  private static String settingNameOfProperty(String property) {
    for (String prefix : PREFIXES) {
      String propertyPrefix = prefix.toLowerCase(Locale.ROOT).replace('_', '.');
      if (property.startsWith(propertyPrefix)) {
        String rest = property.substring(propertyPrefix.length());
        String name = prefix + rest.toUpperCase(Locale.ROOT).replace('.', '_');
        // Only the lower-case spelling is the setting's, so galileo.Mode is not galileo.mode.
        return isSettingName(name) && systemPropertyName(name).equals(property) ? name : null;
      }
    }
    return null;
  }

  private static boolean put(Map<String, Entry> merged, String name, String value, String origin) {
    String trimmed = value == null ? "" : value.strip();
    if (trimmed.isEmpty()) {
      return false;
    }
    merged.put(name, new Entry(trimmed, origin));
    return true;
  }
}
