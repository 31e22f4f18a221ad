package ai.galileo.tracing.testing.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real service's rules the fake enforces, each answered with OpenAI's status and error body. */
class RulesTest {
  private FakeOpenAi fake;

  @BeforeEach
  void start() {
    fake = FakeOpenAi.builder().apiKey("sk-test-key").start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static void assertError(Http.Answer answer, int status, String type, String code, String message)
      throws Exception {
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    JsonNode error = answer.json().path("error");
    assertThat(error.path("type").asText()).isEqualTo(type);
    if (code == null) {
      assertThat(error.get("code").isNull()).isTrue();
    } else {
      assertThat(error.path("code").asText()).isEqualTo(code);
    }
    assertThat(error.has("param")).isTrue();
    assertThat(error.path("message").asText()).contains(message);
  }

  private Http.Answer post(String path, String body) throws Exception {
    return Http.post(fake, path, body);
  }

  @Test
  void aMissingKeyIsRefusedWith401() throws Exception {
    Http.Answer answer = Http.send(fake, "POST", "/v1/chat/completions", "{}", null, Duration.ofSeconds(30));

    assertError(answer, 401, "invalid_request_error", null, "You didn't provide an API key");
    assertThat(fake.lastRequest().status()).isEqualTo(401);
  }

  @Test
  void aWrongKeyOrAnotherSchemeIsRefusedWith401AndNeverEchoed() throws Exception {
    Http.Answer wrong = Http.send(fake, "POST", "/v1/embeddings", "{}", "Bearer sk-other", Duration.ofSeconds(30));
    Http.Answer basic = Http.send(fake, "POST", "/v1/embeddings", "{}", "Basic sk-test-key", Duration.ofSeconds(30));

    assertError(wrong, 401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided");
    assertError(basic, 401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided");
    assertThat(wrong.body()).doesNotContain("sk-other");
    assertThat(fake.requests()).allSatisfy(r -> assertThat(r.header("authorization")).isEqualTo(RecordedRequest.REDACTED));
  }

  @Test
  void anUnknownPathOrMethodIsAnInvalidUrl() throws Exception {
    assertError(post("/v1/completions", "{}"), 404, "invalid_request_error", null, "Invalid URL (POST /v1/completions)");
    assertError(Http.send(fake, "GET", "/v1/chat/completions", null, "Bearer sk-test-key", Duration.ofSeconds(30)),
        404, "invalid_request_error", null, "Invalid URL (GET /v1/chat/completions)");
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedAndRecordedAsText() throws Exception {
    assertError(post("/v1/chat/completions", "model=gpt"), 400, "invalid_request_error", null,
        "We could not parse the JSON body of your request");
    assertThat(fake.lastRequest().body()).isEqualTo("model=gpt");
    assertThat(fake.lastRequest().json().isMissingNode()).isTrue();
  }

  @Test
  void everyEndpointNeedsAModel() throws Exception {
    for (Endpoint e : Endpoint.values()) {
      assertError(post(e.path(), "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"input\":\"x\"}"),
          400, "invalid_request_error", null, "you must provide a model parameter");
    }
  }

  @Test
  void chatMessagesMustBeANonEmptyArrayWithKnownRoles() throws Exception {
    assertError(post("/v1/chat/completions", "{\"model\":\"m\"}"), 400, "invalid_request_error",
        "missing_required_parameter", "Missing required parameter: 'messages'.");
    assertError(post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}"), 400, "invalid_request_error",
        "empty_array", "empty array");
    assertError(post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"),
        400, "invalid_request_error", "invalid_value", "Invalid value: 'robot'");
  }

  @Test
  void aToolMessageMustAnswerAToolCallOfThePrecedingAssistantMessage() throws Exception {
    Http.Answer orphan = post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"tool\",\"tool_call_id\":\"call_9\",\"content\":\"r\"}]}");

    assertError(orphan, 400, "invalid_request_error", null, "messages with role 'tool' must be a response");
    assertThat(orphan.json().path("error").path("param").asText()).isEqualTo("messages.[1].role");
  }

  @Test
  void everyToolCallOfAnAssistantMessageMustBeAnsweredBeforeTheNextMessage() throws Exception {
    String asked = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
        + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},"
        + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}";
    String answered = "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"r\"}";

    Http.Answer missing = post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
        + asked + "," + answered + ",{\"role\":\"user\",\"content\":\"y\"}]}");
    Http.Answer complete = post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
        + asked + "," + answered + ",{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"r\"}]}");

    assertError(missing, 400, "invalid_request_error", null,
        "The following tool_call_ids did not have response messages: call_2");
    assertThat(complete.status()).isEqualTo(200);
  }

  @Test
  void streamOptionsNeedAStream() throws Exception {
    assertError(post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"stream_options\":{\"include_usage\":true}}"), 400, "invalid_request_error", null,
        "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
  }

  @Test
  void aFunctionCallOutputNeedsItsCallInTheInputUnlessAnEarlierResponseHasIt() throws Exception {
    String output = "{\"type\":\"function_call_output\",\"call_id\":\"call_7\",\"output\":\"sunny\"}";
    String call = "{\"type\":\"function_call\",\"call_id\":\"call_7\",\"name\":\"w\",\"arguments\":\"{}\"}";

    assertError(post("/v1/responses", "{\"model\":\"m\",\"input\":[" + output + "]}"), 400, "invalid_request_error",
        null, "No tool call found for function call output with call_id call_7.");
    assertThat(post("/v1/responses", "{\"model\":\"m\",\"input\":[" + call + "," + output + "]}").status()).isEqualTo(200);
    assertThat(post("/v1/responses", "{\"model\":\"m\",\"previous_response_id\":\"resp_1\",\"input\":[" + output + "]}")
        .status()).isEqualTo(200);
  }

  @Test
  void embeddingsNeedAnInputAKnownFormatAndPositiveDimensions() throws Exception {
    assertError(post("/v1/embeddings", "{\"model\":\"e\"}"), 400, "invalid_request_error",
        "missing_required_parameter", "'input'");
    assertError(post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"\"}"), 400, "invalid_request_error", null,
        "'$.input' is invalid");
    assertError(post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\",\"encoding_format\":\"int8\"}"), 400,
        "invalid_request_error", "invalid_value", "'int8'");
    assertError(post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\",\"dimensions\":0}"), 400,
        "invalid_request_error", "integer_below_min_value", "Expected a value >= 1");
  }

  @Test
  void aRefusedRequestDoesNotTakeTheScriptedReply() throws Exception {
    fake.enqueue(Reply.text("kept"));

    post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}");

    assertThat(fake.pendingReplies()).hasSize(1);
    assertThat(fake.requests()).extracting(RecordedRequest::status).containsExactly(400);
  }
}
