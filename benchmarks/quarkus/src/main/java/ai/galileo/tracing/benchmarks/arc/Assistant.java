package ai.galileo.tracing.benchmarks.arc;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.annotation.Traced;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;

/**
 * The traced bean, as {@code AnnotationBenchmarks.Assistant} in benchmarks/ has it, as a
 * {@code @Dependent} bean: ArC hands out its interception subclass itself, with no client proxy.
 * Unremovable because only the benchmark looks it up (ArC drops beans nothing injects).
 */
@Dependent
@Unremovable
public class Assistant {
  static final String ANSWER = "Motion, astronomy and the telescope.";

  @Traced(name = "Assistant.answer", type = SpanType.WORKFLOW)
  public String answer(String question) {
    return ANSWER;
  }
}
