package ai.galileo.tracing.openai;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import java.time.Duration;
import java.util.List;

/** The real OpenAI clients (OkHttp transport), pointed at the fake server on loopback. */
final class Fakes {
  private Fakes() {}

  /** No retries, so that an error status reaches the caller at once; responses validated. */
  static OpenAIClient client(FakeOpenAi fake) {
    return OpenAIOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey(fake.apiKey())
        .maxRetries(0).responseValidation(true).timeout(Duration.ofSeconds(30)).build();
  }

  static OpenAIClientAsync asyncClient(FakeOpenAi fake) {
    return OpenAIOkHttpClientAsync.builder().baseUrl(fake.baseUrl()).apiKey(fake.apiKey())
        .maxRetries(0).responseValidation(true).timeout(Duration.ofSeconds(30)).build();
  }

  /** The LLM spans that ended, in the order they ended. */
  static List<SpanData> llmSpans(GalileoTracingExtension tracing) {
    return tracing.spans().stream().filter(s -> s.type() == SpanType.LLM).toList();
  }

  /** The one LLM span that ended. */
  static SpanData llmSpan(GalileoTracingExtension tracing) {
    List<SpanData> llm = llmSpans(tracing);
    if (llm.size() != 1) {
      throw new AssertionError("expected one LLM span, found " + llm.size() + ": " + tracing.spans());
    }
    return llm.get(0);
  }
}
