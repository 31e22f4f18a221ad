package ai.galileo.tracing.langchain4j;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.langchain4j.internal.AiServiceTracing;
import ai.galileo.tracing.langchain4j.internal.AutoRegistration;
import ai.galileo.tracing.langchain4j.internal.LangChain4jIntegration;
import ai.galileo.tracing.langchain4j.internal.Listeners;
import ai.galileo.tracing.langchain4j.internal.TracerRef;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverListener;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreListener;
import java.util.List;
import java.util.Objects;

/**
 * Galileo tracing for LangChain4j, through LangChain4j's own listener APIs.
 *
 * <pre>{@code
 * GalileoLangChain4j tracing = GalileoLangChain4j.create();
 *
 * // Chat models: one LLM span per call, sync or streaming.
 * ChatModel model = OpenAiChatModel.builder().apiKey(key).listeners(List.of(tracing.chatModelListener())).build();
 *
 * // Retrievers and embedding stores: a RETRIEVER span per retrieval or search.
 * ContentRetriever retriever = EmbeddingStoreContentRetriever.from(store).addListener(tracing.contentRetrieverListener());
 *
 * // AI Services: nothing to do; each invocation is an AGENT span (a WORKFLOW one when it offers
 * // no tools) with its LLM spans and the TOOL spans its tools run in.
 * }</pre>
 *
 * <p>Every listener logs under the span current when LangChain4j calls it (or, inside an AI
 * Service, under the invocation's span), keeps its per-call state in the attributes LangChain4j
 * hands back (so a streaming call that finishes on another thread ends the right span), and never
 * lets a failure of its own reach the LangChain4j call.
 *
 * @since 0.1.0
 */
public final class GalileoLangChain4j {
  private final ChatModelListener chatModelListener;
  private final ContentRetrieverListener contentRetrieverListener;
  private final EmbeddingStoreListener embeddingStoreListener;
  private final AiServiceTracing aiServices;

  private GalileoLangChain4j(TracerRef tracer, AiServiceTracing aiServices) {
    this.chatModelListener = Listeners.chatModel(tracer);
    this.contentRetrieverListener = Listeners.contentRetriever(tracer);
    this.embeddingStoreListener = Listeners.embeddingStore(tracer);
    this.aiServices = aiServices;
  }

  /**
   * Tracing with the tracer {@link Galileo#tracer()} returns at each call, so listeners made before
   * the application installs its tracer still log with it.
   */
  public static GalileoLangChain4j create() {
    LangChain4jIntegration.setUp();
    return new GalileoLangChain4j(TracerRef.global(), AutoRegistration.shared());
  }

  /** Tracing with the given tracer. */
  public static GalileoLangChain4j create(Tracer tracer) {
    LangChain4jIntegration.setUp();
    TracerRef ref = TracerRef.of(Objects.requireNonNull(tracer, "tracer"));
    return new GalileoLangChain4j(ref, new AiServiceTracing(ref));
  }

  /**
   * The listener to give each chat model's builder ({@code .listeners(List.of(...))}): one
   * {@code LLM} span per call, with the messages, the answer and its tool calls, the model, the
   * temperature, token counts, the finish reason and errors. A call an AI Service makes is logged
   * once, by the AI Service's listeners.
   */
  public ChatModelListener chatModelListener() {
    return chatModelListener;
  }

  /**
   * The listener to add to a content retriever ({@code retriever.addListener(...)} returns the
   * listening retriever to use): a {@code RETRIEVER} span per retrieval with the query and the
   * documents (text, metadata, score).
   */
  public ContentRetrieverListener contentRetrieverListener() {
    return contentRetrieverListener;
  }

  /**
   * The listener to add to an embedding store ({@code store.addListener(...)} returns the
   * listening store to use): a {@code RETRIEVER} span per search with the matches and their scores.
   */
  public EmbeddingStoreListener embeddingStoreListener() {
    return embeddingStoreListener;
  }

  /**
   * The AI Service listeners, for {@code AiServices.builder(...).registerListeners(...)} when
   * automatic registration is off ({@code GALILEO_LANGCHAIN4J_AUTO=false}) or another library's
   * registrar factory takes precedence. Registering them as well as the automatic ones logs each
   * invocation once. Registered by hand without the automatic tool hook, they log each tool after
   * it ran, from its {@code ToolExecutedEvent}.
   */
  public List<AiServiceListener<?>> aiServiceListeners() {
    return aiServices.listeners();
  }

  /**
   * Whether AI Services get Galileo's listeners, and the tool hook that makes each tool's span
   * current while it runs, without any set-up: true unless {@code GALILEO_LANGCHAIN4J_AUTO} (or the
   * system property {@code galileo.langchain4j.auto}) is {@code false}.
   */
  public static boolean automaticRegistration() {
    return AutoRegistration.enabled();
  }
}
