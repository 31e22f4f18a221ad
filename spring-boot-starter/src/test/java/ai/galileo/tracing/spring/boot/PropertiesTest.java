package ai.galileo.tracing.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.redaction.RedactionMode;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The galileo.* properties: what they configure, the off switch, the failure analysis, the IDE metadata. */
@ExtendWith(OutputCaptureExtension.class)
class PropertiesTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(GalileoAutoConfiguration.class,
          GalileoRestClientAutoConfiguration.class, GalileoWebFluxAutoConfiguration.class))
      .withPropertyValues("galileo.exporter=none");

  @Test
  void redactionPropertiesChooseTheModeAndTheRedactors() {
    runner.withPropertyValues("galileo.redaction=mask", "galileo.redactors=email,card")
        .run(context -> {
          GalileoConfig config = context.getBean(GalileoConfig.class);
          assertThat(config.redaction()).isEqualTo(RedactionMode.MASK);
          assertThat(config.redactors()).containsExactly("email", "card");
        });
  }

  @Test
  void anUnknownRedactorFailsTheStartWithItsName() {
    runner.withPropertyValues("galileo.redaction=fields", "galileo.redactors=email,company")
        .run(context -> assertThat(context).hasFailed()
            .getFailure().rootCause().hasMessageContaining("Unknown redactor 'company'"));
  }

  @Test
  void propertiesFeedTheConfiguration() {
    runner.withPropertyValues("spring.application.name=orders", "galileo.mode=distributed",
            "galileo.project=rag-demo", "galileo.log-stream=prod", "galileo.api-url=http://127.0.0.1:9/v2",
            "galileo.propagators=tracecontext,galileo", "galileo.server-trust=link",
            "galileo.queue-size=64", "galileo.export-max-in-flight=3", "galileo.export-delay=250ms",
            "galileo.retry.max-attempts=2",
            "galileo.retry.max-elapsed=3s", "galileo.completion-timeout=2s")
        .run(context -> {
          GalileoConfig config = context.getBean(GalileoConfig.class);
          assertThat(config.mode()).isEqualTo(Mode.DISTRIBUTED);
          assertThat(config.project()).isEqualTo("rag-demo");
          assertThat(config.logStream()).isEqualTo("prod");
          assertThat(config.serviceName()).isEqualTo("orders");
          assertThat(config.apiUrl()).hasToString("http://127.0.0.1:9/v2");
          assertThat(config.propagators()).containsExactly("tracecontext", "galileo");
          assertThat(config.values().get("GALILEO_SERVER_TRUST")).isEqualTo("link");
          assertThat(config.values().get("GALILEO_QUEUE_SIZE")).isEqualTo("64");
          assertThat(config.values().get("GALILEO_EXPORT_MAX_IN_FLIGHT")).isEqualTo("3");
          assertThat(config.values().get("GALILEO_EXPORT_DELAY_MS")).isEqualTo("250");
          assertThat(config.values().get("GALILEO_RETRY_MAX_ATTEMPTS")).isEqualTo("2");
          assertThat(config.values().get("GALILEO_RETRY_MAX_ELAPSED_MS")).isEqualTo("3000");
          assertThat(config.values().get("GALILEO_COMPLETION_TIMEOUT_MS")).isEqualTo("2000");
          GalileoTracer tracer = context.getBean(GalileoTracer.class);
          assertThat(tracer.config()).isSameAs(config);
          assertThat(Galileo.tracer()).isSameAs(tracer);
        });
  }

  @Test
  void serviceNameWinsOverTheApplicationName() {
    runner.withPropertyValues("spring.application.name=orders", "galileo.service-name=billing")
        .run(context -> assertThat(context.getBean(GalileoConfig.class).serviceName()).isEqualTo("billing"));
  }

  @Test
  void theSdkSpellingInTheProcessWinsOverTheApplicationsFiles() {
    // -DGALILEO_PROJECT is not a Spring property; as everywhere in Spring, what the process is
    // given wins over the application's own configuration.
    System.setProperty("GALILEO_PROJECT", "from-the-process");
    try {
      runner.withPropertyValues("galileo.project=from-the-application", "galileo.log-stream=from-the-application")
          .run(context -> {
            GalileoConfig config = context.getBean(GalileoConfig.class);
            assertThat(config.project()).isEqualTo("from-the-process");
            assertThat(config.logStream()).isEqualTo("from-the-application");
          });
    } finally {
      System.clearProperty("GALILEO_PROJECT");
    }
  }

  @Test
  void offSwitchLeavesEveryBeanOut() {
    runner.withPropertyValues("galileo.enabled=false")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBeanNamesForType(GalileoTracer.class)).isEmpty();
          assertThat(context.getBeanNamesForType(GalileoConfig.class)).isEmpty();
          assertThat(context.getBeanDefinitionNames()).noneMatch(name -> name.startsWith("galileo"));
        });
  }

  @Test
  void aWrongValueFailsStartUpWithAnAnalysisNamingThePropertyAndTheAllowedValues(CapturedOutput output) {
    SpringApplication app = new SpringApplication(Bare.class);
    app.setDefaultProperties(java.util.Map.of("galileo.mode", "sideways", "galileo.exporter", "none",
        "spring.main.web-application-type", "none"));
    assertThatThrownBy(app::run).hasRootCauseInstanceOf(IllegalArgumentException.class);
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains("galileo.mode (GALILEO_MODE) \"sideways\" (from galileo.mode)")
        .contains("allowed values are batch, distributed")
        .contains("Update galileo.mode");
  }

  @Test
  void aWrongExporterOrTrustPolicyFailsStartUpToo() {
    runner.withPropertyValues("galileo.server-trust=sometimes")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("GALILEO_SERVER_TRUST").hasMessageContaining("continue"));
    runner.withPropertyValues("galileo.exporter=carrier-pigeon")
        .run(context -> assertThat(context).getFailure()
            .hasStackTraceContaining("galileo.exporter").hasStackTraceContaining("carrier-pigeon"));
  }

  @Test
  void theIdeMetadataListsTheProperties() throws Exception {
    List<URL> all = Collections.list(getClass().getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"));
    URL ours = all.stream().filter(u -> !u.toString().contains(".jar!")).findFirst()
        .orElseGet(() -> all.stream().filter(u -> u.toString().contains("galileo-spring-boot-starter")).findFirst()
            .orElseThrow());
    String json;
    try (InputStream in = ours.openStream()) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(json).contains("\"galileo.enabled\"", "\"galileo.mode\"", "\"galileo.api-url\"",
        "\"galileo.api-key\"", "\"galileo.project\"", "\"galileo.log-stream\"", "\"galileo.propagators\"",
        "\"galileo.server-trust\"", "\"galileo.exporter\"", "\"galileo.queue-size\"",
        "\"galileo.export-max-in-flight\"",
        "\"galileo.retry.max-attempts\"", "\"galileo.service-name\"", "\"galileo.client-spans\"",
        "\"galileo.health.down-when-unreachable\"", "\"galileo.reactor.automatic-context-propagation\"");
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Bare {}
}
