package ai.galileo.tracing.springai;

import ai.galileo.tracing.testing.openai.FakeOpenAi;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application as a user writes one: Spring AI's OpenAI starter pieces, set up by
 * properties and pointed at the fake OpenAI server, and galileo-spring-ai on the class path, found
 * by Spring Boot. The same code runs on Spring AI 1.1 with Boot 3.5 and on Spring AI 2.0 with Boot 4.
 */
final class SpringAiApp implements AutoCloseable {
  /** Spring AI 2.x: its OpenAI model is built on OpenAI's Java SDK, whose base URL ends in /v1. */
  static final boolean SPRING_AI_2 = !present("org.springframework.ai.openai.api.OpenAiApi");

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}

  private final ConfigurableApplicationContext context;

  private SpringAiApp(ConfigurableApplicationContext context) {
    this.context = context;
  }

  static SpringAiApp start(FakeOpenAi openAi, String... properties) {
    return start(openAi, null, properties);
  }

  /**
   * With the application's own {@link GalileoSpringAi} bean (logging with a tracer of its own),
   * which the auto-configuration uses instead of its default one; null for the default.
   */
  static SpringAiApp start(FakeOpenAi openAi, GalileoSpringAi galileo, String... properties) {
    return start(WebApplicationType.NONE, List.of(), openAi, galileo, properties);
  }

  /** An application of the given kind with more configuration classes; later properties win. */
  static SpringAiApp start(WebApplicationType web, List<Class<?>> sources, FakeOpenAi openAi,
      String... properties) {
    return start(web, sources, openAi, null, properties);
  }

  private static SpringAiApp start(WebApplicationType web, List<Class<?>> sources,
      FakeOpenAi openAi, GalileoSpringAi galileo, String... properties) {
    List<String> all = new ArrayList<>(List.of(
        "spring.main.banner-mode=off",
        "spring.ai.openai.base-url=" + (SPRING_AI_2 ? openAi.baseUrl() : openAi.url()),
        "spring.ai.openai.api-key=" + openAi.apiKey(),
        "spring.ai.openai.chat.options.model=gpt-4o-mini",
        "spring.ai.openai.chat.options.temperature=0.2",
        "spring.ai.openai.embedding.options.model=text-embedding-3-small",
        // One attempt per call, so an error reaches the caller (and the span) at once.
        "spring.ai.retry.max-attempts=1",
        "spring.ai.openai.max-retries=0",
        "spring.ai.model.image=none",
        "spring.ai.model.audio.speech=none",
        "spring.ai.model.audio.transcription=none",
        "spring.ai.model.moderation=none",
        // Spring AI's MCP starters and galileo-spring-boot-starter are on the test class path for
        // McpTest alone: the other tests run without them (and with the test's own tracer).
        "spring.ai.mcp.client.enabled=false",
        "spring.ai.mcp.server.enabled=false",
        "spring.autoconfigure.exclude=ai.galileo.tracing.spring.boot.GalileoAutoConfiguration"));
    all.addAll(List.of(properties));
    List<Class<?>> classes = new ArrayList<>(List.of(Application.class));
    classes.addAll(sources);
    SpringApplicationBuilder builder = new SpringApplicationBuilder(classes.toArray(Class<?>[]::new))
        .web(web)
        .properties(all.toArray(String[]::new));
    if (galileo != null) {
      builder.initializers(context -> context.getBeanFactory().registerSingleton("galileoSpringAi", galileo));
    }
    return new SpringAiApp(builder.run());
  }

  ChatClient chatClient() {
    return context.getBean(ChatClient.Builder.class).build();
  }

  ChatModel chatModel() {
    return context.getBean(ChatModel.class);
  }

  EmbeddingModel embeddingModel() {
    return context.getBean(EmbeddingModel.class);
  }

  ObservationRegistry observationRegistry() {
    return context.getBean(ObservationRegistry.class);
  }

  SimpleVectorStore vectorStore() {
    return SimpleVectorStore.builder(embeddingModel()).observationRegistry(observationRegistry()).build();
  }

  String property(String name) {
    return context.getEnvironment().getProperty(name);
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }

  static boolean present(String className) {
    try {
      Class.forName(className, false, SpringAiApp.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
