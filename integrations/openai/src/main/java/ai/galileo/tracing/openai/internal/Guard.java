package ai.galileo.tracing.openai.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Contains the wrapper's own failures. The wrapper runs inside the user's OpenAI call, so a bug of
 * ours (or a model field that an SDK version shapes differently) must never change that call's
 * outcome. Each place logs its first failure at WARNING and the rest at FINE.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Guard {
  private static final Logger LOG = Logger.getLogger("ai.galileo.tracing.openai");
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

  private Guard() {}

  /** Runs the step; a failure is logged, once at WARNING per place, and goes no further. */
  static void run(String where, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | LinkageError e) {
      failed(where, e);
    }
  }

  /** The step's value, or null when it failed (logged as {@link #run} does). */
  static <T> T get(String where, Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException | LinkageError e) {
      failed(where, e);
      return null;
    }
  }

  static void failed(String where, Throwable error) {
    Level level = LOGGED.add(where) ? Level.WARNING : Level.FINE;
    if (LOG.isLoggable(level)) {
      LOG.log(level, error, () -> "Galileo's OpenAI wrapper failed in " + where
          + "; the OpenAI call goes on untouched, but its span may be incomplete"
          + (level == Level.WARNING ? " (later failures here are logged at FINE)" : ""));
    }
  }
}
