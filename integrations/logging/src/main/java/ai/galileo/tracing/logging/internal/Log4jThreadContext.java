package ai.galileo.tracing.logging.internal;

import org.apache.logging.log4j.ThreadContext;

/**
 * Log4j 2's ThreadContext. Loaded only when the Log4j 2 API is.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Log4jThreadContext implements ContextMap {
  static final String API_CLASS = "org.apache.logging.log4j.ThreadContext";

  @Override
  public String get(String key) {
    return ThreadContext.get(key);
  }

  @Override
  public void set(String key, String value) {
    if (value == null) {
      ThreadContext.remove(key);
    } else {
      ThreadContext.put(key, value);
    }
  }

  @Override
  public String toString() {
    return "Log4j 2 ThreadContext";
  }
}
