package ai.galileo.tracing.testing.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /v1/embeddings}: deterministic vectors by feature hashing. Each keyword of the text
 * adds ±1 to a dimension chosen by its hash, and the vector is scaled to length 1; so texts that
 * share words are close by cosine similarity, and a vector store on top of it retrieves sensibly.
 */
final class Embeddings {
  private Embeddings() {}

  static void validate(JsonNode body) throws ApiError {
    Requests.requireModel(body);
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      throw ApiError.invalid("input", "missing_required_parameter", "Missing required parameter: 'input'.");
    }
    boolean empty = (input.isTextual() && input.asText().isEmpty()) || (input.isArray() && input.isEmpty());
    boolean wrongType = !input.isTextual() && !input.isArray();
    if (input.isArray()) {
      for (JsonNode element : input) {
        wrongType |= !element.isTextual() && !element.isIntegralNumber() && !element.isArray();
        empty |= element.isTextual() && element.asText().isEmpty();
      }
    }
    if (empty || wrongType) {
      throw ApiError.invalid(null, null,
          "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");
    }
    JsonNode format = body.get("encoding_format");
    if (format != null && !format.isNull()
        && !(format.asText().equals("float") || format.asText().equals("base64"))) {
      throw ApiError.invalid("encoding_format", "invalid_value", "Invalid value: '" + format.asText()
          + "'. Supported values are: 'float' and 'base64'.");
    }
    JsonNode dimensions = body.get("dimensions");
    if (dimensions != null && !dimensions.isNull()) {
      if (!dimensions.isIntegralNumber()) {
        throw ApiError.invalid("dimensions", "invalid_type", "Invalid type for 'dimensions': expected an integer, but got "
            + Requests.typeName(dimensions) + " instead.");
      }
      if (dimensions.asInt() < 1) {
        throw ApiError.invalid("dimensions", "integer_below_min_value",
            "Invalid 'dimensions': integer below minimum value. Expected a value >= 1, but got "
                + dimensions.asInt() + " instead.");
      }
    }
  }

  static ObjectNode response(JsonNode body, int defaultDimensions) {
    int dimensions = body.path("dimensions").isIntegralNumber() ? body.get("dimensions").asInt() : defaultDimensions;
    boolean base64 = body.path("encoding_format").asText("float").equals("base64");
    List<String> texts = Prompts.embeddingInputs(body.get("input"));
    ObjectNode root = Json.object().put("object", "list");
    ArrayNode data = root.putArray("data");
    long tokens = 0;
    for (int i = 0; i < texts.size(); i++) {
      float[] vector = vector(texts.get(i), dimensions);
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      if (base64) {
        item.put("embedding", base64(vector));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float v : vector) {
          values.add(v);
        }
      }
      tokens += Math.max(1, Words.count(texts.get(i)));
    }
    root.put("model", body.path("model").asText());
    root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    return root;
  }

  /** The vector of a text: the same for the same text, dimensions and JVM or not. */
  static float[] vector(String text, int dimensions) {
    float[] v = new float[dimensions];
    List<String> words = Words.keywords(text);
    if (words.isEmpty()) {
      words = List.of(text.strip().toLowerCase(Locale.ROOT)); // no keywords: the text as one feature
    }
    for (String word : words) {
      long h = fnv1a(word);
      int bucket = (int) Long.remainderUnsigned(h >>> 1, dimensions);
      v[bucket] += (h & 1) == 0 ? 1f : -1f;
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm == 0) { // the features cancelled out: fall back to one dimension
      v[(int) Long.remainderUnsigned(fnv1a(text), dimensions)] = 1f;
      return v;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimensions; i++) {
      v[i] *= scale;
    }
    return v;
  }

  /** Little-endian float32s, base64: what {@code encoding_format: "base64"} returns. */
  private static String base64(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : vector) {
      buffer.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  private static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
