package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spring AI's documents as Galileo {@link Document}s: the text, the document's metadata, its id and
 * the score the vector store gave it. Metadata values Galileo cannot hold as they are (a list, a
 * date) are kept as their text; a document that is media rather than text is named by its MIME type.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Documents {
  private Documents() {}

  static Content of(List<org.springframework.ai.document.Document> documents) {
    List<Document> out = new ArrayList<>(documents.size());
    for (org.springframework.ai.document.Document d : documents) {
      if (d == null) {
        continue;
      }
      Map<String, Object> metadata = new LinkedHashMap<>();
      if (d.getMetadata() != null) {
        d.getMetadata().forEach((k, v) -> put(metadata, k, v));
      }
      put(metadata, "id", d.getId());
      put(metadata, "score", d.getScore());
      String text = d.getText();
      if (text == null && d.getMedia() != null) {
        text = "[" + d.getMedia().getMimeType() + "]";
      }
      out.add(Document.of(text, metadata));
    }
    return Content.documents(out);
  }

  static void put(Map<String, Object> metadata, String key, Object value) {
    if (key == null || value == null) {
      return;
    }
    metadata.put(key, value instanceof String || value instanceof Number || value instanceof Boolean
        ? value : String.valueOf(value));
  }
}
