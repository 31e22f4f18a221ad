package ai.galileo.tracing.spring.boot.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code galileo.*} value the SDK refused, with the Spring properties the problems name; start-up
 * fails with it and {@link InvalidGalileoPropertyFailureAnalyzer} explains it.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class InvalidGalileoPropertyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private static final Pattern SETTING = Pattern.compile("GALILEO_[A-Z0-9_]*[A-Z0-9]");

  private final List<String> properties;

  private InvalidGalileoPropertyException(String message, List<String> properties, Throwable cause) {
    super(message, cause);
    this.properties = List.copyOf(properties);
  }

  /** Rewords the SDK's message (naming {@code GALILEO_MODE}) for the Spring properties. */
  public static InvalidGalileoPropertyException of(IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    Set<String> properties = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (String problem : message.split("; ")) {
      Matcher m = SETTING.matcher(problem);
      if (m.find()) {
        String property = SettingsMapping.propertyName(m.group());
        properties.add(property);
        problem = problem.replace("(from " + "the builder)", "(from " + property + ")");
        problem = problem.replace(m.group(), property + " (" + m.group() + ")");
      }
      problems.add(problem);
    }
    return new InvalidGalileoPropertyException(String.join("; ", problems), new ArrayList<>(properties), e);
  }

  /** The Spring properties the problems name, such as {@code galileo.mode}. */
  public List<String> properties() {
    return properties;
  }
}
