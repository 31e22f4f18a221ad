package ai.galileo.examples.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The model endpoint's first answer to a request that offers tools, in OpenAI's
 * {@code tool_calls} shape: one call of each function tool it can fill in from the question, in
 * the order offered. It can fill in a tool whose required parameters are all strings (each gets
 * the question's search words, as the orchestrator's "analyse question" step makes them) or that
 * has none; a tool that needs anything else is not called. The ids and the arguments depend on the
 * question alone, so a question always gets the same calls.
 */
final class ToolCalls {
  private ToolCalls() {}

  /** The calls for the question; empty when no tool offered can be filled in. */
  static ArrayNode forQuestion(String question, JsonNode tools) {
    ArrayNode calls = Json.MAPPER.createArrayNode();
    if (!tools.isArray()) {
      return calls;
    }
    String words = String.join(" ", KnowledgeBase.keywords(question));
    String terms = words.isEmpty() ? question : words;
    String idPrefix = "call_" + digest(question);
    for (JsonNode tool : tools) {
      JsonNode function = tool.path("function");
      String name = function.path("name").asText("");
      if (!tool.path("type").asText("function").equals("function") || name.isEmpty()) {
        continue;
      }
      ObjectNode arguments = arguments(function.path("parameters"), terms);
      if (arguments != null) {
        String id = idPrefix + "_" + (calls.size() + 1);
        ObjectNode call = calls.addObject().put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments.toString());
      }
    }
    return calls;
  }

  /** Whitespace-separated words of the calls' names and arguments, as the endpoint counts tokens. */
  static long whitespaceTokens(ArrayNode calls) {
    long n = 0;
    for (JsonNode call : calls) {
      JsonNode f = call.path("function");
      n += ModelGateway.whitespaceTokens(f.path("name").asText(), f.path("arguments").asText());
    }
    return n;
  }

  /** Each required string parameter set to the terms; null when a required one is not a string. */
  private static ObjectNode arguments(JsonNode parameters, String terms) {
    ObjectNode arguments = Json.MAPPER.createObjectNode();
    Set<String> required = new LinkedHashSet<>();
    parameters.path("required").forEach(r -> required.add(r.asText()));
    JsonNode properties = parameters.path("properties");
    for (String name : required) {
      if (!properties.path(name).path("type").asText("").equals("string")) {
        return null;
      }
      arguments.put(name, terms);
    }
    return arguments;
  }

  /** The first eight hex digits of the question's SHA-256: an id that says which question it was for. */
  private static String digest(String question) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(question.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
