package ai.galileo.tracing.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.adk.GalileoAdk;
import ai.galileo.tracing.langchain4j.GalileoLangChain4j;
import com.google.adk.plugins.BasePlugin;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The integrations' beans, registered when their jars are on the class path. */
class IntegrationsTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(GalileoAutoConfiguration.class,
          GalileoLangChain4jAutoConfiguration.class, GalileoAdkAutoConfiguration.class))
      .withPropertyValues("galileo.exporter=none");

  @Test
  void langChain4jGetsGalileosChatModelListenerAsABean() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(GalileoLangChain4j.class);
      assertThat(context.getBeansOfType(ChatModelListener.class)).containsOnlyKeys("galileoChatModelListener");
      assertThat(context.getBean(ChatModelListener.class))
          .isSameAs(context.getBean(GalileoLangChain4j.class).chatModelListener());
    });
  }

  @Test
  void noListenerWithoutLangChain4jOrWhenTurnedOff() {
    runner.withClassLoader(new FilteredClassLoader("dev.langchain4j"))
        .run(context -> assertThat(context.getBeanNamesForType(GalileoLangChain4j.class)).isEmpty());
    runner.withPropertyValues("galileo.langchain4j.enabled=false")
        .run(context -> assertThat(context.getBeanNamesForType(ChatModelListener.class)).isEmpty());
    runner.withPropertyValues("galileo.enabled=false")
        .run(context -> assertThat(context.getBeanNamesForType(ChatModelListener.class)).isEmpty());
  }

  @Test
  void adkGetsGalileosPluginAsABeanForItsRunner() {
    runner.run(context -> {
      assertThat(context.getBeansOfType(BasePlugin.class)).containsOnlyKeys("galileoAdkPlugin");
      assertThat(context.getBean(BasePlugin.class).getName()).isEqualTo(GalileoAdk.PLUGIN_NAME);
    });
  }

  @Test
  void noAdkPluginWithoutAdkOrWhenTurnedOff() {
    runner.withClassLoader(new FilteredClassLoader("com.google.adk"))
        .run(context -> assertThat(context.getBeanNamesForType(BasePlugin.class)).isEmpty());
    runner.withPropertyValues("galileo.adk.enabled=false")
        .run(context -> assertThat(context.getBeanNamesForType(BasePlugin.class)).isEmpty());
    runner.withPropertyValues("galileo.enabled=false")
        .run(context -> assertThat(context.getBeanNamesForType(BasePlugin.class)).isEmpty());
  }
}
