package ai.galileo.tracing.core.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps an integration's own failures out of the user's call: a listener, handler or wrapper runs
 * inside the framework call it observes, so a bug of ours must never change that call's outcome.
 * Each place logs its first failure at WARNING and the rest at FINE.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ContainedFailures {
  private final Logger log;
  private final String what;
  private final String call;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  /**
   * @param loggerName the integration's logger
   * @param what what failed, such as "Galileo's LangChain4j listener"
   * @param call whose call goes on, such as "the LangChain4j call"
   */
  public ContainedFailures(String loggerName, String what, String call) {
    this.log = Logger.getLogger(loggerName);
    this.what = what;
    this.call = call;
  }

  /** Runs the step; a failure is logged, once at WARNING per place, and goes no further. */
  public void run(String where, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | LinkageError e) {
      failed(where, e);
    }
  }

  /** The step's value, or null when it failed (logged as {@link #run} does). */
  public <T> T get(String where, Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException | LinkageError e) {
      failed(where, e);
      return null;
    }
  }

  /** Logs a failure caught elsewhere, once at WARNING per place. */
  public void failed(String where, Throwable error) {
    Level level = logged.add(where) ? Level.WARNING : Level.FINE;
    if (log.isLoggable(level)) {
      log.log(level, error, () -> what + " failed in " + where + "; " + call
          + " goes on untouched, but its span may be incomplete"
          + (level == Level.WARNING ? " (later failures here are logged at FINE)" : ""));
    }
  }

  /** Logs a problem that is not an exception, once at WARNING per kind. */
  public void warnOnce(String kind, String message) {
    log.log(logged.add(kind) ? Level.WARNING : Level.FINE, message);
  }
}
