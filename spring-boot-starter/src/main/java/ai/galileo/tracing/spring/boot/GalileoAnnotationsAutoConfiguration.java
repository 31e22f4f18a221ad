package ai.galileo.tracing.spring.boot;

import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.internal.annotation.AnnotationsIntegration;
import ai.galileo.tracing.spring.boot.internal.TracedMethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * {@link Traced} methods of Spring beans: an advisor whose pointcut matches the annotated methods
 * and whose advice runs each call as a span with galileo-core's {@code TracedMethods}, through
 * Spring AOP's proxies (the auto-proxying Spring Boot's {@code AopAutoConfiguration} turns on). An
 * advisor rather than an {@code @Aspect}: it needs no AspectJ weaver on the class path.
 * {@code galileo.annotations.enabled=false} leaves it out.
 *
 * <p>Only calls through the proxy are traced: not a bean's call of its own method
 * ({@code this.answer()}), not private or final methods, not objects made with {@code new}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = GalileoAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.aop.support.annotation.AnnotationMatchingPointcut")
@ConditionalOnBean(GalileoTracer.class)
@ConditionalOnBooleanProperty(name = "galileo.annotations.enabled", matchIfMissing = true)
public class GalileoAnnotationsAutoConfiguration {
  /** Called by Spring. */
  public GalileoAnnotationsAutoConfiguration() {}

  /**
   * The advisor; infrastructure, so that Spring's plain auto-proxy creator (the one used without
   * AspectJ) applies it too. Static, and the tracer looked up on the first traced call, so that
   * building advisors early does not build the tracer before the post-processors are ready.
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  public static Advisor galileoTracedMethodsAdvisor(ObjectProvider<GalileoTracer> tracer) {
    DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
        new AnnotationMatchingPointcut(null, Traced.class, true),
        new TracedMethodInterceptor(tracer::getObject));
    advisor.setOrder(0); // inside transaction, security and other outer advice of default order
    AnnotationsIntegration.setUp("the Spring Boot starter's advisor");
    return advisor;
  }
}
