package ai.galileo.tracing.spring.boot;

import ai.galileo.tracing.adk.GalileoAdk;
import ai.galileo.tracing.core.GalileoTracer;
import com.google.adk.plugins.BasePlugin;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Google ADK, when galileo-adk and ADK are on the class path: Galileo's ADK plugin as a bean, for
 * the application to give its {@code Runner} ({@code Runner.builder().plugins(galileoAdkPlugin)}):
 * ADK has no Spring integration that would pick plugins up by itself.
 * {@code galileo.adk.enabled=false} leaves the bean out.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = GalileoAutoConfiguration.class)
@ConditionalOnClass(name = {"ai.galileo.tracing.adk.GalileoAdk", "com.google.adk.plugins.BasePlugin"})
@ConditionalOnBean(GalileoTracer.class)
@ConditionalOnBooleanProperty(name = "galileo.adk.enabled", matchIfMissing = true)
public class GalileoAdkAutoConfiguration {
  /** Called by Spring. */
  public GalileoAdkAutoConfiguration() {}

  /** Logs with {@code Galileo.tracer()}, the application's tracer. */
  @Bean
  @ConditionalOnMissingBean(name = "galileoAdkPlugin")
  public BasePlugin galileoAdkPlugin() {
    return GalileoAdk.plugin();
  }
}
