package ai.galileo.tracing.core.redaction;

import java.util.Locale;

/**
 * What {@code GALILEO_REDACTION} does with what the redactors find.
 *
 * @since 0.1.0
 */
public enum RedactionMode {
  /** No redaction (the default). Redacted input and output set by hand are still sent. */
  OFF,
  /**
   * The original is sent, and the redacted copy beside it in Galileo's {@code redacted_input} and
   * {@code redacted_output}, where the redactors changed something.
   */
  FIELDS,
  /**
   * What the redactors find is replaced before it leaves the process, for every exporter: inputs,
   * outputs, messages, tool call arguments, documents, LLM events and metadata values.
   */
  MASK;

  /** The setting's value, such as {@code "mask"}. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode with this setting value, case-insensitive, or null if there is none. */
  public static RedactionMode find(String value) {
    for (RedactionMode m : values()) {
      if (m.configValue().equalsIgnoreCase(value.strip())) {
        return m;
      }
    }
    return null;
  }
}
