package ai.galileo.tracing.core.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs each kind of problem at most once per owner, at {@link Level#FINE}. Headers come from other
 * processes: a client that sends a bad header on every request must not flood the log, yet the
 * first occurrence is worth one line to whoever turns on debug logging.
 *
 * <p>Kinds are small integers (an enum's ordinal, a list index); 63 and above share one slot. A
 * kind is only marked as logged when the logger would actually print it, so enabling FINE later
 * still shows the next occurrence.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class LogOnce {
  private final Logger logger;
  private final AtomicLong logged = new AtomicLong();

  public LogOnce(Logger logger) {
    this.logger = Objects.requireNonNull(logger, "logger");
  }

  /** Logs the message unless a message of this kind was logged before. */
  public void fine(Enum<?> kind, Supplier<String> message) {
    fine(kind.ordinal(), null, message);
  }

  /** Logs the message and the error unless a message of this kind was logged before. */
  public void fine(Enum<?> kind, Throwable error, Supplier<String> message) {
    fine(kind.ordinal(), error, message);
  }

  /** Logs the message, and the error if any, unless a message of this kind was logged before. */
  public void fine(int kind, Throwable error, Supplier<String> message) {
    if (!logger.isLoggable(Level.FINE)) {
      return;
    }
    long bit = 1L << Math.min(Math.max(kind, 0), 63);
    if ((logged.getAndAccumulate(bit, (a, b) -> a | b) & bit) != 0) {
      return;
    }
    if (error == null) {
      logger.log(Level.FINE, message);
    } else {
      logger.log(Level.FINE, error, message);
    }
  }
}
