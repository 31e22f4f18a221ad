package ai.galileo.tracing.spring.boot;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.langchain4j.GalileoLangChain4j;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * LangChain4j, when galileo-langchain4j and LangChain4j are on the class path: Galileo's
 * {@code ChatModelListener} as a bean, which LangChain4j's Spring Boot starters give every chat
 * model they configure (one {@code LLM} span per call; a call an AI Service makes is still logged
 * once). AI Services need nothing here: galileo-langchain4j registers their listeners itself.
 * {@code galileo.langchain4j.enabled=false} leaves the beans out.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = GalileoAutoConfiguration.class)
@ConditionalOnClass(name = {"ai.galileo.tracing.langchain4j.GalileoLangChain4j",
    "dev.langchain4j.model.chat.listener.ChatModelListener"})
@ConditionalOnBean(GalileoTracer.class)
@ConditionalOnBooleanProperty(name = "galileo.langchain4j.enabled", matchIfMissing = true)
public class GalileoLangChain4jAutoConfiguration {
  /** Called by Spring. */
  public GalileoLangChain4jAutoConfiguration() {}

  /** Logs with {@code Galileo.tracer()}, the application's tracer; declare your own to change it. */
  @Bean
  @ConditionalOnMissingBean
  public GalileoLangChain4j galileoLangChain4j() {
    return GalileoLangChain4j.create();
  }

  /** Picked up by LangChain4j's Spring Boot starters for the chat models they configure. */
  @Bean
  public ChatModelListener galileoChatModelListener(GalileoLangChain4j galileo) {
    return galileo.chatModelListener();
  }
}
