package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.core.internal.ContainedFailures;

/**
 * Contains the listeners' own failures (LangChain4j would catch them too, but log at WARN on every
 * call); the logic lives in galileo-core's {@link ContainedFailures}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Guard {
  private static final ContainedFailures FAILURES = new ContainedFailures(
      "ai.galileo.tracing.langchain4j", "Galileo's LangChain4j listener", "the LangChain4j call");

  private Guard() {}

  static void run(String where, Runnable step) {
    FAILURES.run(where, step);
  }

  static void failed(String where, Throwable error) {
    FAILURES.failed(where, error);
  }

  static void warnOnce(String kind, String message) {
    FAILURES.warnOnce(kind, message);
  }
}
