package com.example.starterconsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.galileo.tracing.testing.openai.FakeOpenAi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The SDK on Boot's Jackson: galileo-core's jackson-core and galileo-testing's jackson-databind
 * are the versions Boot manages, and FakeOpenAi (databind) answers Boot's RestClient (databind).
 * The first test fails on any mix of versions, or on one that is not Boot's.
 */
class OneJacksonTest {

  @Test
  void jacksonCoreAndDatabindAreTheVersionBootManages() {
    String expected = System.getProperty("expected.jackson.version"); // Boot's, from the pom
    assertEquals(expected, com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString());
    assertEquals(expected, com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
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
}
