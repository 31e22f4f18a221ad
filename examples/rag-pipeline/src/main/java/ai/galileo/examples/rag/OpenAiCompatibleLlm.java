package ai.galileo.examples.rag;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.adk.models.BaseLlm;
import com.google.adk.models.BaseLlmConnection;
import com.google.adk.models.LlmRequest;
import com.google.adk.models.LlmResponse;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.FunctionResponse;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.Part;
import com.google.genai.types.Tool;
import io.reactivex.rxjava3.core.Flowable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An ADK model over an OpenAI-compatible chat completions endpoint: the demo's {@link ModelGateway}
 * (or OpenAI, with {@code OPENAI_API_KEY}). ADK 1.8.0 ships Gemini and Anthropic models only, and no
 * LangChain4j adapter at that version, so the demo translates ADK's request (GenAI contents,
 * function declarations) into OpenAI's messages and tools and the answer back, non-streaming. It is
 * not traced itself: galileo-adk's plugin logs each call as an LLM span from ADK's callbacks.
 */
final class OpenAiCompatibleLlm extends BaseLlm {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final URI completions;
  private final String apiKey;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  OpenAiCompatibleLlm(String baseUrl, String apiKey, String model) {
    super(model);
    this.completions = URI.create(baseUrl.replaceAll("/+$", "") + "/chat/completions");
    this.apiKey = apiKey;
  }

  @Override
  public Flowable<LlmResponse> generateContent(LlmRequest request, boolean stream) {
    return Flowable.fromCallable(() -> call(request));
  }

  @Override
  public BaseLlmConnection connect(LlmRequest request) {
    throw new UnsupportedOperationException("the demo's model has no live connection");
  }

  private LlmResponse call(LlmRequest request) throws IOException, InterruptedException {
    String body = Json.MAPPER.writeValueAsString(chatRequest(request));
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(completions)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + apiKey)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new IOException("the model endpoint " + completions + " answered " + response.statusCode()
          + ": " + response.body());
    }
    return answer(Json.parse(response.body()));
  }

  /** ADK's request as an OpenAI chat completion request. */
  ObjectNode chatRequest(LlmRequest request) {
    ObjectNode out = Json.MAPPER.createObjectNode().put("model", request.model().orElse(model()));
    ArrayNode messages = out.putArray("messages");
    String system = String.join("\n\n", request.getSystemInstructions());
    if (!system.isBlank()) {
      messages.addObject().put("role", "system").put("content", system);
    }
    for (Content c : request.contents()) {
      addMessages(c, messages);
    }
    request.config().flatMap(GenerateContentConfig::temperature).ifPresent(t -> out.put("temperature", t));
    ArrayNode tools = Json.MAPPER.createArrayNode();
    for (Tool t : request.config().flatMap(GenerateContentConfig::tools).orElse(List.of())) {
      for (FunctionDeclaration d : t.functionDeclarations().orElse(List.of())) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function")
            .put("name", d.name().orElse(""));
        d.description().ifPresent(v -> function.put("description", v));
        function.set("parameters", d.parameters().map(s -> jsonSchema(Json.parse(s.toJson())))
            .orElseGet(() -> Json.MAPPER.createObjectNode().put("type", "object")));
      }
    }
    if (!tools.isEmpty()) {
      out.set("tools", tools);
    }
    return out;
  }

  private static void addMessages(Content content, ArrayNode messages) {
    boolean model = content.role().orElse("user").equals("model");
    StringBuilder text = new StringBuilder();
    ArrayNode calls = Json.MAPPER.createArrayNode();
    for (Part p : content.parts().orElse(List.of())) {
      if (p.thought().orElse(false)) {
        continue;
      }
      p.text().ifPresent(text::append);
      p.functionCall().ifPresent(fc -> calls.addObject().put("id", fc.id().orElse(""))
          .put("type", "function").putObject("function").put("name", fc.name().orElse(""))
          .put("arguments", Json.MAPPER.valueToTree(fc.args().orElse(Map.of())).toString()));
      p.functionResponse().ifPresent(fr -> messages.addObject().put("role", "tool")
          .put("tool_call_id", fr.id().orElse("")).put("content", toolContent(fr)));
    }
    if (text.length() > 0 || !calls.isEmpty()) {
      ObjectNode m = messages.addObject().put("role", model ? "assistant" : "user");
      if (text.length() > 0) {
        m.put("content", text.toString());
      } else {
        m.putNull("content");
      }
      if (!calls.isEmpty()) {
        m.set("tool_calls", calls);
      }
    }
  }

  /** A tool's answer as the model reads it: a tool that returned text ({"result": "..."}) as that text. */
  private static String toolContent(FunctionResponse response) {
    Map<String, Object> r = response.response().orElse(Map.of());
    if (r.size() == 1 && r.get("result") instanceof String text) {
      return text;
    }
    return Json.MAPPER.valueToTree(r).toString();
  }

  /** GenAI's schema (types in capitals, OpenAPI's) as the JSON Schema OpenAI reads (types in lower case). */
  private static JsonNode jsonSchema(JsonNode schema) {
    if (schema.isObject()) {
      ObjectNode copy = Json.MAPPER.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        copy.set(e.getKey(), e.getKey().equals("type") && v.isTextual()
            ? TextNode.valueOf(v.asText().toLowerCase(java.util.Locale.ROOT)) : jsonSchema(v));
      }
      return copy;
    }
    if (schema.isArray()) {
      ArrayNode copy = Json.MAPPER.createArrayNode();
      schema.forEach(v -> copy.add(jsonSchema(v)));
      return copy;
    }
    return schema;
  }

  /** OpenAI's answer as ADK's response: text or function calls, finish reason, token usage. */
  static LlmResponse answer(JsonNode completion) throws IOException {
    JsonNode choice = completion.path("choices").path(0);
    JsonNode message = choice.path("message");
    List<Part> parts = new ArrayList<>();
    if (message.path("content").isTextual() && !message.path("content").asText().isEmpty()) {
      parts.add(Part.fromText(message.path("content").asText()));
    }
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode f = call.path("function");
      String arguments = f.path("arguments").asText("{}");
      Map<String, Object> args = Json.MAPPER.readValue(arguments.isBlank() ? "{}" : arguments, MAP);
      parts.add(Part.builder().functionCall(FunctionCall.builder().id(call.path("id").asText())
          .name(f.path("name").asText()).args(args).build()).build());
    }
    LlmResponse.Builder out = LlmResponse.builder()
        .content(Content.builder().role("model").parts(parts).build());
    String finish = choice.path("finish_reason").asText("");
    if (!finish.isEmpty()) {
      out.finishReason(new FinishReason(finish));
    }
    JsonNode usage = completion.path("usage");
    if (usage.isObject()) {
      out.usageMetadata(GenerateContentResponseUsageMetadata.builder()
          .promptTokenCount(usage.path("prompt_tokens").asInt())
          .candidatesTokenCount(usage.path("completion_tokens").asInt())
          .totalTokenCount(usage.path("total_tokens").asInt()).build());
    }
    if (completion.path("model").isTextual()) {
      out.modelVersion(completion.path("model").asText());
    }
    return out.build();
  }
}
