package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.openai.GalileoOpenAI;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 8: one chat completion through the OpenAI Java SDK's own client, whose transport is
 * stubbed in-process (a canned answer with token usage, no socket), so what is measured is the
 * SDK's call path (request JSON, retries wrapper, response parsing) plus, traced, what
 * {@code galileo-openai}'s wrapper adds: the proxy, reading the request and the answer, and one
 * LLM span into a batch-mode pipeline whose exporter discards. Runs under a span made current.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OpenAiBenchmarks {

  static final ChatCompletionCreateParams PARAMS = ChatCompletionCreateParams.builder()
      .model("gpt-4o-mini").temperature(0.2)
      .addSystemMessage("You answer questions about the history of science in one sentence.")
      .addUserMessage("What did Galileo Galilei observe through his telescope in 1610?")
      .build();

  static final byte[] ANSWER = ("{\"id\":\"chatcmpl-0001\",\"object\":\"chat.completion\",\"created\":1,"
      + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      + "\"content\":\"He observed four moons orbiting Jupiter, the phases of Venus and the craters of the Moon.\","
      + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":24,\"total_tokens\":66}}")
      .getBytes(StandardCharsets.UTF_8);

  /** The SDK's transport, answering every request with {@link #ANSWER} at once. */
  static final class CannedHttpClient implements HttpClient {
    private static final Headers HEADERS = Headers.builder().put("content-type", "application/json").build();

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions options) {
      return new HttpResponse() {
        @Override
        public int statusCode() {
          return 200;
        }

        @Override
        public Headers headers() {
          return HEADERS;
        }

        @Override
        public InputStream body() {
          return new ByteArrayInputStream(ANSWER);
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
      return CompletableFuture.completedFuture(execute(request, options));
    }

    @Override
    public void close() {}
  }

  static OpenAIClient client() {
    return new OpenAIClientImpl(ClientOptions.builder().httpClient(new CannedHttpClient())
        .apiKey("sk-benchmark").maxRetries(0).build());
  }

  @State(Scope.Thread)
  public static class Untraced {
    final OpenAIClient client = client();
  }

  @State(Scope.Thread)
  public static class Galileo {
    GalileoTracer tracer;
    OpenAIClient client;
    Span parent;
    ai.galileo.tracing.Scope parentScope;

    @Setup(Level.Trial)
    public void setUp() {
      tracer = Fixtures.galileo(Mode.BATCH);
      client = GalileoOpenAI.create(tracer).wrap(client());
      parent = tracer.traceBuilder("request").start();
      parentScope = parent.makeCurrent();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      parentScope.close();
      parent.end();
      tracer.shutdown(Fixtures.shutdownWait());
    }
  }

  @Benchmark
  public ChatCompletion chat_untraced(Untraced u) {
    return u.client.chat().completions().create(PARAMS);
  }

  @Benchmark
  public ChatCompletion chat_galileo(Galileo g) {
    return g.client.chat().completions().create(PARAMS);
  }
}
