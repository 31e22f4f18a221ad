package ai.galileo.tracing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A retrieved document: the output of a {@link SpanType#RETRIEVER} span.
 *
 * @param content the document's text
 * @param metadata values that are strings, booleans or numbers (Galileo's schema allows no others);
 *     never null, iteration order kept
 * @since 0.1.0
 */
public record Document(String content, Map<String, Object> metadata) {
  public Document {
    content = content == null ? "" : content;
    if (metadata == null || metadata.isEmpty()) {
      metadata = Map.of();
    } else {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : metadata.entrySet()) {
        Object v = e.getValue();
        Objects.requireNonNull(e.getKey(), "metadata key");
        if (!(v instanceof String || v instanceof Boolean || v instanceof Number)) {
          throw new IllegalArgumentException("document metadata '" + e.getKey()
              + "' must be a String, Boolean or Number, was "
              + (v == null ? "null" : v.getClass().getName()));
        }
        copy.put(e.getKey(), v);
      }
      metadata = Collections.unmodifiableMap(copy);
    }
  }

  public static Document of(String content) {
    return new Document(content, Map.of());
  }

  public static Document of(String content, Map<String, Object> metadata) {
    return new Document(content, metadata);
  }
}
