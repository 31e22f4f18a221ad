package ai.galileo.tracing.langchain4j.internal;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverListener;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreListener;

/**
 * Makes the listeners whose classes stay internal.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class Listeners {
  private Listeners() {}

  public static ChatModelListener chatModel(TracerRef tracer) {
    return new ChatListener(tracer);
  }

  public static ContentRetrieverListener contentRetriever(TracerRef tracer) {
    return new RetrieverListener(tracer);
  }

  public static EmbeddingStoreListener embeddingStore(TracerRef tracer) {
    return new EmbeddingStoreSearchListener(tracer);
  }
}
