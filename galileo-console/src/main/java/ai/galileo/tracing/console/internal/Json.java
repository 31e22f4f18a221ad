package ai.galileo.tracing.console.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON mapper of the console. Request bodies are read as trees, so unknown fields are
 * kept as they came; duplicate keys and trailing garbage are errors, as are strings and nesting
 * beyond Jackson's limits (a body is already capped in size before it gets here).
 */
public final class Json {
  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper MAPPER = JsonMapper.builder(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder()
                  .maxNestingDepth(256)
                  .maxStringLength(Integer.MAX_VALUE / 4)
                  .maxNumberLength(100)
                  .build())
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private Json() {}

  /**
   * Parses a request body.
   *
   * @throws IOException with Jackson's location when it is not one well-formed JSON value
   */
  public static JsonNode parse(byte[] body) throws IOException {
    try (JsonParser p = MAPPER.createParser(body)) {
      JsonNode node = MAPPER.readTree(p);
      if (node == null) {
        throw new IOException("the body is empty");
      }
      return node;
    }
  }

  /** Parses JSON this console stored itself; a failure is a bug, not bad input. */
  public static ObjectNode parseStored(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node instanceof ObjectNode o) {
        return o;
      }
      throw new IllegalStateException("stored record is not an object");
    } catch (IOException e) {
      throw new UncheckedIOException("stored record is not JSON", e);
    }
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a tree in memory always writes
    }
  }

  public static byte[] bytes(JsonNode node) {
    return write(node).getBytes(StandardCharsets.UTF_8);
  }

  /** A generator writing UTF-8 to {@code out}, which it leaves open. */
  public static com.fasterxml.jackson.core.JsonGenerator generator(java.io.OutputStream out)
      throws IOException {
    return MAPPER.getFactory().createGenerator(out)
        .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** The text of a string field, or null when absent, null or not a string. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }
}
