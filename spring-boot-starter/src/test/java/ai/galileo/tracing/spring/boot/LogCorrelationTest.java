package ai.galileo.tracing.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** With galileo-logging on the class path, Boot's own log lines show the current span's ids. */
@ExtendWith(OutputCaptureExtension.class)
class LogCorrelationTest {

  @SpringBootConfiguration
  @ImportAutoConfiguration(GalileoAutoConfiguration.class)
  static class App {}

  /** Starts the application with these command-line arguments, as an application's own settings. */
  private static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .properties("galileo.exporter=none", "galileo.propagators=galileo,tracecontext",
            "spring.main.banner-mode=off")
        .run(args);
  }

  @Test
  void bootsDefaultCorrelationPatternShowsTheW3cIdsOfTheCurrentSpan(CapturedOutput output) {
    try (ConfigurableApplicationContext context = start()) {
      assertThat(context.getEnvironment().getProperty("logging.expect-correlation-id")).isEqualTo("true");
      Span span = Galileo.tracer().traceBuilder("answer").start();
      String traceparent;
      try (Scope scope = span.makeCurrent()) {
        traceparent = Galileo.tracer().tracingHeaders().get("traceparent");
        LoggerFactory.getLogger(LogCorrelationTest.class).info("inside the span");
      }
      span.end();

      String[] w3c = traceparent.split("-");
      assertThat(output.getOut().lines().filter(l -> l.contains("inside the span")))
          .singleElement().asString().contains("[" + w3c[1] + "-" + w3c[2] + "]");
    }
  }

  @Test
  void theApplicationsOwnSettingWins() {
    try (ConfigurableApplicationContext context = start("--logging.expect-correlation-id=false")) {
      assertThat(context.getEnvironment().getProperty("logging.expect-correlation-id")).isEqualTo("false");
    }
  }

  @Test
  void galileoDisabledLeavesBootsCorrelationAlone() {
    try (ConfigurableApplicationContext context = start("--galileo.enabled=false")) {
      assertThat(context.getEnvironment().getProperty("logging.expect-correlation-id")).isNull();
    }
  }
}
