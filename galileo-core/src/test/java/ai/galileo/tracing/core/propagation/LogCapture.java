package ai.galileo.tracing.core.propagation;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what one logger prints at FINE and above while open. */
final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger;
  private final Level previousLevel;
  private final List<LogRecord> records = new ArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
    this.previousLevel = logger.getLevel();
    setLevel(Level.ALL);
    logger.setLevel(Level.FINE);
    logger.addHandler(this);
  }

  static LogCapture of(Class<?> type) {
    return new LogCapture(Logger.getLogger(type.getName()));
  }

  synchronized List<String> messages() {
    List<String> messages = new ArrayList<>();
    for (LogRecord r : records) {
      messages.add(r.getMessage());
    }
    return messages;
  }

  @Override
  public synchronized void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previousLevel);
  }
}
