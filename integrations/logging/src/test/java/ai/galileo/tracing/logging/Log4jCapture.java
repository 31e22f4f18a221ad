package ai.galileo.tracing.logging;

import java.io.StringWriter;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Log4j 2 Core, with a writer appender and a pattern layout on a logger of its own. */
final class Log4jCapture implements LogCapture {
  private static final String LOGGER = "log4j-capture";
  private final StringWriter out = new StringWriter();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final WriterAppender appender;

  Log4jCapture() {
    Configuration config = context.getConfiguration();
    appender = WriterAppender.newBuilder()
        .setName("capture")
        .setTarget(out)
        .setLayout(PatternLayout.newBuilder().withPattern(PATTERN).withConfiguration(config).build())
        .build();
    appender.start();
    LoggerConfig logger = new LoggerConfig(LOGGER, Level.INFO, false);
    logger.addAppender(appender, Level.INFO, null);
    config.addLogger(LOGGER, logger);
    context.updateLoggers();
  }

  @Override
  public void info(String message) {
    LogManager.getLogger(LOGGER).info(message);
  }

  @Override
  public List<String> lines() {
    synchronized (out) {
      return out.toString().lines().toList();
    }
  }

  @Override
  public void putContext(String key, String value) {
    if (value == null) {
      ThreadContext.remove(key);
    } else {
      ThreadContext.put(key, value);
    }
  }

  @Override
  public void close() {
    context.getConfiguration().removeLogger(LOGGER);
    context.updateLoggers();
    appender.stop();
  }

  @Override
  public String toString() {
    return "Log4j 2";
  }
}
