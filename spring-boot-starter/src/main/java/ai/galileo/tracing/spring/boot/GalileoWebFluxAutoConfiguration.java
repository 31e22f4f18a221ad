package ai.galileo.tracing.spring.boot;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.transport.ClientTracing;
import ai.galileo.tracing.core.transport.ServerTracing;
import ai.galileo.tracing.spring.boot.internal.McpEndpoints;
import ai.galileo.tracing.spring.boot.internal.ManagementRequests;
import ai.galileo.tracing.spring.boot.internal.ReactorContext;
import ai.galileo.tracing.spring.boot.internal.TracingExchangeFilterFunction;
import ai.galileo.tracing.spring.boot.internal.TracingWebFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.WebFilter;

/**
 * Reactive web: WebFlux servers run each request under a server span that continues its caller's
 * trace, carried through Reactor (Micrometer's context-propagation and Reactor's automatic
 * propagation) so that {@code Context.current()} in operators, also across {@code publishOn} and
 * {@code subscribeOn}, is the request's; and {@code WebClient}s built from Spring Boot's
 * {@code WebClient.Builder} carry the trace. Spring Boot 3 and 4 keep the WebClient customizer in
 * different packages: each has its variant here.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = GalileoAutoConfiguration.class)
@ConditionalOnClass(name = {"reactor.core.publisher.Mono", "io.micrometer.context.ContextRegistry",
    "org.springframework.web.reactive.function.client.ExchangeFilterFunction"})
@ConditionalOnBean(GalileoTracer.class)
public class GalileoWebFluxAutoConfiguration {
  /**
   * The key of Galileo's {@code Context} in a Reactor context. A span made inside a reactive chain
   * becomes the parent of what the rest of the chain does (WebClient calls included) with
   * {@code .contextWrite(c -> c.put(CONTEXT_KEY, Context.current().with(span)))}.
   */
  public static final String CONTEXT_KEY = ReactorContext.KEY;

  /**
   * Called by Spring; carries Galileo's context through Reactor from now on, and turns on
   * Reactor's automatic context propagation unless
   * {@code galileo.reactor.automatic-context-propagation=false}.
   */
  public GalileoWebFluxAutoConfiguration(ObjectProvider<GalileoProperties> properties) {
    ReactorContext.install(properties.getIfAvailable(GalileoProperties::new).getReactor()
        .isAutomaticContextPropagation());
  }

  /** The filter every WebClient customizer adds. */
  @Bean
  public TracingExchangeFilterFunction galileoExchangeFilterFunction(GalileoTracer tracer,
      GalileoProperties properties) {
    return new TracingExchangeFilterFunction(ClientTracing.create(tracer, properties.isClientSpans()));
  }

  private static void addTo(WebClient.Builder builder, TracingExchangeFilterFunction filter) {
    builder.filters(filters -> {
      if (filters.stream().noneMatch(f -> f instanceof TracingExchangeFilterFunction)) {
        filters.add(0, filter);
      }
    });
  }

  /** WebFlux servers. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(WebFilter.class)
  static class Server {
    @Bean
    @ConditionalOnMissingBean(TracingWebFilter.class)
    TracingWebFilter galileoWebFilter(GalileoTracer tracer, Environment environment) {
      // MCP endpoints are left to the MCP server handler, whose span continues the caller's trace from _meta.
      // Actuator's requests and health probes make no traces (galileo.server.exclude-defaults).
      ManagementRequests management = ManagementRequests.of(tracer, environment);
      McpEndpoints mcp = McpEndpoints.from(environment, GalileoWebFluxAutoConfiguration.class.getClassLoader());
      return new TracingWebFilter(
          ServerTracing.create(tracer, null, management.exclusions().plus(mcp.paths())), management);
    }
  }

  /** Spring Boot 3. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.web.reactive.function.client.WebClientCustomizer")
  static class Boot3 {
    @Bean
    org.springframework.boot.web.reactive.function.client.WebClientCustomizer galileoWebClientCustomizer(
        TracingExchangeFilterFunction filter) {
      return builder -> addTo(builder, filter);
    }
  }

  /** Spring Boot 4: the customizer moved to spring-boot-webclient. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.webclient.WebClientCustomizer")
  static class Boot4 {
    @Bean
    org.springframework.boot.webclient.WebClientCustomizer galileoWebClientCustomizer(
        TracingExchangeFilterFunction filter) {
      return builder -> addTo(builder, filter);
    }
  }
}
