package ai.galileo.tracing.testing.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bytes on the wire, read with the JDK's HTTP client: what the real clients do not show. */
class WireFormatTest {
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi?\"}]";
  private FakeOpenAi fake;

  @BeforeEach
  void start() {
    fake = FakeOpenAi.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aStreamedChatSendsTheRoleThePiecesTheFinishTheUsageChunkThenDone() throws Exception {
    fake.enqueue(Reply.text("Hello there").usage(2, 2));

    Http.Answer answer = Http.post(fake, "/v1/chat/completions",
        CHAT + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

    assertThat(answer.header("Content-Type")).startsWith("text/event-stream");
    List<String> data = answer.data();
    assertThat(data).hasSize(6).last().isEqualTo("[DONE]");
    JsonNode first = Http.MAPPER.readTree(data.get(0));
    assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(first.path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
    assertThat(first.path("choices").get(0).path("delta").path("content").asText()).isEmpty();
    assertThat(first.has("usage")).as("null usage on every chunk but the last").isTrue();
    assertThat(first.get("usage").isNull()).isTrue();
    assertThat(Http.MAPPER.readTree(data.get(1)).path("choices").get(0).path("delta").path("content").asText())
        .isEqualTo("Hello");
    assertThat(Http.MAPPER.readTree(data.get(2)).path("choices").get(0).path("delta").path("content").asText())
        .isEqualTo(" there");
    JsonNode finish = Http.MAPPER.readTree(data.get(3));
    assertThat(finish.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
    assertThat(finish.path("choices").get(0).path("delta").isEmpty()).isTrue();
    JsonNode usage = Http.MAPPER.readTree(data.get(4));
    assertThat(usage.path("choices").isEmpty()).isTrue();
    assertThat(usage.path("usage").path("total_tokens").asInt()).isEqualTo(4);
    for (String chunk : data.subList(0, 5)) {
      assertThat(Http.MAPPER.readTree(chunk).path("id").asText()).isEqualTo(first.path("id").asText());
    }
  }

  @Test
  void withoutIncludeUsageAStreamHasNoUsageAtAll() throws Exception {
    Http.Answer answer = Http.post(fake, "/v1/chat/completions", CHAT + ",\"stream\":true}");

    List<String> data = answer.data();
    assertThat(data).last().isEqualTo("[DONE]");
    for (String chunk : data.subList(0, data.size() - 1)) {
      JsonNode json = Http.MAPPER.readTree(chunk);
      assertThat(json.has("usage")).isFalse();
      assertThat(json.path("choices")).hasSize(1);
    }
  }

  @Test
  void noUsageLeavesUsageOutEvenWhenAStreamAsksForIt() throws Exception {
    fake.enqueue(Reply.text("a").noUsage(), 3);

    JsonNode whole = Http.post(fake, "/v1/chat/completions", CHAT + "}").json();
    List<String> streamed = Http.post(fake, "/v1/chat/completions",
        CHAT + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}").data();
    JsonNode response = Http.post(fake, "/v1/responses", "{\"model\":\"m\",\"input\":\"a\"}").json();

    assertThat(whole.has("usage")).isFalse();
    assertThat(streamed).noneMatch(d -> d.contains("\"total_tokens\""));
    assertThat(response.get("usage").isNull()).isTrue();
  }

  @Test
  void aStreamedToolCallSendsItsHeaderOnceThenItsArgumentsInPieces() throws Exception {
    fake.enqueue(Reply.toolCalls(ToolCall.of("call_a", "first", "{\"x\":1}"), ToolCall.of("second", "{\"long\":\"argument\"}")));

    List<String> data = Http.post(fake, "/v1/chat/completions", CHAT + ",\"stream\":true}").data();

    JsonNode first = Http.MAPPER.readTree(data.get(0)).path("choices").get(0).path("delta");
    assertThat(first.path("content").isNull()).as("no text: content null").isTrue();
    assertThat(first.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_a");
    assertThat(first.path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("first");
    StringBuilder[] arguments = {new StringBuilder(), new StringBuilder()};
    int headers = 0;
    String finish = null;
    for (String d : data.subList(0, data.size() - 1)) {
      JsonNode choice = Http.MAPPER.readTree(d).path("choices").get(0);
      for (JsonNode call : choice.path("delta").path("tool_calls")) {
        headers += call.has("id") ? 1 : 0;
        arguments[call.path("index").asInt()].append(call.path("function").path("arguments").asText());
      }
      if (!choice.path("finish_reason").isNull()) {
        finish = choice.path("finish_reason").asText();
      }
    }
    assertThat(headers).isEqualTo(2);
    assertThat(arguments[0]).hasToString("{\"x\":1}");
    assertThat(arguments[1]).hasToString("{\"long\":\"argument\"}");
    assertThat(finish).isEqualTo("tool_calls");
  }

  @Test
  void aNonStreamedChatHasEveryFieldOfTheRealOne() throws Exception {
    fake.enqueue(Reply.text("Hi!").withToolCalls(ToolCall.of("f", "{}")).finishReason("length"));

    JsonNode json = Http.post(fake, "/v1/chat/completions", CHAT + "}").json();

    assertThat(json.path("object").asText()).isEqualTo("chat.completion");
    assertThat(json.path("id").asText()).startsWith("chatcmpl-");
    assertThat(json.path("created").isIntegralNumber()).isTrue();
    JsonNode choice = json.path("choices").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
    assertThat(choice.has("logprobs")).isTrue();
    JsonNode message = choice.path("message");
    assertThat(message.path("content").asText()).isEqualTo("Hi!");
    assertThat(message.has("refusal")).isTrue();
    assertThat(message.path("tool_calls").get(0).path("type").asText()).isEqualTo("function");
    assertThat(message.path("tool_calls").get(0).path("id").asText()).startsWith("call_");
    assertThat(json.path("usage").path("prompt_tokens").asInt()).as("words of the prompt").isEqualTo(1);
    assertThat(json.path("usage").path("completion_tokens").asInt()).as("words of the answer and the call").isEqualTo(3);
  }

  @Test
  void aResponseCutShortIsIncompleteWholeAndStreamed() throws Exception {
    fake.enqueue(Reply.text("Galileo was").finishReason("length"), 2);
    String request = "{\"model\":\"gpt-4o-mini\",\"input\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"input_text\",\"text\":\"Tell me everything\"}]}],\"max_output_tokens\":2";

    JsonNode whole = Http.post(fake, "/v1/responses", request + "}").json();
    Http.Answer streamed = Http.post(fake, "/v1/responses", request + ",\"stream\":true}");

    assertThat(whole.path("status").asText()).isEqualTo("incomplete");
    assertThat(whole.path("incomplete_details").path("reason").asText()).isEqualTo("max_output_tokens");
    assertThat(whole.path("max_output_tokens").asInt()).as("echoed").isEqualTo(2);
    assertThat(whole.path("output").get(0).path("status").asText()).isEqualTo("incomplete");
    assertThat(streamed.events()).startsWith("response.created", "response.in_progress").endsWith("response.incomplete");
    assertThat(streamed.body()).doesNotContain("[DONE]");
  }

  @Test
  void responsesEventsCarryTheirTypeAndConsecutiveSequenceNumbers() throws Exception {
    fake.enqueue(Reply.text("One two").withToolCalls(ToolCall.of("f", "{\"a\":\"bcdefghijk\"}")));

    Http.Answer answer = Http.post(fake, "/v1/responses", "{\"model\":\"m\",\"input\":\"q\",\"stream\":true}");

    List<String> events = answer.events();
    List<String> data = answer.data();
    assertThat(events).hasSameSizeAs(data).containsExactly("response.created", "response.in_progress",
        "response.output_item.added", "response.content_part.added", "response.output_text.delta",
        "response.output_text.delta", "response.output_text.done", "response.content_part.done",
        "response.output_item.done", "response.output_item.added", "response.function_call_arguments.delta",
        "response.function_call_arguments.delta", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done", "response.completed");
    for (int i = 0; i < data.size(); i++) {
      JsonNode event = Http.MAPPER.readTree(data.get(i));
      assertThat(event.path("type").asText()).isEqualTo(events.get(i));
      assertThat(event.path("sequence_number").asInt()).isEqualTo(i);
    }
    JsonNode completed = Http.MAPPER.readTree(data.get(data.size() - 1)).path("response");
    assertThat(completed.path("status").asText()).isEqualTo("completed");
    assertThat(completed.path("output")).hasSize(2);
    assertThat(completed.path("output").get(1).path("type").asText()).isEqualTo("function_call");
  }

  @Test
  void otherOutputItemsComeFirstWithTheirOwnEventsAndChatCompletionsLeaveThemOut() throws Exception {
    Reply reply = Reply.text("Sunny").withItems(OutputItem.reasoning("Check", null),
        OutputItem.mcpCall("weather", "forecast", "{}", "sunny"));
    fake.enqueue(reply, 3);

    JsonNode whole = Http.post(fake, "/v1/responses", "{\"model\":\"m\",\"input\":\"q\"}").json();
    Http.Answer streamed = Http.post(fake, "/v1/responses", "{\"model\":\"m\",\"input\":\"q\",\"stream\":true}");
    JsonNode chat = Http.post(fake, "/v1/chat/completions", CHAT + "}").json();

    JsonNode output = whole.path("output");
    assertThat(output).hasSize(3);
    assertThat(output.get(0).path("type").asText()).isEqualTo("reasoning");
    assertThat(output.get(0).has("status")).isFalse();
    assertThat(output.get(0).path("summary").get(0).path("text").asText()).isEqualTo("Check");
    assertThat(output.get(0).has("content")).isFalse();
    assertThat(output.get(1).path("type").asText()).isEqualTo("mcp_call");
    assertThat(output.get(1).path("status").asText()).isEqualTo("completed");
    assertThat(output.get(1).path("output").asText()).isEqualTo("sunny");
    assertThat(output.get(2).path("type").asText()).isEqualTo("message");
    assertThat(streamed.events()).containsSequence("response.output_item.added",
        "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
        "response.output_item.added", "response.mcp_call.in_progress", "response.mcp_call_arguments.done",
        "response.mcp_call.completed", "response.output_item.done");
    List<String> data = streamed.data();
    JsonNode added = Http.MAPPER.readTree(data.get(streamed.events().indexOf("response.mcp_call.in_progress") - 1));
    assertThat(added.path("item").path("status").asText()).isEqualTo("in_progress");
    assertThat(added.path("item").path("output").isNull()).isTrue();
    for (int i = 0; i < data.size(); i++) {
      assertThat(Http.MAPPER.readTree(data.get(i)).path("sequence_number").asInt()).isEqualTo(i);
    }
    assertThat(chat.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Sunny");
    assertThat(chat.toString()).doesNotContain("mcp_call").doesNotContain("reasoning\"");
  }

  @Test
  void audioTokensAreZeroAndImageTokensAbsentUnlessScripted() throws Exception {
    fake.enqueue(Reply.text("a"), Reply.text("b").audioTokens(3, 4).imageTokens(2));

    JsonNode plain = Http.post(fake, "/v1/chat/completions", CHAT + "}").json().path("usage");
    JsonNode detailed = Http.post(fake, "/v1/chat/completions", CHAT + "}").json().path("usage");

    assertThat(plain.path("prompt_tokens_details").path("audio_tokens").asInt()).isZero();
    assertThat(plain.path("prompt_tokens_details").has("image_tokens")).isFalse();
    assertThat(plain.path("completion_tokens_details").path("audio_tokens").asInt()).isZero();
    assertThat(detailed.path("prompt_tokens_details").path("audio_tokens").asInt()).isEqualTo(3);
    assertThat(detailed.path("prompt_tokens_details").path("image_tokens").asInt()).isEqualTo(2);
    assertThat(detailed.path("completion_tokens_details").path("audio_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void embeddingsHonourDimensionsAndBase64IsTheSameVector() throws Exception {
    JsonNode floats = Http.post(fake, "/v1/embeddings",
        "{\"model\":\"e\",\"input\":\"Galileo Galilei\",\"dimensions\":8}").json();
    JsonNode base64 = Http.post(fake, "/v1/embeddings",
        "{\"model\":\"e\",\"input\":[\"Galileo Galilei\"],\"dimensions\":8,\"encoding_format\":\"base64\"}").json();

    assertThat(floats.path("object").asText()).isEqualTo("list");
    JsonNode vector = floats.path("data").get(0).path("embedding");
    assertThat(vector).hasSize(8);
    double norm = 0;
    for (JsonNode v : vector) {
      norm += v.asDouble() * v.asDouble();
    }
    assertThat(norm).as("unit length").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    java.nio.FloatBuffer decoded = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder()
        .decode(base64.path("data").get(0).path("embedding").asText()))
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    for (int i = 0; i < 8; i++) {
      assertThat(decoded.get(i)).isEqualTo(vector.get(i).floatValue());
    }
    assertThat(floats.path("usage").path("prompt_tokens").asInt()).isEqualTo(2);
  }

  @Test
  void scriptedHeadersAndARequestIdAreSent() throws Exception {
    fake.enqueue(Reply.text("x").header("openai-processing-ms", "12"));

    Http.Answer answer = Http.post(fake, "/v1/chat/completions", CHAT + "}");

    assertThat(answer.header("openai-processing-ms")).isEqualTo("12");
    assertThat(answer.header("x-request-id")).startsWith("req_");
  }
}
