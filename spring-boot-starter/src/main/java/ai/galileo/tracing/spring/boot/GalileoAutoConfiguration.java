package ai.galileo.tracing.spring.boot;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanProcessor;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.core.transport.TrustPolicy;
import ai.galileo.tracing.spring.boot.internal.InvalidGalileoPropertyException;
import ai.galileo.tracing.spring.boot.internal.RegisteredTracer;
import ai.galileo.tracing.spring.boot.internal.SettingsMapping;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The Galileo tracer of a Spring Boot application, configured from the {@code galileo.*}
 * properties ({@link GalileoProperties}) and installed as {@code Galileo.tracer()}, so that code
 * and libraries that use the API directly log to it too. It is flushed and closed with the
 * application context. {@code SpanExporter} beans, when there are any, receive the spans instead of
 * the exporters {@code galileo.exporter} names; {@code SpanProcessor} beans see every span.
 * {@code galileo.enabled=false} leaves out every Galileo bean.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "galileo.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GalileoProperties.class)
public class GalileoAutoConfiguration {
  /** Called by Spring. */
  public GalileoAutoConfiguration() {}

  /**
   * The configuration the properties give, over the {@code .env} file and the defaults.
   *
   * @throws IllegalArgumentException if a value is invalid; start-up then fails with an analysis
   *     naming the property and its allowed values
   */
  @Bean
  @ConditionalOnMissingBean
  public GalileoConfig galileoConfig(GalileoProperties properties, Environment environment) {
    try {
      return SettingsMapping.config(properties, environment, environment.getProperty("spring.application.name"));
    } catch (IllegalArgumentException e) {
      throw InvalidGalileoPropertyException.of(e);
    }
  }

  /** The tracer, installed as {@code Galileo.tracer()} while the context is open. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public GalileoTracer galileoTracer(GalileoConfig config, ObjectProvider<SpanExporter> exporters,
      ObjectProvider<SpanProcessor> processors) {
    GalileoTracer.Builder builder = GalileoTracer.builder().config(config)
        // Spring closes the context on JVM shutdown, and the context closes the tracer.
        .shutdownHook(false);
    exporters.orderedStream().forEach(builder::exporter);
    processors.orderedStream().forEach(builder::addSpanProcessor);
    try {
      TrustPolicy.fromConfig(config.values()); // checked here, so that a bad value fails start-up early
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw InvalidGalileoPropertyException.of(e); // an exporter, propagator or export setting
    }
  }

  /** Makes the tracer {@code Galileo.tracer()}, and puts the one before back when the context closes. */
  @Bean
  public RegisteredTracer galileoRegisteredTracer(GalileoTracer tracer) {
    return RegisteredTracer.register(tracer);
  }
}
