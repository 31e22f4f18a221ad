package ai.galileo.tracing.benchmarks.arc;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.annotation.Traced;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@link Assistant} as an {@code @ApplicationScoped} bean, as application beans usually are: a call
 * goes through ArC's client proxy to the interception subclass.
 */
@ApplicationScoped
@Unremovable
public class ScopedAssistant {
  @Traced(name = "Assistant.answer", type = SpanType.WORKFLOW)
  public String answer(String question) {
    return Assistant.ANSWER;
  }
}
