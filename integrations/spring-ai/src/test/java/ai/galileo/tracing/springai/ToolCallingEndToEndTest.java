package ai.galileo.tracing.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.galileoapifake.GalileoApiFake;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tool-calling agent of {@link ToolCallingTest} as two services, each with its own tracer
 * exporting over HTTP to the fake Galileo API (which checks every body against Galileo's spec), in
 * batch and in distributed mode: Galileo receives one trace of the exact same shape.
 */
class ToolCallingEndToEndTest {
  private GalileoApiFake api;
  private FakeOpenAi openAi;

  @BeforeEach
  void start() {
    api = GalileoApiFake.start();
    // The project exists, as it does when services start at different times: two tracers starting
    // at once would each create it.
    api.addLogStream(api.addProject(UUID.randomUUID(), "spring-ai-agent"), "tests");
    openAi = FakeOpenAi.start();
  }

  @AfterEach
  void stop() {
    openAi.close();
    api.close();
  }

  /**
   * In batch mode each service sends its spans some time after its own work ends, and the called
   * service's must reach Galileo before the caller's trace, which is sent complete. With a real
   * model the rest of the agent's work (the second model call) takes longer than the called
   * service's export delay; here the caller's longer delay stands in for it. Distributed mode
   * needs no such help: the caller completes its trace only after the called service's span.
   */
  private GalileoTracer tracer(Mode mode, String service, int exportDelayMs) {
    return GalileoTracer.builder()
        .config(GalileoConfig.builder()
            .mode(mode)
            .apiUrl(URI.create(api.baseUrl()))
            .apiKey(api.apiKey())
            .project("spring-ai-agent")
            .logStream("tests")
            .serviceName(service)
            .set("GALILEO_EXPORT_DELAY_MS", Integer.toString(exportDelayMs))
            .build())
        .shutdownHook(false)
        .build();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void galileoReceivesOneTraceWithTheToolsHttpCallAndTheOtherServiceUnderTheTool(Mode mode) throws Exception {
    GalileoTracer assistant = tracer(mode, "assistant", mode == Mode.BATCH ? 5_000 : 20);
    GalileoTracer forecasts = tracer(mode, "forecast-service", 20);
    ToolCallingTest.script(openAi);
    UUID traceId;
    try (ForecastService forecastService = new ForecastService(forecasts);
        SpringAiApp app = SpringAiApp.start(openAi, GalileoSpringAi.create(assistant))) {
      ForecastService.Weather weather = new ForecastService.Weather(assistant, forecastService.uri());
      Span trace = assistant.traceBuilder("ask").start();
      try (Scope scope = trace.makeCurrent()) {
        assertThat(app.chatClient().prompt().user("Weather in Pisa tomorrow?").tools(weather).call().content())
            .isEqualTo("Tomorrow: sunny, 24C in Pisa.");
      } finally {
        trace.end();
      }
      traceId = trace.context().traceId();
    }
    // The called service first, as services stop: the caller completes the trace after its spans.
    DeliveryReceipt called = forecasts.shutdown(Duration.ofSeconds(15));
    DeliveryReceipt caller = assistant.shutdown(Duration.ofSeconds(15));

    assertThat(called.failed()).isZero();
    assertThat(caller.failed()).isZero();
    assertThat(called.sent()).isEqualTo(2);
    api.assertNoViolations();
    assertThat(Trees.of(traceId, api.tracesById(), api.spansById())).isEqualTo(ToolCallingTest.TREE);
    assertThat(api.tracesById().get(traceId).path("is_complete").asBoolean()).isTrue();
  }
}
