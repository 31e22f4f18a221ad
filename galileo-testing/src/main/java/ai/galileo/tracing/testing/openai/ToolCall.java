package ai.galileo.tracing.testing.openai;

import java.util.Objects;

/**
 * A function call the fake model asks for: a tool's name and its arguments as a JSON text.
 *
 * @param id the call's id ({@code tool_calls[].id}, the Responses API's {@code call_id}), or null
 *     for one the fake makes up: {@code call_} and a number, the same on every run of a test
 * @param name the function's name
 * @param arguments the arguments, a JSON object as text (sent as is, as the real API does)
 * @since 0.1.0
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
  }

  /** A call with an id the fake assigns. */
  public static ToolCall of(String name, String arguments) {
    return new ToolCall(null, name, arguments);
  }

  /** A call with the given id. */
  public static ToolCall of(String id, String name, String arguments) {
    return new ToolCall(Objects.requireNonNull(id, "id"), name, arguments);
  }
}
