package ai.galileo.tracing.spring.boot.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed on a {@code galileo.*} value: which property, what it was, and
 * the allowed values.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class InvalidGalileoPropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidGalileoPropertyException> {
  /** Called by Spring Boot. */
  public InvalidGalileoPropertyFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidGalileoPropertyException cause) {
    String properties = cause.properties().isEmpty() ? "the galileo.* properties"
        : String.join(", ", cause.properties());
    return new FailureAnalysis(
        "Galileo tracing could not start: " + cause.getMessage(),
        "Update " + properties + " in your application's configuration (or the environment variable"
            + " named in parentheses) to one of the allowed values, or set galileo.enabled=false.",
        cause);
  }
}
