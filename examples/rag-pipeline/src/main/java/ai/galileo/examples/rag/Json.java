package ai.galileo.examples.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The wire format of the retrieval service, the same over HTTP and gRPC. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static String request(String query, int topK) {
    return MAPPER.createObjectNode().put("query", query).put("top_k", topK).toString();
  }

  static String results(List<KnowledgeBase.Hit> hits, String service) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("service", service);
    ArrayNode results = out.putArray("results");
    for (KnowledgeBase.Hit h : hits) {
      ObjectNode r = results.addObject();
      r.put("content", h.fact().text());
      r.set("metadata", MAPPER.valueToTree(h.document().metadata()));
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
