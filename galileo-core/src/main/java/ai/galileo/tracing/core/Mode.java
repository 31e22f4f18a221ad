package ai.galileo.tracing.core;

import java.util.Locale;

/**
 * How traces reach Galileo, set by {@code GALILEO_MODE}.
 *
 * @since 0.1.0
 */
public enum Mode {

  /** The default: a trace is sent whole, with all its spans, when it ends. */
  BATCH("batch"),

  /**
   * Streaming: the trace and each span are sent as they start and end, so spans that other
   * services create can join a trace that is still open here. Also accepted as {@code streaming},
   * the name Galileo's older examples use.
   */
  DISTRIBUTED("distributed");

  private final String configValue;

  Mode(String configValue) {
    this.configValue = configValue;
  }

  /** The name this mode is configured by, lower-case, such as {@code "distributed"}. */
  public String configValue() {
    return configValue;
  }

  /**
   * The mode named by {@code value}, ignoring case and surrounding whitespace; {@code streaming}
   * is read as {@link #DISTRIBUTED}.
   *
   * @throws IllegalArgumentException if the value names no mode
   */
  public static Mode parse(String value) {
    Mode mode = find(value);
    if (mode == null) {
      throw new IllegalArgumentException(
          "Invalid mode \"" + value + "\": allowed values are " + allowedValues());
    }
    return mode;
  }

  /** The mode, or null if the value names none; for callers that word their own error. */
  static Mode find(String value) {
    if (value == null) {
      return null;
    }
    String name = value.trim().toLowerCase(Locale.ROOT);
    if (name.equals("streaming")) {
      return DISTRIBUTED;
    }
    for (Mode mode : values()) {
      if (mode.configValue.equals(name)) {
        return mode;
      }
    }
    return null;
  }

  /** The values an error message offers; the alias is left out to point users at one spelling. */
  static String allowedValues() {
    return "batch, distributed";
  }
}
