package ai.galileo.examples.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible path, against a chat-completions endpoint on loopback. */
class OpenAiAnswererTest {
  private final AtomicReference<JsonNode> received = new AtomicReference<>();
  private final AtomicReference<String> authorization = new AtomicReference<>();
  private HttpServer server;

  private String start(int status, String answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
      received.set(Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void sendsTheMessagesAndReadsTheAnswerAndTheTokenCounts() throws Exception {
    String base = start(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"He studied motion.\"}}],"
        + "\"usage\":{\"prompt_tokens\":31,\"completion_tokens\":4}}");
    Answerer answerer = new Answerer.OpenAi("test-key", base, "gpt-test");

    Answerer.Answer answer = answerer.answer("Answer briefly.", "Context: ... Question: what?", "what?", List.of("fact"));

    assertThat(answer).isEqualTo(new Answerer.Answer("He studied motion.", 31, 4));
    assertThat(answerer.model()).isEqualTo("gpt-test");
    assertThat(authorization.get()).isEqualTo("Bearer test-key");
    assertThat(received.get().path("model").asText()).isEqualTo("gpt-test");
    assertThat(received.get().path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(received.get().path("messages").get(1).path("content").asText()).contains("Question: what?");
  }

  @Test
  void anErrorAnswerBecomesAnIoExceptionWithTheStatus() throws Exception {
    String base = start(401, "{\"error\":\"bad key\"}");
    Answerer answerer = new Answerer.OpenAi("wrong", base, "gpt-test");
    assertThatThrownBy(() -> answerer.answer("s", "u", "q", List.of()))
        .isInstanceOf(IOException.class).hasMessageContaining("401");
  }
}
