package ai.galileo.tracing.openai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.sun.net.httpserver.HttpServer;
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
 * A caller's span that came over HTTP from another service: the LLM calls a request handler makes
 * through the traced client nest under the server span, which nests under the caller's.
 */
class AcrossServicesTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private FakeOpenAi openAi;
  private OpenAIClient openAiClient;
  private HttpServer server;
  private ExecutorService serverThreads;

  @BeforeEach
  void start() throws Exception {
    openAi = FakeOpenAi.start();
    openAiClient = GalileoOpenAI.create().wrap(Fakes.client(openAi));
    JdkHttpTracing http = JdkHttpTracing.create(tracing.tracer());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    serverThreads = Executors.newFixedThreadPool(2);
    server.setExecutor(serverThreads);
    server.createContext("/ask", exchange -> {
      String question = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
          .addUserMessage(question).build();
      // One whole answer, then the same question streamed: two LLM spans under the server span.
      String whole = openAiClient.chat().completions().create(params).choices().get(0).message().content().orElse("");
      StringBuilder streamed = new StringBuilder();
      try (StreamResponse<ChatCompletionChunk> stream = openAiClient.chat().completions().createStreaming(
          params.toBuilder().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
        stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
      }
      byte[] answer = (whole + " | " + streamed).getBytes(StandardCharsets.UTF_8);
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
    openAiClient.close();
    openAi.close();
  }

  @Test
  void theLlmSpansNestUnderTheServerSpanWhichNestsUnderTheCallersSpanFromAnotherService() throws Exception {
    openAi.enqueue(Reply.text("Pendulums and moons.").usage(10, 4), 2);
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

    assertThat(response.body()).isEqualTo("Pendulums and moons. | Pendulums and moons.");
    // The server's span ends after its handler has answered.
    tracing.awaitSpan("POST /ask", java.time.Duration.ofSeconds(10));
    List<SpanData> spans = tracing.assertSingleTrace();
    assertThat(spans).extracting(SpanData::name).containsExactlyInAnyOrder(
        "frontend request", "call assistant service", "POST /ask", "chat gpt-4o-mini", "chat gpt-4o-mini");
    SpanData serverSpan = tracing.span("POST /ask");
    assertThat(serverSpan.parentId()).isEqualTo(call.context().spanId());
    assertThat(serverSpan.remoteParent()).isTrue();
    List<SpanData> llm = Fakes.llmSpans(tracing);
    assertThat(llm).hasSize(2).allSatisfy(s -> {
      assertThat(s.parentId()).isEqualTo(serverSpan.spanId());
      assertThat(s.traceId()).isEqualTo(trace.context().traceId());
      assertThat(s.llm().inputTokens()).isEqualTo(10L);
    });
    assertThat(llm).extracting(s -> s.metadata().get("stream")).containsExactlyInAnyOrder(null, "true");
  }
}
