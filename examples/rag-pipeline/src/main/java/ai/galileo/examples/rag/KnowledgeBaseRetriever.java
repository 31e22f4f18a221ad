package ai.galileo.examples.rag;

import ai.galileo.tracing.Span;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import java.util.List;
import java.util.Map;

/**
 * The knowledge base as a LangChain4j {@link ContentRetriever}: each hit becomes a text segment
 * (metadata {@code id}, {@code topic}, {@code source}) with its score. The retrieval service adds
 * Galileo's retriever listener to it, so the integration logs each search as a {@code retriever}
 * span with the query and these documents.
 */
final class KnowledgeBaseRetriever implements ContentRetriever {
  private final KnowledgeBase knowledgeBase;
  private final int topK;
  private final long delayMs;

  /** @param delayMs how much longer each search takes (a slow service) */
  KnowledgeBaseRetriever(KnowledgeBase knowledgeBase, int topK, long delayMs) {
    this.knowledgeBase = knowledgeBase;
    this.topK = topK;
    this.delayMs = delayMs;
  }

  @Override
  public List<Content> retrieve(Query query) {
    // The listener's retriever span is current while the retrieval runs.
    Span.current().setMetadata("top_k", Integer.toString(topK));
    pause(delayMs);
    return knowledgeBase.search(query.text(), topK).stream().map(KnowledgeBaseRetriever::content).toList();
  }

  private static Content content(KnowledgeBase.Hit hit) {
    KnowledgeBase.Fact f = hit.fact();
    TextSegment segment = TextSegment.from(f.text(),
        Metadata.from(Map.of("id", f.id(), "topic", f.topic(), "source", "knowledge-base")));
    return Content.from(segment, Map.of(ContentMetadata.SCORE, Math.round(hit.score() * 1000) / 1000.0));
  }

  static void pause(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
