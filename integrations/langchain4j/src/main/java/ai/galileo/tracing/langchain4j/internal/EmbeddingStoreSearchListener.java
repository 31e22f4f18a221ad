package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreErrorContext;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreListener;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreRequestContext;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreResponseContext;

/**
 * A {@code RETRIEVER} span per embedding store search: the query (its text when the request has
 * one, else the size of the embedding), the limits, and the matches with their scores. Adding and
 * removing embeddings is ingestion, not retrieval, and is not logged.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class EmbeddingStoreSearchListener implements EmbeddingStoreListener {
  private static final Object SPAN = new Object();

  private final TracerRef tracer;

  EmbeddingStoreSearchListener(TracerRef tracer) {
    this.tracer = tracer;
  }

  @Override
  public void onRequest(EmbeddingStoreRequestContext<?> request) {
    Guard.run("EmbeddingStoreListener.onRequest", () -> {
      if (!(request instanceof EmbeddingStoreRequestContext.Search<?> search)
          || request.attributes().containsKey(SPAN)) {
        return;
      }
      EmbeddingSearchRequest r = search.searchRequest();
      SpanBuilder b = tracer.get().spanBuilder("search embedding store", SpanType.RETRIEVER)
          .setParent(Context.current())
          .setInput(query(r))
          .setMetadata("max_results", Integer.toString(r.maxResults()))
          .setMetadata("min_score", Double.toString(r.minScore()));
      if (r.filter() != null) {
        b.setMetadata("filter", r.filter().toString());
      }
      request.attributes().put(SPAN, b.start());
    });
  }

  @Override
  public void onResponse(EmbeddingStoreResponseContext<?> response) {
    Guard.run("EmbeddingStoreListener.onResponse", () -> {
      if (response instanceof EmbeddingStoreResponseContext.Search<?> search
          && response.attributes().remove(SPAN) instanceof Span span) {
        span.end(Documents.ofMatches(search.searchResult().matches()));
      }
    });
  }

  @Override
  public void onError(EmbeddingStoreErrorContext<?> error) {
    Guard.run("EmbeddingStoreListener.onError", () -> {
      if (error.attributes().remove(SPAN) instanceof Span span) {
        span.recordError(error.error());
        span.end();
      }
    });
  }

  private static String query(EmbeddingSearchRequest r) {
    if (r.query() != null) {
      return r.query();
    }
    return r.queryEmbedding() == null ? "" : "an embedding of " + r.queryEmbedding().dimension() + " dimensions";
  }
}
