package ai.galileo.tracing.spi;

/**
 * The configuration a plug-in is created with, by the environment-variable names users know
 * ({@code GALILEO_PROPAGATORS}, {@code GALILEO_MODE}, ...). The implementation has already merged
 * its sources in order of precedence.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConfigValues {

  /** The value of the setting, trimmed, or null when it is not set or blank. */
  String get(String name);

  /** The value of the setting, or the default when it is not set. */
  default String get(String name, String defaultValue) {
    String value = get(name);
    return value == null ? defaultValue : value;
  }
}
