package ai.galileo.tracing.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.testing.InMemorySpanExporter;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Quiet defaults over real HTTP: Actuator and probe requests make no traces, and calls to hosts
 * that get no tracing headers (model providers by default) carry none.
 */
class QuietDefaultsTest {
  /** Path to whether a span was current while it was handled. */
  static final Map<String, Boolean> TRACED = new ConcurrentHashMap<>();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Probes.class)
  static class App {
    @Bean
    SpanExporter quietSpans() {
      return InMemorySpanExporter.create();
    }

    @Bean
    RecordingEndpoint recordingEndpoint() {
      return new RecordingEndpoint();
    }
  }

  /**
   * An Actuator endpoint that notes whether it ran inside a trace: the endpoint annotations are
   * the same on Boot 3.5 and 4.0, where the health API moved.
   */
  @Endpoint(id = "probe")
  static class RecordingEndpoint {
    @ReadOperation
    public String probe() {
      TRACED.put("actuator", Span.current().context().isValid());
      return "up";
    }
  }

  @RestController
  static class Probes {
    @GetMapping("/healthz")
    String healthz() {
      TRACED.put("/healthz", Span.current().context().isValid());
      return "ok";
    }

    @GetMapping("/internal/stats")
    String stats() {
      TRACED.put("/internal/stats", Span.current().context().isValid());
      return "ok";
    }

    @GetMapping("/hello")
    String hello() {
      TRACED.put("/hello", Span.current().context().isValid());
      return "hello";
    }
  }

  private HttpServer provider;
  /** The tracing headers each request to the fake provider carried. */
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startProvider() throws Exception {
    TRACED.clear();
    provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    provider.createContext("/v1/chat/completions", exchange -> {
      received.add("trace=" + exchange.getRequestHeaders().getFirst("X-Galileo-Trace-ID")
          + " parent=" + exchange.getRequestHeaders().getFirst("X-Galileo-Parent-ID")
          + " traceparent=" + exchange.getRequestHeaders().getFirst("traceparent"));
      byte[] body = "{}".getBytes();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    provider.start();
  }

  @AfterEach
  void stopProvider() {
    provider.stop(0);
  }

  private static ConfigurableApplicationContext start(String... more) {
    return new SpringApplicationBuilder(App.class).properties(
        "spring.main.web-application-type=servlet", "server.port=0", "server.address=127.0.0.1",
        "spring.application.name=quiet", "galileo.propagators=galileo,tracecontext",
        "management.endpoints.web.exposure.include=health,probe").properties(more).run();
  }

  private static String url(ConfigurableApplicationContext context, String path) {
    return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path;
  }

  private String providerUrl() {
    return "http://127.0.0.1:" + provider.getAddress().getPort() + "/v1/chat/completions";
  }

  /** Calls the provider through Boot's RestClient and WebClient builders, inside a trace. */
  private void callProvider(ConfigurableApplicationContext context) {
    RestClient rest = context.getBean(RestClient.Builder.class).build();
    WebClient web = context.getBean(WebClient.Builder.class).build();
    Span trace = context.getBean(Tracer.class).traceBuilder("chat").start();
    try (Scope scope = trace.makeCurrent()) {
      rest.post().uri(providerUrl()).body("{}").retrieve().body(String.class);
      web.post().uri(providerUrl()).bodyValue("{}").retrieve().bodyToMono(String.class).block();
    } finally {
      trace.end();
    }
  }

  @Test
  void actuatorAndProbeRequestsRunOutsideAnyTraceWhileOtherRequestsAreTraced() throws Exception {
    try (ConfigurableApplicationContext context = start()) {
      assertThat(Spans.get(url(context, "/hello")).statusCode()).isEqualTo(200);
      assertThat(Spans.get(url(context, "/actuator/probe")).statusCode()).isEqualTo(200);
      assertThat(Spans.get(url(context, "/healthz")).statusCode()).isEqualTo(200);
    }
    assertThat(TRACED).containsEntry("actuator", false).containsEntry("/healthz", false)
        .containsEntry("/hello", true);
  }

  @Test
  void inWebFluxActuatorAndProbeRequestsRunOutsideAnyTraceToo() throws Exception {
    try (ConfigurableApplicationContext context = start("spring.main.web-application-type=reactive")) {
      assertThat(context.getBean(org.springframework.web.server.WebFilter.class).getClass().getSimpleName())
          .isEqualTo("TracingWebFilter");
      assertThat(Spans.get(url(context, "/actuator/probe")).statusCode()).isEqualTo(200);
      assertThat(Spans.get(url(context, "/healthz")).statusCode()).isEqualTo(200);
      assertThat(Spans.get(url(context, "/hello")).statusCode()).isEqualTo(200);
    }
    assertThat(TRACED).containsEntry("actuator", false).containsEntry("/healthz", false)
        .containsEntry("/hello", true);
  }

  @Test
  void configuredPathsAreExcludedAndTheDefaultsCanBeTurnedOff() throws Exception {
    try (ConfigurableApplicationContext context = start("galileo.server.exclude=/internal/**",
        "galileo.server.exclude-defaults=false")) {
      Spans.get(url(context, "/actuator/probe"));
      Spans.get(url(context, "/healthz"));
      Spans.get(url(context, "/internal/stats"));
    }
    assertThat(TRACED).containsEntry("actuator", true).containsEntry("/healthz", true)
        .containsEntry("/internal/stats", false);
  }

  @Test
  void requestsOnASeparateManagementPortRunOutsideAnyTrace() throws Exception {
    try (ConfigurableApplicationContext context = start("management.server.port=0",
        "management.server.address=127.0.0.1", "management.endpoints.web.base-path=/manage")) {
      String port = context.getEnvironment().getProperty("local.management.port");
      assertThat(Spans.get("http://127.0.0.1:" + port + "/manage/probe").statusCode()).isEqualTo(200);
    }
    assertThat(TRACED).containsEntry("actuator", false);
  }

  @Test
  void aHostOnTheNoPropagateListReceivesNoTracingHeadersFromRestClientOrWebClient() {
    try (ConfigurableApplicationContext context = start("galileo.client.no-propagate-hosts=127.0.0.1")) {
      callProvider(context);
    }
    assertThat(received).containsExactly("trace=null parent=null traceparent=null",
        "trace=null parent=null traceparent=null");
  }

  @Test
  void aHostOnThePropagateListReceivesTheTracingHeaders() {
    try (ConfigurableApplicationContext context = start("galileo.client.propagate-hosts=localhost,127.0.0.1")) {
      callProvider(context);
    }
    assertThat(received).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain("null"));
  }
}
