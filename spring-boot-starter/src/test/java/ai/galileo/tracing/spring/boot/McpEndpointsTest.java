package ai.galileo.tracing.spring.boot;

import static ai.galileo.tracing.spring.boot.Spans.named;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.spring.boot.internal.McpEndpoints;
import ai.galileo.tracing.testing.InMemorySpanExporter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP server tracing leaves MCP endpoints to the MCP server handler, which continues the
 * caller's trace from {@code params._meta} (so each {@code POST /mcp} no longer starts a stray trace
 * of its own), on real Tomcat (Spring MVC) and real Netty (WebFlux): the endpoint's handler runs
 * outside any span and its answer names no span, while every other path is traced as before. The
 * whole MCP path with Spring AI's MCP server (its endpoint properties) is in galileo-spring-ai's
 * McpTest.
 */
class McpEndpointsTest {
  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  /** Whether a span was current in the /mcp handler, one entry per request. */
  static final List<Boolean> SPAN_IN_HANDLER = new CopyOnWriteArrayList<>();

  /** A caller's trace: a server span that continues it names itself in X-Galileo-Span-ID. */
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private ConfigurableApplicationContext app;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Endpoints.class)
  static class App {
    @Bean
    SpanExporter spans() {
      return SPANS;
    }
  }

  /** Stands in for an MCP server's endpoint (the path is what matters to the filter) and a plain one. */
  @RestController
  static class Endpoints {
    @PostMapping("/mcp")
    String mcp() {
      SPAN_IN_HANDLER.add(Context.current().span().context().isValid());
      return "{}";
    }

    @GetMapping("/plain")
    String plain() {
      return "plain";
    }
  }

  @BeforeEach
  void reset() {
    SPANS.reset();
    SPAN_IN_HANDLER.clear();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private String start(String webApplicationType, String... properties) {
    app = new SpringApplicationBuilder(App.class)
        .properties("spring.application.name=tools", "spring.main.web-application-type=" + webApplicationType,
            "server.port=0", "server.address=127.0.0.1", "galileo.reactor.automatic-context-propagation=false")
        .properties(properties)
        .run();
    return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
  }

  private static HttpResponse<String> post(String url) throws Exception {
    // A caller's headers, which the MCP handler is to read only when _meta carries no trace.
    return Spans.HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("traceparent", TRACEPARENT)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void springMvcLeavesTheMcpEndpointToTheMcpHandlerAndTracesEveryOtherPath() throws Exception {
    String url = start("servlet", "galileo.mcp.server.endpoints=/mcp");
    assertLeftToTheMcpHandler(url);
  }

  @Test
  void webFluxLeavesTheMcpEndpointToTheMcpHandlerAndTracesEveryOtherPath() throws Exception {
    String url = start("reactive", "galileo.mcp.server.endpoints=mcp/");
    assertLeftToTheMcpHandler(url);
  }

  @Test
  void withTheMcpServerSideNotTracedTheEndpointIsAnHttpServerSpanAsBefore() throws Exception {
    String url = start("servlet", "galileo.mcp.server.endpoints=/mcp", "galileo.mcp.server.enabled=false");
    HttpResponse<String> mcp = post(url + "/mcp");
    assertThat(mcp.statusCode()).isEqualTo(200);
    assertThat(mcp.headers().firstValue("X-Galileo-Span-ID")).isPresent();
    assertThat(SPAN_IN_HANDLER).containsExactly(true);
  }

  private void assertLeftToTheMcpHandler(String url) throws Exception {
    HttpResponse<String> mcp = post(url + "/mcp");
    assertThat(mcp.statusCode()).isEqualTo(200);
    assertThat(mcp.headers().firstValue("X-Galileo-Span-ID")).as("no HTTP server span").isEmpty();
    assertThat(SPAN_IN_HANDLER).as("no span current in the MCP endpoint's handler").containsExactly(false);

    HttpResponse<String> plain = Spans.get(url + "/plain", "traceparent", TRACEPARENT);
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("X-Galileo-Span-ID")).isPresent();
    List<SpanData> spans = Spans.await(List.of(app), List.of(SPANS), named("GET /plain"));
    assertThat(spans).extracting(SpanData::name).doesNotContain("POST /mcp");
  }

  @Test
  void theEndpointsComeFromGalileosPropertyWhenTheMcpServerSideIsTraced() {
    McpEndpoints endpoints = McpEndpoints.from(environment(Map.of(McpEndpoints.PROPERTY, "/mcp, tools/sse/ ,")),
        getClass().getClassLoader());
    assertThat(endpoints.paths()).containsExactlyInAnyOrder("/mcp", "/tools/sse");
    assertThat(endpoints.contains("/mcp/")).isTrue();
    assertThat(endpoints.contains("/mcp/other")).isFalse();
    assertThat(endpoints.contains(null)).isFalse();

    for (String off : List.of("galileo.mcp.enabled", "galileo.mcp.server.enabled")) {
      assertThat(McpEndpoints.from(environment(Map.of(McpEndpoints.PROPERTY, "/mcp", off, "false")),
          getClass().getClassLoader()).isEmpty()).as(off).isTrue();
    }
    // Spring AI's MCP server is not on this module's class path: its defaults are not taken.
    assertThat(McpEndpoints.from(environment(Map.of()), getClass().getClassLoader()).isEmpty()).isTrue();
  }

  private static StandardEnvironment environment(Map<String, Object> properties) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return env;
  }
}
