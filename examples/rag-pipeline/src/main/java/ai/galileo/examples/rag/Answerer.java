package ai.galileo.examples.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** The "LLM": answers a question from the retrieved context. */
interface Answerer {
  record Answer(String text, long inputTokens, long outputTokens) {}

  String model();

  Answer answer(String system, String user, String question, List<String> context) throws IOException;

  /** An OpenAI-compatible endpoint when {@code OPENAI_API_KEY} is set, else the local answerer. */
  static Answerer fromEnvironment() {
    String key = System.getenv("OPENAI_API_KEY");
    if (key != null && !key.isBlank()) {
      return new OpenAi(key,
          System.getenv().getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1"),
          System.getenv().getOrDefault("OPENAI_MODEL", "gpt-4o-mini"));
    }
    return new Local();
  }

  static long whitespaceTokens(String... texts) {
    long n = 0;
    for (String t : texts) {
      String s = t.strip();
      n += s.isEmpty() ? 0 : s.split("\\s+").length;
    }
    return n;
  }

  /**
   * A small deterministic extractive answerer: no key, no network. It answers with the context
   * sentences that share the most words with the question; tokens are whitespace-separated words.
   */
  final class Local implements Answerer {
    @Override
    public String model() {
      return "local-extractive-answerer";
    }

    @Override
    public Answer answer(String system, String user, String question, List<String> context) {
      Set<String> words = Set.copyOf(KnowledgeBase.keywords(question));
      List<String> ranked = new ArrayList<>(context);
      ranked.sort(Comparator.comparingLong((String c) -> -overlap(words, c)));
      List<String> chosen = ranked.stream().limit(2).toList();
      String text = chosen.isEmpty()
          ? "I do not know: the knowledge base has nothing on that."
          : String.join(" ", chosen);
      return new Answer(text, whitespaceTokens(system, user), whitespaceTokens(text));
    }

    private static long overlap(Set<String> words, String sentence) {
      return KnowledgeBase.keywords(sentence).stream()
          .filter(w -> words.stream().anyMatch(q -> w.startsWith(q.substring(0, Math.min(4, q.length())))))
          .count();
    }
  }

  /** {@code POST OPENAI_BASE_URL/chat/completions}; tested against a loopback endpoint. */
  final class OpenAi implements Answerer {
    private final String key;
    private final String baseUrl;
    private final String model;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    OpenAi(String key, String baseUrl, String model) {
      this.key = key;
      this.baseUrl = baseUrl.replaceAll("/+$", "");
      this.model = model;
    }

    @Override
    public String model() {
      return model;
    }

    @Override
    public Answer answer(String system, String user, String question, List<String> context) throws IOException {
      ObjectNode body = Json.MAPPER.createObjectNode().put("model", model).put("temperature", 0);
      ArrayNode messages = body.putArray("messages");
      messages.addObject().put("role", "system").put("content", system);
      messages.addObject().put("role", "user").put("content", user);
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + key)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
          .build();
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (response.statusCode() != 200) {
        throw new IOException(baseUrl + "/chat/completions answered " + response.statusCode() + ": " + response.body());
      }
      JsonNode json = Json.parse(response.body());
      String text = json.path("choices").path(0).path("message").path("content").asText("");
      JsonNode usage = json.path("usage");
      return new Answer(text, usage.path("prompt_tokens").asLong(whitespaceTokens(system, user)),
          usage.path("completion_tokens").asLong(whitespaceTokens(text)));
    }
  }
}
