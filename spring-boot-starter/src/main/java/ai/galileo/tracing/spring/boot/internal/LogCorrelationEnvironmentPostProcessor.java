package ai.galileo.tracing.spring.boot.internal;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * With galileo-logging on the class path, turns on Spring Boot's default log correlation
 * ({@code logging.expect-correlation-id=true}, so the default {@code logging.pattern.correlation}
 * is {@code %correlationId}, which prints the MDC's {@code traceId} and {@code spanId}), as
 * Boot's Actuator does for Micrometer Tracing. Added last, so any setting of the application's
 * wins; {@code galileo.enabled=false} leaves it off.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class LogCorrelationEnvironmentPostProcessor implements EnvironmentPostProcessor {
  static final String SOURCE_NAME = "galileoLogCorrelation";
  private static final String LOGGING_MODULE_CLASS = "ai.galileo.tracing.logging.LogCorrelation";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.getProperty("galileo.enabled", Boolean.class, true)
        || !ClassUtils.isPresent(LOGGING_MODULE_CLASS, application.getClassLoader())) {
      return;
    }
    environment.getPropertySources().addLast(
        new MapPropertySource(SOURCE_NAME, Map.of("logging.expect-correlation-id", "true")));
  }
}
