package ai.galileo.tracing.springai.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Contains the handler's own failures. The handler runs inside the user's Spring AI call (Micrometer
 * calls it on the caller's thread), so a bug of ours must never change that call's outcome. Each
 * place logs its first failure at WARNING and the rest at FINE.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Guard {
  private static final Logger LOG = Logger.getLogger("ai.galileo.tracing.springai");
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

  static void failed(String where, Throwable error) {
    Level level = LOGGED.add(where) ? Level.WARNING : Level.FINE;
    if (LOG.isLoggable(level)) {
      LOG.log(level, error, () -> "Galileo's Spring AI observation handler failed in " + where
          + "; the Spring AI call goes on untouched, but its span may be incomplete"
          + (level == Level.WARNING ? " (later failures here are logged at FINE)" : ""));
    }
  }
}
