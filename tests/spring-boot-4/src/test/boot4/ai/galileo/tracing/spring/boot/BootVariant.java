package ai.galileo.tracing.spring.boot;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestTemplate;

/**
 * What the tests use of Spring Boot that moved packages in Boot 4: this is Boot 4's;
 * spring-boot-starter/src/test/boot3 has the same class for Boot 3.
 */
final class BootVariant {
  private BootVariant() {}

  /** A RestTemplate from Spring Boot's RestTemplateBuilder bean. */
  static RestTemplate restTemplate(ApplicationContext context, String rootUri) {
    return context.getBean(RestTemplateBuilder.class).rootUri(rootUri).build();
  }

  /** Serve with Netty, although Tomcat is on the class path too. */
  @Configuration(proxyBeanMethods = false)
  static class Netty {
    @Bean
    NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
      return new NettyReactiveWebServerFactory();
    }
  }
}
