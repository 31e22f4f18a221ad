package ai.galileo.tracing.core.internal;

import ai.galileo.tracing.Propagator;
import java.util.List;

/**
 * Reads one header field the way every built-in propagator must: a value that is too long or
 * repeated with different values is refused before anyone parses it.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class HeaderFields {
  /**
   * What {@link #single} returns for a field that is present but unusable. Compare by identity: a
   * distinct instance, so no header value can be mistaken for it.
   */
  public static final String REJECTED = new String("<rejected>");

  private static final int PREVIEW_LENGTH = 16;

  private HeaderFields() {}

  /**
   * The field's single value; null when it is absent; {@link #REJECTED} (already logged) when a
   * value is longer than {@code maxLength} or the field is repeated, unless the repeats are
   * identical and {@code identicalRepeatsAllowed}.
   */
  public static <C> String single(
      C carrier,
      Propagator.Getter<C> getter,
      String name,
      int maxLength,
      boolean identicalRepeatsAllowed,
      LogOnce log) {
    List<String> values = getter.getAll(carrier, name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    String first = null;
    for (String value : values) {
      if (value == null) {
        continue;
      }
      if (value.length() > maxLength) {
        log.fine(HeaderProblem.OVERSIZED, () -> "Ignoring " + name + ": longer than " + maxLength
            + " characters (" + preview(value) + ")");
        return REJECTED;
      }
      if (first == null) {
        first = value;
      } else if (!identicalRepeatsAllowed || !first.equals(value)) {
        log.fine(HeaderProblem.DUPLICATED, () -> "Ignoring " + name + ": sent more than once");
        return REJECTED;
      }
    }
    return first;
  }

  /**
   * The start of a header value, safe to log: a short prefix with anything but printable ASCII
   * masked, so a hostile header can neither fill the log nor forge log lines.
   */
  public static String preview(String value) {
    if (value == null) {
      return "null";
    }
    int n = Math.min(value.length(), PREVIEW_LENGTH);
    StringBuilder sb = new StringBuilder(n + 24).append('"');
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    sb.append('"');
    if (value.length() > n) {
      sb.append("... (").append(value.length()).append(" chars)");
    }
    return sb.toString();
  }
}
