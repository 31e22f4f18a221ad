package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.core.internal.ContainedFailures;
import java.util.function.Supplier;

/**
 * Contains the wrapper's own failures; the logic lives in galileo-core's {@link ContainedFailures}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Guard {
  private static final ContainedFailures FAILURES = new ContainedFailures(
      "ai.galileo.tracing.openai", "Galileo's OpenAI wrapper", "the OpenAI call");

  private Guard() {}

  static void run(String where, Runnable step) {
    FAILURES.run(where, step);
  }

  static <T> T get(String where, Supplier<T> step) {
    return FAILURES.get(where, step);
  }

  static void failed(String where, Throwable error) {
    FAILURES.failed(where, error);
  }
}
