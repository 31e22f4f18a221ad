package ai.galileo.tracing.adk.internal;

import ai.galileo.tracing.core.internal.ContainedFailures;

/**
 * Contains the plugin's own failures: ADK would fail the agent's run with them.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Guard {
  private static final ContainedFailures FAILURES = new ContainedFailures(
      "ai.galileo.tracing.adk", "Galileo's ADK plugin", "the agent");

  private Guard() {}

  static void run(String where, Runnable step) {
    FAILURES.run(where, step);
  }

  static void warnOnce(String kind, String message) {
    FAILURES.warnOnce(kind, message);
  }
}
