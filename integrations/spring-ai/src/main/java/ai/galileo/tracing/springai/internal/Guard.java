package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.core.internal.ContainedFailures;

/**
 * Contains the handler's own failures (Micrometer calls it on the caller's thread); the logic lives
 * in galileo-core's {@link ContainedFailures}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Guard {
  private static final ContainedFailures FAILURES = new ContainedFailures(
      "ai.galileo.tracing.springai", "Galileo's Spring AI observation handler", "the Spring AI call");

  private Guard() {}

  static void run(String where, Runnable step) {
    FAILURES.run(where, step);
  }

  static void failed(String where, Throwable error) {
    FAILURES.failed(where, error);
  }
}
