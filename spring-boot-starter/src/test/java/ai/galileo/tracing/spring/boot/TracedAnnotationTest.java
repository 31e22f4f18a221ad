package ai.galileo.tracing.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.annotation.NotCaptured;
import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.InMemorySpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code @Traced} methods of Spring beans, in real application contexts with Spring AOP's proxies. */
class TracedAnnotationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class,
          GalileoAutoConfiguration.class, GalileoAnnotationsAutoConfiguration.class))
      .withUserConfiguration(Beans.class)
      .withPropertyValues("galileo.exporter=none", "spring.application.name=annotated");

  private static List<SpanData> spans(ApplicationContext context) {
    context.getBean(GalileoTracer.class).flush(Duration.ofSeconds(10));
    return context.getBean(InMemorySpanExporter.class).finishedSpans();
  }

  private static SpanData span(ApplicationContext context, String name) {
    return Spans.one(spans(context), Spans.named(name));
  }

  @Test
  void aBeansAnnotatedMethodIsASpanWithItsArgumentsAndResult() {
    runner.run(context -> {
      assertThat(context.getBean(Agent.class).answer("moons of Jupiter")).isEqualTo("4 moons");

      SpanData span = span(context, "Agent.answer");
      assertThat(span.type()).isEqualTo(SpanType.AGENT);
      assertThat(span.input().asText()).isEqualTo("{\"question\":\"moons of Jupiter\"}");
      assertThat(span.output().asText()).isEqualTo("4 moons");
    });
  }

  @Test
  void nestedBeansMakeParentAndChildSpansInOneTraceAndSelfInvocationMakesNone() {
    runner.run(context -> {
      context.getBean(Agent.class).answer("moons of Jupiter");

      List<SpanData> all = spans(context);
      SpanData agent = Spans.one(all, Spans.named("Agent.answer"));
      SpanData search = Spans.one(all, Spans.named("search"));
      assertThat(search.type()).isEqualTo(SpanType.RETRIEVER);
      assertThat(search.parentId()).isEqualTo(agent.spanId());
      assertThat(search.traceId()).isEqualTo(agent.traceId());
      assertThat(search.output().asText()).isEqualTo("[\"Io\",\"Europa\",\"Ganymede\",\"Callisto\"]");
      // answer() calls this.format(), which is annotated but not reached through the proxy
      assertThat(all).noneMatch(s -> s.name().equals("Agent.format"));
    });
  }

  @Test
  void aNotCapturedParameterIsAbsentFromTheInput() {
    runner.run(context -> {
      context.getBean(Agent.class).login("galileo", "s3cret-password");

      String input = span(context, "Agent.login").input().asText();
      assertThat(input).isEqualTo("{\"user\":\"galileo\"}").doesNotContain("s3cret");
    });
  }

  @Test
  void anExceptionIsRecordedAndReachesTheCallerUnchanged() {
    runner.run(context -> {
      assertThatThrownBy(() -> context.getBean(Agent.class).fail())
          .isSameAs(Agent.FAILURE);

      SpanData span = span(context, "Agent.fail");
      assertThat(span.metadata()).containsEntry("error.type", IllegalStateException.class.getName());
      assertThat(span.statusCode()).isEqualTo(500);
    });
  }

  @Test
  void aCompletableFutureEndsTheSpanWhenItCompletesAndIsTheMethodsOwn() {
    runner.run(context -> {
      Agent agent = context.getBean(Agent.class);
      CompletableFuture<String> returned = agent.later("q");

      assertThat(returned).isSameAs(agent.pending());
      assertThat(spans(context)).noneMatch(s -> s.name().equals("Agent.later"));
      agent.pending().complete("ready");

      assertThat(span(context, "Agent.later").output().asText()).isEqualTo("ready");
    });
  }

  @Test
  void monoAndFluxEndTheSpanWhenTheyTerminate() {
    runner.run(context -> {
      Agent agent = context.getBean(Agent.class);
      Mono<String> mono = agent.mono("io");
      Flux<String> flux = agent.flux();
      assertThat(spans(context)).noneMatch(s -> s.name().startsWith("Agent."));

      assertThat(mono.block()).isEqualTo("IO");
      assertThat(flux.collectList().block()).containsExactly("a", "b", "c");

      assertThat(span(context, "Agent.mono").output().asText()).isEqualTo("IO");
      assertThat(span(context, "Agent.flux").metadata()).containsEntry("items", "3");
    });
  }

  @Test
  void anAnnotationOnAnInterfaceMethodTracesTheImplementation() {
    runner.run(context -> {
      assertThat(context.getBean(Tool.class).run("x")).isEqualTo("ran x");

      SpanData span = span(context, "Tool.run");
      assertThat(span.type()).isEqualTo(SpanType.TOOL);
      assertThat(span.input().asText()).isEqualTo("{\"argument\":\"x\"}");
    });
  }

  @Test
  void oneInterfaceMethodOnBeansOfTwoClassesIsResolvedForEachClass() {
    runner.withUserConfiguration(SecondTool.class).run(context -> {
      Tool echo = context.getBean("tool", Tool.class);
      Tool shout = context.getBean("shoutTool", Tool.class);

      assertThat(echo.run("a")).isEqualTo("ran a");
      assertThat(shout.run("b")).isEqualTo("B!");
      assertThat(echo.run("c")).isEqualTo("ran c");

      List<SpanData> all = spans(context);
      assertThat(all.stream().filter(Spans.named("Tool.run")))
          .extracting(d -> d.input().asText())
          .containsExactly("{\"argument\":\"a\"}", "{\"argument\":\"c\"}");
      SpanData shouted = span(context, "shout");
      assertThat(shouted.type()).isEqualTo(SpanType.RETRIEVER);
      assertThat(shouted.output().asText()).isEqualTo("B!");
    });
  }

  @Test
  void theSwitchLeavesTheAdvisorOutAndTheBeansUnproxied() {
    runner.withPropertyValues("galileo.annotations.enabled=false").run(context -> {
      assertThat(context).doesNotHaveBean(Advisor.class);
      assertThat(AopUtils.isAopProxy(context.getBean(Agent.class))).isFalse();
      context.getBean(Agent.class).answer("q");
      assertThat(spans(context)).isEmpty();
    });
    runner.withPropertyValues("galileo.enabled=false").run(context -> {
      assertThat(context).doesNotHaveBean(Advisor.class);
      assertThat(AopUtils.isAopProxy(context.getBean(Agent.class))).isFalse();
    });
  }

  @Test
  void aSpringBootApplicationGetsTheAspectFromTheStarterAlone() {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .properties("galileo.exporter=none", "spring.application.name=annotated-app")
        .run()) {
      context.getBean(Agent.class).answer("moons of Jupiter");

      List<SpanData> all = spans(context);
      assertThat(all).anyMatch(Spans.named("Agent.answer"));
      assertThat(all).anyMatch(Spans.named("search"));
    }
  }

  /** A whole Boot application: every auto-configuration the class path offers. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Beans.class)
  static class App {}

  @Configuration(proxyBeanMethods = false)
  static class Beans {
    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
      return InMemorySpanExporter.create();
    }

    @Bean
    Retriever retriever() {
      return new Retriever();
    }

    @Bean
    Agent agent(Retriever retriever) {
      return new Agent(retriever);
    }

    @Bean
    Tool tool() {
      return new EchoTool();
    }
  }

  /** A bean with annotated methods. */
  public static class Agent {
    static final IllegalStateException FAILURE = new IllegalStateException("model unavailable");
    private final Retriever retriever;
    private final CompletableFuture<String> pending = new CompletableFuture<>();

    public Agent(Retriever retriever) {
      this.retriever = retriever;
    }

    @Traced(type = SpanType.AGENT)
    public String answer(String question) {
      return format(retriever.search(question));
    }

    @Traced
    public String format(List<String> passages) {
      return passages.size() + " moons";
    }

    @Traced
    public String login(String user, @NotCaptured String password) {
      return "ok";
    }

    @Traced
    public String fail() {
      throw FAILURE;
    }

    /** Through a method: the proxy's own fields are not the bean's. */
    public CompletableFuture<String> pending() {
      return pending;
    }

    @Traced
    public CompletableFuture<String> later(String question) {
      return pending;
    }

    @Traced
    public Mono<String> mono(String word) {
      return Mono.fromSupplier(word::toUpperCase);
    }

    @Traced
    public Flux<String> flux() {
      return Flux.just("a", "b", "c");
    }
  }

  /** Another bean, called by {@link Agent}. */
  public static class Retriever {
    @Traced(name = "search", type = SpanType.RETRIEVER)
    public List<String> search(String query) {
      return List.of("Io", "Europa", "Ganymede", "Callisto");
    }
  }

  /** A tool whose interface carries the annotation. */
  public interface Tool {
    @Traced(type = SpanType.TOOL)
    String run(String argument);
  }

  /** A second implementation of {@link Tool}, whose own method carries the annotation. */
  @Configuration(proxyBeanMethods = false)
  static class SecondTool {
    @Bean
    Tool shoutTool() {
      return new ShoutTool();
    }
  }

  /** Traced under a name of its own. */
  public static class ShoutTool implements Tool {
    @Override
    @Traced(name = "shout", type = SpanType.RETRIEVER)
    public String run(String argument) {
      return argument.toUpperCase(java.util.Locale.ROOT) + "!";
    }
  }

  /** The implementation, unannotated. */
  public static class EchoTool implements Tool {
    @Override
    public String run(String argument) {
      return "ran " + argument;
    }
  }
}
