package ai.galileo.tracing;

import java.util.List;
import java.util.Objects;

/**
 * One chat message: the unit of an LLM span's input and output.
 *
 * @param role who wrote it
 * @param content its text
 * @param toolCallId for a {@link Role#TOOL} message, the id of the call it answers; else null
 * @param toolCalls for an assistant message, the tools the model asked to call; never null
 * @since 0.1.0
 */
public record Message(Role role, String content, String toolCallId, List<ToolCall> toolCalls) {
  public Message {
    Objects.requireNonNull(role, "role");
    content = content == null ? "" : content;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  public static Message of(Role role, String content) {
    return new Message(role, content, null, null);
  }

  public static Message system(String content) {
    return of(Role.SYSTEM, content);
  }

  public static Message user(String content) {
    return of(Role.USER, content);
  }

  public static Message assistant(String content) {
    return of(Role.ASSISTANT, content);
  }

  /** A tool's answer to the call with the given id. */
  public static Message tool(String content, String toolCallId) {
    return new Message(Role.TOOL, content, toolCallId, null);
  }
}
