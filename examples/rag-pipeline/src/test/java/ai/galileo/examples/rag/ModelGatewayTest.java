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

  /** A tool as LangChain4j's OpenAiChatModel offers it: OpenAI's function shape with a JSON schema. */
  private static String tool(String name, String properties, String required) {
    return "{\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"description\":\"d\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{" + properties + "},\"required\":[" + required + "]}}}";
  }

  private static final String SEARCH = tool("search", "\"query\":{\"type\":\"string\"}", "\"query\"");
  private static final String DATE = tool("today", "", "");
  private static final String ADD = tool("add", "\"a\":{\"type\":\"integer\"}", "\"a\"");

  @Test
  void offeredToolsAndNoToolResultYetItCallsEachToolItCanFillInFromTheQuestion() throws Exception {
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Use the tools.\"},"
        + "{\"role\":\"user\",\"content\":\"What did Galileo Galilei research?\"}],"
        + "\"tools\":[" + SEARCH + "," + ADD + "," + DATE + "]}";
    JsonNode first = Json.parse(post(body).body());
    JsonNode choice = first.path("choices").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(choice.path("message").path("content").isNull()).isTrue();
    JsonNode calls = choice.path("message").path("tool_calls");
    // "add" needs an integer, which the question does not give: not called.
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).path("type").asText()).isEqualTo("function");
    assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo("search");
    assertThat(calls.get(0).path("function").path("arguments").asText()).isEqualTo("{\"query\":\"research\"}");
    assertThat(calls.get(1).path("function").path("name").asText()).isEqualTo("today");
    assertThat(calls.get(1).path("function").path("arguments").asText()).isEqualTo("{}");
    String id = calls.get(0).path("id").asText();
    assertThat(id).matches("call_[0-9a-f]{8}_1");
    assertThat(calls.get(1).path("id").asText()).isEqualTo(id.replaceAll("_1$", "_2"));
    assertThat(first.path("usage").path("completion_tokens").asLong()).isEqualTo(4); // search {"query":"research"} today {}
    assertThat(first.path("usage").path("prompt_tokens").asLong()).isEqualTo(3 + 5);

    // The same question gets the same calls; another question other ids.
    assertThat(Json.parse(post(body).body()).path("choices").get(0).path("message").path("tool_calls"))
        .isEqualTo(calls);
    JsonNode other = Json.parse(post(body.replace("research?", "work?")).body())
        .path("choices").get(0).path("message").path("tool_calls");
    assertThat(other.get(0).path("id").asText()).isNotEqualTo(id);
    assertThat(other.get(0).path("function").path("arguments").asText()).isEqualTo("{\"query\":\"work\"}");
  }

  @Test
  void withTheToolResultsInTheMessagesItAnswersFromTheirNumberedLinesAndStops() throws Exception {
    String body = "{\"model\":\"m\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"Where did Galileo work?\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"search\",\"arguments\":\"{}\"}},{\"id\":\"call_2\",\"type\":\"function\","
        + "\"function\":{\"name\":\"today\",\"arguments\":\"{}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"[1] Galileo built telescopes.\\n[2] Galileo worked in Padua.\\n\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"2024-05-01\"}],"
        + "\"tools\":[" + SEARCH + "," + DATE + "]}";
    HttpResponse<String> r = post(body);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode choice = Json.parse(r.body()).path("choices").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(choice.path("message").has("tool_calls")).isFalse();
    assertThat(choice.path("message").path("content").asText())
        .isEqualTo("Galileo worked in Padua. Galileo built telescopes.");
  }

  @Test
  void offeredOnlyToolsItCannotFillInItAnswersAsWithoutTools() throws Exception {
    String user = "Context:\\n[1] Galileo worked in Padua.\\n\\nQuestion: Where did he work?";
    JsonNode choice = Json.parse(post("{\"messages\":[{\"role\":\"user\",\"content\":\"" + user + "\"}],"
        + "\"tools\":[" + ADD + "]}").body()).path("choices").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(choice.path("message").path("content").asText()).isEqualTo("Galileo worked in Padua.");
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
