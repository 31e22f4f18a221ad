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

  private static ConfigurableApplicationContext start(String apiUrl) {
    return new SpringApplicationBuilder(App.class).properties(
        "spring.main.web-application-type=servlet", "server.port=0", "server.address=127.0.0.1",
        "spring.application.name=actuated", "galileo.api-url=" + apiUrl,
        "management.endpoints.web.exposure.include=health,galileo,metrics",
        "management.endpoint.health.show-details=always").run();
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
  void healthIsDownWhenNothingAnswersAtTheTarget() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    try (ConfigurableApplicationContext context = start("http://127.0.0.1:" + closed)) {
      HttpResponse<String> health = Spans.get(url(context, "/actuator/health/galileo"));
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("\"status\":\"DOWN\"", "\"reachable\":false", "\"error\"");
    }
  }
}
