package ai.galileo.examples.rag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo's model endpoint over HTTP: the extractive answer, the usage, and bad requests. */
class ModelGatewayTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = ModelGateway.startOnFreePort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
            + "/v1/chat/completions")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersFromTheContextLinesOfTheUserMessageWithWhitespaceTokenCounts() throws Exception {
    String user = "Context:\\n[1] Galileo worked in Padua.\\n[2] Galileo built telescopes.\\n\\nQuestion: Where did he work?";
    HttpResponse<String> r = post("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":\"" + user + "\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode json = Json.parse(r.body());
    assertThat(json.path("model").asText()).isEqualTo("m");
    assertThat(json.path("choices").get(0).path("message").path("content").asText())
        .isEqualTo("Galileo worked in Padua. Galileo built telescopes.");
    assertThat(json.path("usage").path("prompt_tokens").asLong()).isEqualTo(2 + 15);
    assertThat(json.path("usage").path("completion_tokens").asLong()).isEqualTo(7);
    assertThat(json.path("usage").path("total_tokens").asLong()).isEqualTo(24);
  }

  @Test
  void withoutContextItSaysItDoesNotKnow() {
    assertThat(ModelGateway.answer("Question: Where?")).isEqualTo(ModelGateway.UNKNOWN);
    assertThat(ModelGateway.answer("")).isEqualTo(ModelGateway.UNKNOWN);
  }

  @Test
  void badRequestsAreRefusedWithAnOpenAiStyleError() throws Exception {
    for (String body : new String[] {"not json", "{\"messages\":[]}",
        "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}"}) {
      HttpResponse<String> r = post(body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(Json.parse(r.body()).path("error").path("message").asText()).as(body).isNotBlank();
    }
  }
}
