package ai.galileo.tracing.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.springai.internal.GalileoSpringAiAutoConfiguration;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** What the auto-configuration declares, with and without Spring Boot's own observation set-up. */
class AutoConfigurationTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  /** Spring Boot's observation auto-configuration: Actuator's in Boot 3, its own module in Boot 4. */
  private static final String BOOT_OBSERVATION = SpringAiApp.SPRING_AI_2
      ? "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
      : "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration";

  private final ApplicationContextRunner galileoAlone = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(GalileoSpringAiAutoConfiguration.class));

  private static void observeATool(ApplicationContext context) {
    ToolCallingObservationContext clock = ToolCallingObservationContext.builder()
        .toolDefinition(ToolDefinition.builder().name("clock").description("clock").inputSchema("{}").build())
        .toolCallArguments("{}")
        .build();
    Observation.createNotStarted("spring.ai.tool", () -> clock, context.getBean(ObservationRegistry.class))
        .observe(() -> clock.setToolCallResult("noon"));
  }

  @Test
  void springBootFindsTheAutoConfigurationInTheJar() {
    List<String> candidates = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
        .getCandidates();
    assertThat(candidates).contains(GalileoSpringAiAutoConfiguration.class.getName());
  }

  @Test
  void withSpringBootsObservationSetUpTheHandlerJoinsTheApplicationsRegistry() throws Exception {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Class.forName(BOOT_OBSERVATION), GalileoSpringAiAutoConfiguration.class))
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(ObservationRegistry.class)
              .doesNotHaveBean("galileoObservationRegistry").hasSingleBean(GalileoSpringAi.class);
          observeATool(context);
        });
    assertThat(tracing.spans("clock")).extracting(s -> s.type()).containsExactlyInAnyOrder(SpanType.TOOL, SpanType.TRACE);
  }

  @Test
  void withoutAnObservationRegistryItProvidesOneCarryingTheHandler() {
    galileoAlone.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(ObservationRegistry.class)
          .hasBean("galileoObservationRegistry");
      observeATool(context);
    });
    assertThat(tracing.spans("clock")).extracting(s -> s.type()).containsExactlyInAnyOrder(SpanType.TOOL, SpanType.TRACE);
  }

  @Test
  void galileoSpringAiEnabledFalseTurnsItAllOff() {
    galileoAlone.withPropertyValues("galileo.spring-ai.enabled=false").run(context -> assertThat(context)
        .hasNotFailed()
        .doesNotHaveBean(GalileoSpringAi.class)
        .doesNotHaveBean(ObservationHandler.class)
        .doesNotHaveBean(ObservationRegistry.class));
  }

  @Test
  void theStartersOffSwitchGalileoEnabledFalseTurnsItOffToo() {
    galileoAlone.withPropertyValues("galileo.enabled=false").run(context -> assertThat(context)
        .hasNotFailed()
        .doesNotHaveBean(GalileoSpringAi.class)
        .doesNotHaveBean(ObservationHandler.class));
  }

  @Test
  void anApplicationsOwnGalileoSpringAiIsTheOneUsed() {
    GalileoSpringAi mine = GalileoSpringAi.create(tracing.tracer());
    galileoAlone.withBean(GalileoSpringAi.class, () -> mine).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(GalileoSpringAi.class);
      assertThat(context.getBean(GalileoSpringAi.class)).isSameAs(mine);
      assertThat(context.getBean("galileoSpringAiObservationHandler")).isSameAs(mine.observationHandler());
    });
  }
}
