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

  /** The filter, registered first, async supported. */
  @Bean
  @ConditionalOnMissingBean(name = "galileoServletFilter")
  public FilterRegistrationBean<Filter> galileoServletFilter(GalileoTracer tracer) {
    FilterRegistrationBean<Filter> registration =
        new FilterRegistrationBean<>(ServletTracing.create(tracer).filter());
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
