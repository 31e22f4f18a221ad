package ai.galileo.tracing;

import java.util.Objects;

/**
 * A tool offered to a model on an LLM call: what Galileo's tool-selection metrics compare the
 * model's choice with. Galileo receives it in OpenAI's function-tool shape
 * ({@code {"type":"function","function":{"name":...,"description":...,"parameters":...}}}).
 *
 * @param name the function's name; never null
 * @param description what the tool does, as the model was told; null when none was given
 * @param parametersJson the JSON Schema of its arguments as JSON text, usually an object; null
 *     when it takes none. Text that is not JSON is sent as a string rather than lost.
 * @since 0.1.0
 */
public record ToolDefinition(String name, String description, String parametersJson) {
  public ToolDefinition {
    Objects.requireNonNull(name, "name");
  }

  public static ToolDefinition of(String name, String description, String parametersJson) {
    return new ToolDefinition(name, description, parametersJson);
  }
}
