package ai.galileo.tracing;

import java.util.Objects;

/**
 * A model's request to call a tool, as carried on an assistant {@link Message}.
 *
 * @param id the call's id, which the tool's answer refers to
 * @param name the function's name
 * @param arguments the arguments as the model wrote them, usually a JSON object
 * @since 0.1.0
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    arguments = arguments == null ? "" : arguments;
  }
}
