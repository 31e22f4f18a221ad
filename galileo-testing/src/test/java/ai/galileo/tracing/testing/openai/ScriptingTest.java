package ai.galileo.tracing.testing.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scripting the next calls, the default answer, and what is recorded. */
class ScriptingTest {
  private FakeOpenAi fake = FakeOpenAi.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  private static String chat(String question) {
    return "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":" + Http.MAPPER.valueToTree(question) + "}]}";
  }

  private String answer(String body) throws Exception {
    return Http.post(fake, "/v1/chat/completions", body).json()
        .path("choices").get(0).path("message").path("content").asText();
  }

  @Test
  void queuedRepliesAreTakenInOrderThenTheDefaultAnswerReturns() throws Exception {
    fake.enqueue(Reply.text("one"), Reply.text("two"));

    assertThat(answer(chat("Hello?"))).isEqualTo("one");
    assertThat(answer(chat("Hello?"))).isEqualTo("two");
    assertThat(answer(chat("Hello?"))).isEqualTo("You asked: Hello?");
    assertThat(fake.pendingReplies()).isEmpty();
  }

  @Test
  void theDefaultAnswerPicksTheContextSentencesThatShareTheQuestionsWords() throws Exception {
    String prompt = "Context:\n- Galileo observed the moons of Jupiter in 1610.\n- Bread needs yeast.\n"
        + "- Galileo taught mathematics at Padua.\n\nQuestion: What did Galileo observe with the moons?";

    String first = answer(chat(prompt));

    assertThat(first).as("the best two, in their order")
        .isEqualTo("Galileo observed the moons of Jupiter in 1610. Galileo taught mathematics at Padua.");
    assertThat(answer(chat(prompt))).as("deterministic").isEqualTo(first);
  }

  @Test
  void theDefaultAnswerDrawsOnToolResultsAfterTheQuestion() throws Exception {
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the weather in Pisa?\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"weather\",\"arguments\":\"{}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"The weather in Pisa is sunny.\"}]}";

    assertThat(answer(body)).isEqualTo("The weather in Pisa is sunny.");
  }

  @Test
  void aDefaultAnswerOfOurOwnReplacesTheBuiltInOne() throws Exception {
    fake.close();
    fake = FakeOpenAi.builder().defaultAnswer(r -> "echo " + r.lastUserMessage()).start();

    assertThat(answer(chat("ping"))).isEqualTo("echo ping");
    JsonNode response = Http.post(fake, "/v1/responses",
        "{\"model\":\"m\",\"instructions\":\"Be brief.\",\"input\":[{\"role\":\"user\",\"content\":\"pong\"}]}").json();
    assertThat(response.path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("echo pong");
  }

  @Test
  void anAnswerIsLeftForTheModelWhenAnEmbeddingsCallComesFirst() throws Exception {
    fake.enqueue(Reply.text("for the model"));

    assertThat(Http.post(fake, "/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}").status()).isEqualTo(200);
    assertThat(answer(chat("q?"))).isEqualTo("for the model");
  }

  @Test
  void anErrorServesAnyEndpointUnlessNarrowed() throws Exception {
    fake.enqueue(Reply.serverError().on(Endpoint.EMBEDDINGS), Reply.rateLimited(Duration.ofSeconds(2)));

    assertThat(Http.post(fake, "/v1/chat/completions", chat("q?")).status()).isEqualTo(429);
    Http.Answer embeddings = Http.post(fake, "/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}");

    assertThat(embeddings.status()).isEqualTo(500);
    assertThat(embeddings.json().path("error").path("type").asText()).isEqualTo("server_error");
    assertThat(fake.requests()).extracting(RecordedRequest::status).containsExactly(429, 500);
  }

  @Test
  void aRateLimitSaysWhenToRetry() throws Exception {
    fake.enqueue(Reply.rateLimited(Duration.ofMillis(1500)));

    Http.Answer answer = Http.post(fake, "/v1/chat/completions", chat("q?"));

    assertThat(answer.header("Retry-After")).isEqualTo("2");
    assertThat(answer.json().path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
  }

  @Test
  void aDelayedReplyIsNotSentBeforeItsDelay() {
    fake.enqueue(Reply.text("late").delay(Duration.ofSeconds(10)));

    assertThatThrownBy(() -> Http.send(fake, "POST", "/v1/chat/completions", chat("q?"),
        "Bearer " + fake.apiKey(), Duration.ofMillis(200)))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(fake.requests()).as("recorded before the delay").hasSize(1);
  }

  @Test
  void requestsAreRecordedWithLowerCaseHeadersAndTheParsedBody() throws Exception {
    Http.post(fake, "/v1/chat/completions", chat("What did Galileo study?"));

    RecordedRequest r = fake.lastRequest();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v1/chat/completions");
    assertThat(r.headers()).containsKey("content-type").containsEntry("authorization", java.util.List.of("[redacted]"));
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.model()).isEqualTo("m");
    assertThat(r.stream()).isFalse();
    assertThat(r.lastUserMessage()).isEqualTo("What did Galileo study?");
    assertThat(r.json().path("messages")).hasSize(2);
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void resetForgetsRepliesAndRequests() throws Exception {
    fake.enqueue(Reply.text("unused"));
    Http.post(fake, "/v1/chat/completions", chat("q?"));
    fake.enqueue(Reply.text("unused too"));

    fake.reset();

    assertThat(fake.pendingReplies()).isEmpty();
    assertThat(fake.requests()).isEmpty();
    assertThat(fake.requestCount()).isZero();
    assertThatThrownBy(fake::lastRequest).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void onlyTheLatestRequestsAreKeptWhenTheLimitIsReached() throws Exception {
    fake.close();
    fake = FakeOpenAi.builder().maxRecorded(2).start();

    for (String q : new String[] {"a", "b", "c"}) {
      Http.post(fake, "/v1/chat/completions", chat(q));
    }

    assertThat(fake.requests()).extracting(RecordedRequest::lastUserMessage).containsExactly("b", "c");
    assertThat(fake.requestCount()).isEqualTo(3);
  }

  @Test
  void theUrlsNameLoopbackAndTheChosenPort() {
    assertThat(fake.port()).isPositive();
    assertThat(fake.url()).isEqualTo("http://127.0.0.1:" + fake.port());
    assertThat(fake.baseUrl()).isEqualTo(fake.url() + "/v1");
    assertThat(fake.apiKey()).isEqualTo(FakeOpenAi.DEFAULT_API_KEY);
  }

  @Test
  void badScriptsAreRefusedWhenWritten() {
    assertThatThrownBy(() -> Reply.text("x").finishReason("done")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Reply.text("x").on(Endpoint.EMBEDDINGS)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Reply.serverError().usage(1, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Reply.error(200, "t", null, "m")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fake.enqueue(Reply.text("x"), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeOpenAi.builder().embeddingDimensions(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
