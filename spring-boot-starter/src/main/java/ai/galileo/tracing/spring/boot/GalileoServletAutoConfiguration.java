package ai.galileo.tracing.spring.boot;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.transport.servlet.ServletTracing;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import ai.galileo.tracing.spring.boot.internal.ContextCallableInterceptor;
import ai.galileo.tracing.spring.boot.internal.ManagementPortServletFilter;
import ai.galileo.tracing.spring.boot.internal.ManagementRequests;
import ai.galileo.tracing.spring.boot.internal.McpEndpoints;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.core.Ordered;

/**
 * Servlet servers (Spring MVC on Tomcat, Jetty, Undertow): galileo-transport-servlet's filter,
 * first in the chain, for requests and their async dispatches, so each request runs under a server
 * span that continues its caller's trace ({@code galileo.server-trust} decides). A Spring MVC
 * handler's {@code Callable}, which Spring runs on its own executor, runs in the request's context.
 * MCP endpoints are left to the MCP server handler (see {@link GalileoMcpAutoConfiguration}).
 * Actuator's requests and health probes make no traces ({@code galileo.server.exclude-defaults}),
 * nor do the paths of {@code galileo.server.exclude}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = GalileoAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Filter.class, FilterRegistrationBean.class})
@ConditionalOnBean(GalileoTracer.class)
public class GalileoServletAutoConfiguration {
  /** Called by Spring. */
  public GalileoServletAutoConfiguration() {}

  /**
   * The filter, registered first, async supported; on the application's MCP endpoints (Spring AI's
   * MCP server's, and {@code galileo.mcp.server.endpoints}) it leaves the request to the MCP server
   * handler, whose span continues the caller's trace from {@code _meta}.
   */
  @Bean
  @ConditionalOnMissingBean(name = "galileoServletFilter")
  public FilterRegistrationBean<Filter> galileoServletFilter(GalileoTracer tracer, Environment environment) {
    ManagementRequests management = ManagementRequests.of(tracer, environment);
    McpEndpoints mcp = McpEndpoints.from(environment, GalileoServletAutoConfiguration.class.getClassLoader());
    Filter filter = new ManagementPortServletFilter(ServletTracing.builder(tracer)
        .exclusions(management.exclusions().plus(mcp.paths())).build().filter(), management);
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("galileo");
    registration.setAsyncSupported(true);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /** Spring MVC: a handler's {@code Callable} runs in the request's context. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.servlet.config.annotation.WebMvcConfigurer")
  static class Mvc {
    @Bean
    WebMvcConfigurer galileoWebMvcConfigurer() {
      return new WebMvcConfigurer() {
        @Override
        public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
          configurer.registerCallableInterceptors(new ContextCallableInterceptor());
        }
      };
    }
  }
}
