package ai.galileo.tracing.logging.internal;

import org.slf4j.MDC;

/**
 * SLF4J's MDC: Logback's, or whatever binding the application has. Loaded only when SLF4J is.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Slf4jMdc implements ContextMap {
  static final String API_CLASS = "org.slf4j.MDC";

  @Override
  public String get(String key) {
    return MDC.get(key);
  }

  @Override
  public void set(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  @Override
  public String toString() {
    return "SLF4J MDC";
  }
}
