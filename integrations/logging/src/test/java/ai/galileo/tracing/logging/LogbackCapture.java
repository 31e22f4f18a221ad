package ai.galileo.tracing.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Logback behind SLF4J, with an output-stream appender and a pattern layout. */
final class LogbackCapture implements LogCapture {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
  private final Logger logger;

  LogbackCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.setImmediateFlush(true);
    appender.start();
    logger = context.getLogger("logback-capture");
    logger.setAdditive(false);
    logger.addAppender(appender);
  }

  @Override
  public void info(String message) {
    LoggerFactory.getLogger("logback-capture").info(message);
  }

  @Override
  public synchronized List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Override
  public void putContext(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }

  @Override
  public String toString() {
    return "Logback";
  }
}
