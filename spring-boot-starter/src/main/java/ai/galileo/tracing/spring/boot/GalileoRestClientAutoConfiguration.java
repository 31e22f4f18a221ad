package ai.galileo.tracing.spring.boot;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.transport.ClientTracing;
import ai.galileo.tracing.spring.boot.internal.TracingClientHttpRequestInterceptor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * {@code RestClient} and {@code RestTemplate} built from Spring Boot's {@code RestClient.Builder}
 * and {@code RestTemplateBuilder} carry the current trace: a customizer adds an interceptor that
 * writes the tracing headers into each request (redirects and retries included) and reads the
 * called service's {@code X-Galileo-Span-ID}. {@code galileo.client-spans=true} gives each call a
 * span of its own. Spring Boot 3 and 4 keep the customizer interfaces in different packages: each
 * has its variant here.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = GalileoAutoConfiguration.class)
@ConditionalOnClass(ClientHttpRequestInterceptor.class)
@ConditionalOnBean(GalileoTracer.class)
public class GalileoRestClientAutoConfiguration {
  /** Called by Spring. */
  public GalileoRestClientAutoConfiguration() {}

  /** The interceptor every customizer adds. */
  @Bean
  public TracingClientHttpRequestInterceptor galileoClientHttpRequestInterceptor(
      GalileoTracer tracer, GalileoProperties properties) {
    return new TracingClientHttpRequestInterceptor(ClientTracing.create(tracer, properties.isClientSpans()));
  }

  private static void addTo(RestClient.Builder builder, TracingClientHttpRequestInterceptor interceptor) {
    builder.requestInterceptors(list -> {
      if (!TracingClientHttpRequestInterceptor.present(list)) {
        list.add(0, interceptor);
      }
    });
  }

  private static void addTo(RestTemplate restTemplate, TracingClientHttpRequestInterceptor interceptor) {
    if (!TracingClientHttpRequestInterceptor.present(restTemplate.getInterceptors())) {
      restTemplate.getInterceptors().add(0, interceptor);
    }
  }

  /** Spring Boot 3. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.web.client.RestClientCustomizer")
  static class Boot3 {
    @Bean
    org.springframework.boot.web.client.RestClientCustomizer galileoRestClientCustomizer(
        TracingClientHttpRequestInterceptor interceptor) {
      return builder -> addTo(builder, interceptor);
    }

    @Bean
    org.springframework.boot.web.client.RestTemplateCustomizer galileoRestTemplateCustomizer(
        TracingClientHttpRequestInterceptor interceptor) {
      return restTemplate -> addTo(restTemplate, interceptor);
    }
  }

  /** Spring Boot 4: the customizers moved to spring-boot-restclient. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.restclient.RestClientCustomizer")
  static class Boot4 {
    @Bean
    org.springframework.boot.restclient.RestClientCustomizer galileoRestClientCustomizer(
        TracingClientHttpRequestInterceptor interceptor) {
      return builder -> addTo(builder, interceptor);
    }

    @Bean
    org.springframework.boot.restclient.RestTemplateCustomizer galileoRestTemplateCustomizer(
        TracingClientHttpRequestInterceptor interceptor) {
      return restTemplate -> addTo(restTemplate, interceptor);
    }
  }
}
