package ai.galileo.tracing.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Actuator: the galileo health indicator, the doctor's endpoint and the export meters, over HTTP. */
class ActuatorTest {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  private static ConfigurableApplicationContext start(String apiUrl, String... more) {
    return new SpringApplicationBuilder(App.class).properties(
        "spring.main.web-application-type=servlet", "server.port=0", "server.address=127.0.0.1",
        "spring.application.name=actuated", "galileo.api-url=" + apiUrl,
        "management.endpoints.web.exposure.include=health,galileo,metrics",
        "management.endpoint.health.show-details=always").properties(more).run();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String url(ConfigurableApplicationContext context, String path) {
    return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path;
  }

  @Test
  void healthIsUpWhenTheTargetAnswersAndShowsTheExportState() throws Exception {
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/v2/healthcheck", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    api.start();
    try (ConfigurableApplicationContext context =
        start("http://127.0.0.1:" + api.getAddress().getPort())) {
      HttpResponse<String> health = Spans.get(url(context, "/actuator/health/galileo"));
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"", "\"reachable\":true", "\"dropped\":0",
          "\"queued\":0", "\"mode\":\"batch\"");

      HttpResponse<String> doctor = Spans.get(url(context, "/actuator/galileo"));
      assertThat(doctor.statusCode()).isEqualTo(200);
      assertThat(doctor.body()).contains("Galileo doctor", "\"serviceName\":\"actuated\"", "\"exportStats\"");

      HttpResponse<String> meter = Spans.get(url(context, "/actuator/metrics/galileo.export.spans?tag=outcome:dropped"));
      assertThat(meter.statusCode()).isEqualTo(200);
      assertThat(meter.body()).contains("\"name\":\"galileo.export.spans\"");
      assertThat(Spans.get(url(context, "/actuator/metrics/galileo.export.queued")).statusCode()).isEqualTo(200);
    } finally {
      api.stop(0);
    }
  }

  @Test
  void aTracingOutageLeavesTheHealthUpWithTheErrorInItsDetails() throws Exception {
    // A tracing backend that is down must not make Kubernetes or a load balancer restart or drain
    // the application: the indicator says so in its details only.
    try (ConfigurableApplicationContext context = start("http://127.0.0.1:" + closedPort())) {
      HttpResponse<String> health = Spans.get(url(context, "/actuator/health/galileo"));
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"", "\"reachable\":false", "\"error\"",
          "\"exportStats\"", "\"dropped\"", "\"queued\"");
      HttpResponse<String> overall = Spans.get(url(context, "/actuator/health"));
      assertThat(overall.statusCode()).isEqualTo(200);
      assertThat(overall.body()).doesNotContain("DOWN");
    }
  }

  @Test
  void healthIsDownWhenNothingAnswersAndTheApplicationAskedForIt() throws Exception {
    try (ConfigurableApplicationContext context = start("http://127.0.0.1:" + closedPort(),
        "galileo.health.down-when-unreachable=true")) {
      HttpResponse<String> health = Spans.get(url(context, "/actuator/health/galileo"));
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("\"status\":\"DOWN\"", "\"reachable\":false", "\"error\"");
    }
  }
}
