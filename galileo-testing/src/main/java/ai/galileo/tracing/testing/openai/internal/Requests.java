package ai.galileo.tracing.testing.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks every endpoint makes, with the real API's messages. */
final class Requests {
  private Requests() {}

  static void requireModel(JsonNode body) throws ApiError {
    JsonNode model = body.get("model");
    if (model == null || model.isNull() || (model.isTextual() && model.asText().isEmpty())) {
      throw ApiError.invalid(null, null, "you must provide a model parameter");
    }
    if (!model.isTextual()) {
      throw ApiError.invalid("model", "invalid_type",
          "Invalid type for 'model': expected a string, but got " + typeName(model) + " instead.");
    }
  }

  static void streamOptionsOnlyWithStream(JsonNode body) throws ApiError {
    JsonNode options = body.get("stream_options");
    if (options != null && !options.isNull() && !body.path("stream").asBoolean(false)) {
      throw ApiError.invalid("stream_options", null,
          "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
    }
  }

  static String typeName(JsonNode node) {
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isIntegralNumber()) {
      return "an integer";
    }
    if (node.isNumber()) {
      return "a decimal";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return "null";
  }
}
