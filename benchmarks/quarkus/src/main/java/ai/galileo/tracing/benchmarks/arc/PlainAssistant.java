package ai.galileo.tracing.benchmarks.arc;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;

/** {@link Assistant}'s method bound to {@link PassThrough} instead of traced. */
@Dependent
@Unremovable
public class PlainAssistant {
  @PassThrough
  public String answer(String question) {
    return Assistant.ANSWER;
  }
}
