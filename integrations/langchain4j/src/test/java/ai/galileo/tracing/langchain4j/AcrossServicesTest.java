package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A caller's span that came over HTTP from another service: the AI Service invocation a request
 * handler makes, and its LLM call, nest under the server span, which nests under the caller's.
 */
class AcrossServicesTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  interface Assistant {
    String chat(String question);
  }

  private FakeOpenAi openAi;
  private HttpServer server;
  private ExecutorService serverThreads;

  @BeforeEach
  void start() throws Exception {
    openAi = FakeOpenAi.start();
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey())
            .modelName("gpt-4o-mini").listeners(GalileoLangChain4j.create().chatModelListener()).build())
        .build();
    JdkHttpTracing http = JdkHttpTracing.create(tracing.tracer());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    serverThreads = Executors.newFixedThreadPool(2);
    server.setExecutor(serverThreads);
    server.createContext("/ask", exchange -> {
      String question = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      byte[] answer = assistant.chat(question).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    }).getFilters().add(http.serverFilter());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    serverThreads.shutdownNow();
    openAi.close();
  }

  @Test
  void theInvocationAndItsLlmCallNestUnderTheCallersSpanFromAnotherService() throws Exception {
    openAi.enqueue(Reply.text("Pendulums and moons.").usage(10, 4));
    HttpClient client = JdkHttpTracing.create(tracing.tracer()).client(HttpClient.newHttpClient());
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ask");

    Span trace = tracing.tracer().traceBuilder("frontend request").start();
    Span call = tracing.tracer().spanBuilder("call assistant service", SpanType.WORKFLOW).setParent(
        ai.galileo.tracing.Context.root().with(trace)).start();
    HttpResponse<String> response;
    try (Scope scope = call.makeCurrent()) {
      response = client.send(HttpRequest.newBuilder(uri)
          .POST(HttpRequest.BodyPublishers.ofString("What did Galileo study?")).build(),
          HttpResponse.BodyHandlers.ofString());
    } finally {
      call.end();
      trace.end();
    }

    assertThat(response.body()).isEqualTo("Pendulums and moons.");
    // The server's span ends after its handler has answered.
    tracing.awaitSpan("POST /ask", java.time.Duration.ofSeconds(10));
    List<SpanData> spans = tracing.assertSingleTrace();
    assertThat(spans).extracting(SpanData::name).containsExactlyInAnyOrder(
        "frontend request", "call assistant service", "POST /ask", "Assistant.chat", "chat gpt-4o-mini");
    SpanData server = tracing.span("POST /ask");
    assertThat(server.parentId()).isEqualTo(call.context().spanId());
    assertThat(server.remoteParent()).isTrue();
    SpanData invocation = tracing.span("Assistant.chat");
    assertThat(invocation.parentId()).isEqualTo(server.spanId());
    SpanData llm = tracing.span("chat gpt-4o-mini");
    assertThat(llm.parentId()).isEqualTo(invocation.spanId());
    assertThat(llm.llm().inputTokens()).isEqualTo(10L);
  }
}
