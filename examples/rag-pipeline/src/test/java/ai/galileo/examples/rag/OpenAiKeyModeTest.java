package ai.galileo.examples.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.langchain4j.GalileoLangChain4j;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OPENAI_API_KEY path: a loopback endpoint stands in for OpenAI (OPENAI_BASE_URL), and the
 * orchestrator's LangChain4j model must reach it with the key, the model and the messages.
 */
class OpenAiKeyModeTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final AtomicReference<String> path = new AtomicReference<>();
  private final AtomicReference<String> authorization = new AtomicReference<>();
  private final AtomicReference<JsonNode> received = new AtomicReference<>();
  private HttpServer server;

  private String start(int status, String answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      path.set(exchange.getRequestURI().getPath());
      authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
      received.set(Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private Orchestrator orchestrator(Map<String, String> env) {
    LanguageModel llm = LanguageModel.fromEnvironment(env, "http://127.0.0.1:9/unused",
        GalileoLangChain4j.create(tracing.tracer()));
    assertThat(llm.local()).isFalse();
    return new Orchestrator(tracing.tracer(), List.of(), llm);
  }

  @Test
  void theBaseUrlTheKeyAndTheModelReachTheEndpointAndItsAnswerAndUsageReachTheSpan() throws Exception {
    String base = start(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-test-0601\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"He studied motion.\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":31,\"completion_tokens\":4,\"total_tokens\":35}}");
    Orchestrator orchestrator = orchestrator(Map.of("OPENAI_API_KEY", "test-key", "OPENAI_BASE_URL", base,
        "OPENAI_MODEL", "gpt-test"));

    Span trace = tracing.tracer().traceBuilder("ask").start();
    String answer;
    try (Scope scope = trace.makeCurrent()) {
      answer = orchestrator.answer("What did he study?", "[1] Galileo studied motion.\n");
    } finally {
      trace.end();
      orchestrator.close();
    }

    assertThat(answer).isEqualTo("He studied motion.");
    assertThat(path.get()).isEqualTo("/v1/chat/completions");
    assertThat(authorization.get()).isEqualTo("Bearer test-key");
    assertThat(received.get().path("model").asText()).isEqualTo("gpt-test");
    assertThat(received.get().path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(received.get().path("messages").get(1).path("content").asText())
        .isEqualTo("Context:\n[1] Galileo studied motion.\n\nQuestion: What did he study?");

    SpanData llm = tracing.span("chat gpt-test");
    assertThat(llm.parentId()).isEqualTo(trace.context().spanId());
    assertThat(llm.llm().model()).isEqualTo("gpt-test-0601"); // the model that answered
    assertThat(llm.llm().inputTokens()).isEqualTo(31L);
    assertThat(llm.llm().outputTokens()).isEqualTo(4L);
    assertThat(llm.llm().totalTokens()).isEqualTo(35L);
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("He studied motion.")));
  }

  @Test
  void anErrorAnswerFailsTheQuestionAndTheSpanKeepsTheStatus() throws Exception {
    String base = start(401, "{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\"}}");
    Orchestrator orchestrator = orchestrator(Map.of("OPENAI_API_KEY", "wrong", "OPENAI_BASE_URL", base));
    try {
      assertThatThrownBy(() -> orchestrator.answer("q?", "[1] fact\n"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("the OpenAI-compatible endpoint at " + base + " failed");
    } finally {
      orchestrator.close();
    }
    assertThat(received.get().path("model").asText()).isEqualTo("gpt-4o-mini"); // OPENAI_MODEL's default
    // No trace was current, so the SDK made one of the same name around the llm span.
    List<SpanData> llm = tracing.spans("chat gpt-4o-mini").stream().filter(s -> s.type() == SpanType.LLM).toList();
    assertThat(llm).hasSize(1);
    assertThat(llm.get(0).statusCode()).isEqualTo(401);
  }

  @Test
  void withoutABaseUrlTheKeyGoesToOpenAi() {
    LanguageModel llm = LanguageModel.fromEnvironment(Map.of("OPENAI_API_KEY", "k"), "http://127.0.0.1:9/v1",
        GalileoLangChain4j.create(tracing.tracer()));
    assertThat(llm.baseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(llm.modelName()).isEqualTo("gpt-4o-mini");
    assertThat(LanguageModel.fromEnvironment(Map.of("OPENAI_API_KEY", " "), "http://127.0.0.1:9/v1",
        GalileoLangChain4j.create(tracing.tracer())).local()).isTrue();
  }
}
