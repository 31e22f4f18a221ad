package com.example.boot4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.InMemoryExporterProvider;
import ai.galileo.tracing.testing.InMemorySpanExporter;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The SDK on Boot 4's Jackson 2 and Boot's own Jackson 3 side by side: the starter traces a
 * request whose answer Jackson 3 writes, and galileo-testing's FakeOpenAi (Jackson 2 databind)
 * answers Boot's RestClient. The first test fails on any mix of Jackson 2 versions, or on one
 * that is not Boot's.
 */
class OneJacksonTest {

  @Test
  void jacksonCoreAndDatabindAreTheJackson2BootManages() {
    String expected = System.getProperty("expected.jackson.version"); // Boot's, from the pom
    assertEquals(expected, com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString());
    assertEquals(expected, com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
  }

  @Test
  void theStarterTracesARequestWhoseAnswerJackson3Writes() throws Exception {
    try (ConfigurableApplicationContext app = GreetingApplication.start(
        "--server.port=0", "--galileo.exporter=memory")) {
      InMemorySpanExporter spans = InMemoryExporterProvider.lastCreated();
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();

      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/greeting")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals("{\"greeting\":\"Eppur si muove\"}", response.body());
      GalileoTracer tracer = app.getBean(GalileoTracer.class);
      SpanData server = awaitServerSpan(tracer, spans);
      assertEquals(200, server.statusCode());
    }
  }

  @Test
  void theFakeModelAnswersBootsRestClient() {
    try (FakeOpenAi openAi = FakeOpenAi.start()) {
      openAi.answer("Pendulums and falling bodies.").usage(7, 4);

      Map<?, ?> reply = RestClient.create().post().uri(openAi.baseUrl() + "/chat/completions")
          .header("Authorization", "Bearer " + openAi.apiKey())
          .contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("model", "gpt-4o-mini",
              "messages", List.of(Map.of("role", "user", "content", "What did Galileo study?"))))
          .retrieve().body(Map.class);

      Map<?, ?> message = (Map<?, ?>) ((Map<?, ?>) ((List<?>) reply.get("choices")).get(0)).get("message");
      assertEquals("Pendulums and falling bodies.", message.get("content"));
      assertEquals(4, ((Map<?, ?>) reply.get("usage")).get("completion_tokens"));
      assertEquals("gpt-4o-mini", openAi.lastRequest().model());
    }
  }

  /** The server span ends once the response is written, maybe after the client has it. */
  private static SpanData awaitServerSpan(GalileoTracer tracer, InMemorySpanExporter spans)
      throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      tracer.flush(Duration.ofSeconds(5));
      for (SpanData s : spans.finishedSpans()) {
        if (s.isTrace() && s.isFinal()) {
          return s;
        }
      }
      Thread.sleep(50);
    }
    return fail("no trace recorded: " + spans.finishedSpans());
  }
}
