package ai.galileo.examples.rag;

import ai.galileo.tracing.langchain4j.GalileoLangChain4j;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.Map;

/**
 * The orchestrator's LLM: a LangChain4j {@link OpenAiChatModel} with Galileo's chat model listener,
 * so the integration logs each call as an {@code llm} span (model, messages, answer, tokens).
 *
 * <p>With {@code OPENAI_API_KEY} set it calls {@code OPENAI_BASE_URL} (default OpenAI) with
 * {@code OPENAI_MODEL} (default {@code gpt-4o-mini}); without, the demo's {@link ModelGateway}
 * at the {@code --model-url} given (default {@code http://127.0.0.1:8010/v1}).
 *
 * @param model the chat model
 * @param baseUrl where it sends its requests
 * @param modelName the model it asks for
 * @param local whether it is the demo's own endpoint
 */
record LanguageModel(ChatModel model, String baseUrl, String modelName, boolean local) {
  static final String OPENAI_URL = "https://api.openai.com/v1";
  static final String DEFAULT_LOCAL_URL = "http://127.0.0.1:8010/v1";

  /** Chosen from the environment given ({@code System.getenv()} outside tests). */
  static LanguageModel fromEnvironment(Map<String, String> env, String localUrl, GalileoLangChain4j tracing) {
    String key = env.get("OPENAI_API_KEY");
    if (key != null && !key.isBlank()) {
      String baseUrl = nonBlank(env.get("OPENAI_BASE_URL"), OPENAI_URL);
      String modelName = nonBlank(env.get("OPENAI_MODEL"), "gpt-4o-mini");
      return new LanguageModel(build(baseUrl, key, modelName, tracing), baseUrl, modelName, false);
    }
    // The demo's endpoint checks no key; the client needs one to send.
    return new LanguageModel(build(localUrl, "no-key-needed", ModelGateway.MODEL, tracing), localUrl,
        ModelGateway.MODEL, true);
  }

  private static ChatModel build(String baseUrl, String key, String modelName, GalileoLangChain4j tracing) {
    return OpenAiChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey(key)
        .modelName(modelName)
        .temperature(0.0)
        .timeout(Duration.ofSeconds(60))
        .maxRetries(0) // one call, one llm span; the demo retries nothing
        .listeners(tracing.chatModelListener()) // the one line: each call an llm span
        .build();
  }

  private static String nonBlank(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  /** What to tell the user when the endpoint could not be reached. */
  String unreachable() {
    return local
        ? "could not reach the demo's model endpoint at " + baseUrl + " (start it: ./demo model, or pass"
            + " --model-url; or set OPENAI_API_KEY)"
        : "the OpenAI-compatible endpoint at " + baseUrl + " failed";
  }
}
