package ai.galileo.tracing.benchmarks.arc;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;

/** {@link PlainAssistant} as an {@code @ApplicationScoped} bean, behind ArC's client proxy. */
@ApplicationScoped
@Unremovable
public class ScopedPlainAssistant {
  @PassThrough
  public String answer(String question) {
    return Assistant.ANSWER;
  }
}
