package ai.galileo.examples.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire format of the retrieval service, the same over HTTP and gRPC. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static String request(String query, int topK) {
    return MAPPER.createObjectNode().put("query", query).put("top_k", topK).toString();
  }

  /** The retrieved contents: each one's text, and its segment's metadata with its score. */
  static String results(List<Content> contents, String service) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("service", service);
    ArrayNode results = out.putArray("results");
    for (Content c : contents) {
      ObjectNode r = results.addObject();
      r.put("content", c.textSegment().text());
      Map<String, Object> metadata = new LinkedHashMap<>(c.textSegment().metadata().toMap());
      Object score = c.metadata().get(ContentMetadata.SCORE);
      if (score != null) {
        metadata.put("score", score);
      }
      r.set("metadata", MAPPER.valueToTree(metadata));
    }
    return out.toString();
  }

  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> map(JsonNode node) {
    return MAPPER.convertValue(node, Map.class);
  }
}
