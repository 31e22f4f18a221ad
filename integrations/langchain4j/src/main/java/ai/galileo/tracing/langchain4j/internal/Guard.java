package ai.galileo.tracing.langchain4j.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Contains the listeners' own failures. A listener runs inside the user's model call, so a bug of
 * ours must never change that call's outcome; LangChain4j would catch it too, but log it at WARN on
 * every call. Each place logs its first failure at WARNING and the rest at FINE.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Guard {
  private static final Logger LOG = Logger.getLogger("ai.galileo.tracing.langchain4j");
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
      LOG.log(level, error, () -> "Galileo's LangChain4j listener failed in " + where
          + "; the LangChain4j call goes on untouched, but its span may be incomplete"
          + (level == Level.WARNING ? " (later failures here are logged at FINE)" : ""));
    }
  }

  /** Logs a problem that is not an exception, once at WARNING per kind. */
  static void warnOnce(String kind, String message) {
    Level level = LOGGED.add(kind) ? Level.WARNING : Level.FINE;
    LOG.log(level, message);
  }
}
