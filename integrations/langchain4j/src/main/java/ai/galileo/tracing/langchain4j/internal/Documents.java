package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retrieved contents and embedding matches as Galileo {@link Document}s: the text, the segment's
 * metadata, and the score and embedding id the retriever reported. Metadata values Galileo cannot
 * hold as they are (a UUID, a date) are kept as their text.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Documents {
  private Documents() {}

  static Content ofContents(List<dev.langchain4j.rag.content.Content> contents) {
    List<Document> docs = new ArrayList<>(contents.size());
    for (dev.langchain4j.rag.content.Content c : contents) {
      if (c == null) {
        continue;
      }
      Map<String, Object> metadata = segmentMetadata(c.textSegment());
      Map<ContentMetadata, Object> scores = c.metadata();
      if (scores != null) {
        put(metadata, "score", scores.get(ContentMetadata.SCORE));
        put(metadata, "reranked_score", scores.get(ContentMetadata.RERANKED_SCORE));
        put(metadata, "embedding_id", scores.get(ContentMetadata.EMBEDDING_ID));
      }
      docs.add(Document.of(c.textSegment() == null ? "" : c.textSegment().text(), metadata));
    }
    return Content.documents(docs);
  }

  static Content ofMatches(List<? extends EmbeddingMatch<?>> matches) {
    List<Document> docs = new ArrayList<>(matches.size());
    for (EmbeddingMatch<?> m : matches) {
      if (m == null) {
        continue;
      }
      Object embedded = m.embedded();
      Map<String, Object> metadata;
      String text;
      if (embedded instanceof TextSegment segment) {
        metadata = segmentMetadata(segment);
        text = segment.text();
      } else {
        metadata = new LinkedHashMap<>();
        text = embedded == null ? "" : String.valueOf(embedded);
      }
      put(metadata, "score", m.score());
      put(metadata, "embedding_id", m.embeddingId());
      docs.add(Document.of(text, metadata));
    }
    return Content.documents(docs);
  }

  private static Map<String, Object> segmentMetadata(TextSegment segment) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (segment != null && segment.metadata() != null) {
      segment.metadata().toMap().forEach((k, v) -> put(out, k, v));
    }
    return out;
  }

  private static void put(Map<String, Object> metadata, String key, Object value) {
    if (key == null || value == null) {
      return;
    }
    metadata.put(key, value instanceof String || value instanceof Number || value instanceof Boolean
        ? value : String.valueOf(value));
  }
}
