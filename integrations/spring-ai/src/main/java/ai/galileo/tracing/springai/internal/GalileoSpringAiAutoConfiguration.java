package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.springai.GalileoSpringAi;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration: adding the jar is the whole set-up. It declares a
 * {@link GalileoSpringAi} (unless the application declares its own) and its observation handler as
 * a bean, which Spring Boot's observation auto-configuration (Actuator) adds to the application's
 * {@link ObservationRegistry}. An application without one (no Actuator) gets a registry carrying the
 * handler, which Spring AI's auto-configured models, ChatClient and vector stores pick up.
 * {@code galileo.spring-ai.enabled=false} (or {@code galileo.enabled=false}) turns all of it off.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
@AutoConfiguration(afterName = {
    // Spring Boot 3 (Actuator) and Spring Boot 4: whichever makes the registry goes first.
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass(name = {
    "io.micrometer.observation.ObservationHandler",
    "org.springframework.ai.chat.observation.ChatModelObservationContext"})
@ConditionalOnProperty(prefix = "galileo.spring-ai", name = "enabled", havingValue = "true", matchIfMissing = true)
// galileo-spring-boot-starter's off switch turns this off too.
@ConditionalOnBooleanProperty(name = "galileo.enabled", matchIfMissing = true)
public class GalileoSpringAiAutoConfiguration {
  /** Called by Spring. */
  public GalileoSpringAiAutoConfiguration() {}

  /** Logs with the installed Galileo tracer; declare a bean of your own to use another. */
  @Bean
  @ConditionalOnMissingBean
  public GalileoSpringAi galileoSpringAi() {
    return GalileoSpringAi.create();
  }

  /** Added to the application's registry by Spring Boot, with its other observation handlers. */
  @Bean
  public ObservationHandler<Observation.Context> galileoSpringAiObservationHandler(GalileoSpringAi galileo) {
    return galileo.observationHandler();
  }

  /** Only where nothing else made a registry: without one Spring AI observes nothing. */
  @Bean
  @ConditionalOnMissingBean(ObservationRegistry.class)
  public ObservationRegistry galileoObservationRegistry(GalileoSpringAi galileo) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(galileo.observationHandler());
    return registry;
  }
}
