package ai.galileo.tracing.testing.openai;

import ai.galileo.tracing.testing.openai.internal.Prompts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the fake received it, recorded before it was answered (also when it was refused).
 *
 * @param method the HTTP method, upper case
 * @param path the path, without the query
 * @param headers the headers by lower-case name; the {@code Authorization} value is replaced by
 *     {@value #REDACTED}, so no key is kept
 * @param body the body as text
 * @param json the body parsed as JSON, or a {@link MissingNode} when it is not JSON
 * @param status the status the fake answered with
 * @since 0.1.0
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers,
    String body, JsonNode json, int status) {
  /** What replaces the {@code Authorization} header's value. */
  public static final String REDACTED = "[redacted]";

  /** The first value of a header (any case), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The endpoint, or null for a path the fake does not serve. */
  public Endpoint endpoint() {
    return Endpoint.ofPath(path);
  }

  /** Whether the body asked for a stream ({@code "stream": true}). */
  public boolean stream() {
    return json.path("stream").asBoolean(false);
  }

  /** The body's {@code model}, or null. */
  public String model() {
    JsonNode model = json.get("model");
    return model == null || !model.isTextual() ? null : model.asText();
  }

  /**
   * The text of the last user message: of {@code messages} (chat completions) or {@code input}
   * (Responses API: a string, or message items); the texts of an array of embeddings inputs,
   * joined by new lines. Empty when there is none.
   */
  public String lastUserMessage() {
    Endpoint endpoint = endpoint();
    if (endpoint == null) {
      return "";
    }
    return Prompts.of(endpoint, json).lastUserMessage();
  }

  /**
   * The tools the request offered the model ({@code tools}), in order, each as its name: a function's
   * or a custom tool's name (chat completions' {@code tools[].function.name}, the Responses API's
   * {@code tools[].name}), else the tool's {@code type} ({@code web_search}, {@code mcp}, ...). Empty
   * when it offered none; the whole definitions are in {@code json().path("tools")}.
   */
  public List<String> toolNames() {
    List<String> names = new ArrayList<>();
    for (JsonNode tool : json.path("tools")) {
      String type = tool.path("type").asText("");
      JsonNode nested = tool.path(type); // chat completions: {"type":"function","function":{"name":...}}
      JsonNode name = nested.isObject() && nested.has("name") ? nested.get("name") : tool.get("name");
      names.add(name != null && name.isTextual() ? name.asText() : type);
    }
    return List.copyOf(names);
  }
}
