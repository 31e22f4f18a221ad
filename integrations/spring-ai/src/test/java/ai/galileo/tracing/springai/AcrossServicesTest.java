package ai.galileo.tracing.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A caller's span that came over HTTP from another service: the ChatClient call a request handler
 * makes, and its model call, nest under the server span, which nests under the caller's.
 */
class AcrossServicesTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private FakeOpenAi openAi;
  private SpringAiApp app;
  private HttpServer server;
  private ExecutorService serverThreads;

  @BeforeEach
  void start() throws Exception {
    openAi = FakeOpenAi.start();
    // With Spring AI's prompt and completion logging on: the spans do not come from it, and are
    // the same either way (the other tests run with it off, the default).
    app = SpringAiApp.start(openAi,
        "spring.ai.chat.observations.log-prompt=true",
        "spring.ai.chat.observations.log-completion=true",
        "spring.ai.chat.client.observations.log-prompt=true",
        "spring.ai.chat.client.observations.log-completion=true");
    JdkHttpTracing http = JdkHttpTracing.create(tracing.tracer());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    serverThreads = Executors.newFixedThreadPool(2);
    server.setExecutor(serverThreads);
    server.createContext("/ask", exchange -> {
      String question = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      byte[] answer = app.chatClient().prompt().user(question).call().content().getBytes(StandardCharsets.UTF_8);
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
    app.close();
    openAi.close();
  }

  @Test
  void theChatClientCallAndItsLlmCallNestUnderTheCallersSpanFromAnotherService() throws Exception {
    openAi.enqueue(Reply.text("Pendulums and moons.").usage(10, 4));
    HttpClient client = JdkHttpTracing.create(tracing.tracer()).client(HttpClient.newHttpClient());
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ask");

    Span trace = tracing.tracer().traceBuilder("frontend request").start();
    Span call = tracing.tracer().spanBuilder("call assistant service", SpanType.WORKFLOW)
        .setParent(Context.root().with(trace)).start();
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
    Spans spans = new Spans(tracing.assertSingleTrace());
    SpanData server = spans.named("POST /ask");
    assertThat(server.parentId()).isEqualTo(call.context().spanId());
    assertThat(server.remoteParent()).isTrue();
    SpanData chatClient = spans.named("ChatClient.call");
    assertThat(chatClient.parentId()).isEqualTo(server.spanId());
    SpanData llm = spans.only(SpanType.LLM);
    assertThat(spans.ancestry(llm)).startsWith("advisor call").containsSubsequence(
        "ChatClient.call", "POST /ask", "call assistant service", "frontend request");
    assertThat(llm.llm().inputTokens()).isEqualTo(10L);
    assertThat(llm.llm().outputTokens()).isEqualTo(4L);
    assertThat(llm.input()).isEqualTo(Content.messages(Message.user("What did Galileo study?")));
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant("Pendulums and moons.")));
  }
}
