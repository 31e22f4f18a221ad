package ai.galileo.tracing.spring.boot;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.spring.boot.internal.GalileoEndpoint;
import ai.galileo.tracing.spring.boot.internal.GalileoHealth;
import ai.galileo.tracing.spring.boot.internal.GalileoMeters;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator, when present: a {@code galileo} health indicator (whether the target answers, the
 * export queue and drops; UP even when the target does not answer, unless
 * {@code galileo.health.down-when-unreachable=true}), a {@code galileo} endpoint with the doctor's
 * report, and the export counters as Micrometer meters ({@code galileo.export.spans} by outcome, {@code
 * galileo.export.queued}). Spring Boot 3 and 4 keep the health API in different packages: each has
 * its variant here.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = GalileoAutoConfiguration.class)
@ConditionalOnBean(GalileoTracer.class)
public class GalileoActuatorAutoConfiguration {
  /** Called by Spring. */
  public GalileoActuatorAutoConfiguration() {}

  /** The health check: DOWN on an unreachable target only with galileo.health.down-when-unreachable=true. */
  private static GalileoHealth health(GalileoTracer tracer, ObjectProvider<GalileoProperties> properties) {
    GalileoProperties p = properties.getIfAvailable(GalileoProperties::new);
    return new GalileoHealth(tracer, p.getHealth().isDownWhenUnreachable());
  }

  /** The endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class Endpoint {
    @Bean
    @ConditionalOnMissingBean
    GalileoEndpoint galileoEndpoint(GalileoTracer tracer, ConfigurableListableBeanFactory beans) {
      return new GalileoEndpoint(tracer, beans);
    }
  }

  /** The meters. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class Meters {
    @Bean
    @ConditionalOnMissingBean
    GalileoMeters galileoMeters(GalileoTracer tracer) {
      return new GalileoMeters(tracer);
    }
  }

  /** Spring Boot 3's health API. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  static class Boot3Health {
    @Bean
    @ConditionalOnMissingBean(name = "galileoHealthIndicator")
    org.springframework.boot.actuate.health.HealthIndicator galileoHealthIndicator(GalileoTracer tracer,
        ObjectProvider<GalileoProperties> properties) {
      GalileoHealth health = health(tracer, properties);
      return () -> {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = health.check(details);
        return (up ? org.springframework.boot.actuate.health.Health.up()
            : org.springframework.boot.actuate.health.Health.down()).withDetails(details).build();
      };
    }
  }

  /** Spring Boot 4: the health API moved to spring-boot-health. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Boot4Health {
    @Bean
    @ConditionalOnMissingBean(name = "galileoHealthIndicator")
    org.springframework.boot.health.contributor.HealthIndicator galileoHealthIndicator(GalileoTracer tracer,
        ObjectProvider<GalileoProperties> properties) {
      GalileoHealth health = health(tracer, properties);
      return () -> {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = health.check(details);
        return (up ? org.springframework.boot.health.contributor.Health.up()
            : org.springframework.boot.health.contributor.Health.down()).withDetails(details).build();
      };
    }
  }
}
