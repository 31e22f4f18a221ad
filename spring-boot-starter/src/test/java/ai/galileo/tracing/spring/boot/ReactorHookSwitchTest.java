package ai.galileo.tracing.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.ContextKey;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * galileo.reactor.automatic-context-propagation: false leaves Reactor's JVM-wide hook off, true (the
 * default) turns it on. The hook cannot be turned off again, so this class runs in a JVM of its own
 * (its own surefire execution, see the pom), the false case first.
 */
class ReactorHookSwitchTest {
  private static final ContextKey<String> MARK = ContextKey.named("mark");

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(GalileoAutoConfiguration.class, GalileoWebFluxAutoConfiguration.class))
      .withPropertyValues("galileo.exporter=none");

  /** What Context.current() is in an operator after publishOn, with the subscription's context marked. */
  private static String markSeenAfterPublishOn() {
    Context marked = Context.current().with(MARK, "the-subscription's");
    return Mono.just(1).publishOn(Schedulers.parallel())
        .map(i -> String.valueOf(Context.current().get(MARK)))
        .contextWrite(c -> c.put(GalileoWebFluxAutoConfiguration.CONTEXT_KEY, marked))
        .block();
  }

  @Test
  void thePropertyDecidesWhetherTheGlobalHookIsTurnedOn() {
    runner.withPropertyValues("galileo.reactor.automatic-context-propagation=false").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(GalileoWebFluxAutoConfiguration.class);
      assertThat(markSeenAfterPublishOn()).isEqualTo("null");
    });
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(markSeenAfterPublishOn()).isEqualTo("the-subscription's");
    });
  }
}
