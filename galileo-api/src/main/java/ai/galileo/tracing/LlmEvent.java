package ai.galileo.tracing;

import java.util.List;
import java.util.Objects;

/**
 * Something that happened inside one model call, beside its answer: the model's reasoning, a tool
 * the provider ran itself (web search, code interpreter), or a call to an MCP server the provider
 * made for the model. Recorded on an {@link SpanType#LLM} span with {@link Span#addEvent}, sent as
 * Galileo's {@code events}.
 *
 * <p>JSON-valued fields take JSON text; text that is not a JSON object is sent wrapped, never lost.
 *
 * @since 0.1.0
 */
public sealed interface LlmEvent
    permits LlmEvent.Reasoning, LlmEvent.InternalToolCall, LlmEvent.McpCall, LlmEvent.McpListTools {

  /** The provider's id of the event, or null. */
  String id();

  /** How the event ended, or null when the provider did not say. */
  Status status();

  /** The status of an event, with Galileo's {@code EventStatus} names. */
  enum Status {
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled"),
    INCOMPLETE("incomplete");

    private final String wireName;

    Status(String wireName) {
      this.wireName = wireName;
    }

    /** The name Galileo's API uses, such as {@code "completed"}. */
    public String wireName() {
      return wireName;
    }

    /** The status with this wire name, ignoring case; null for null or an unknown name. */
    public static Status fromWireName(String name) {
      if (name != null) {
        for (Status s : values()) {
          if (s.wireName.equalsIgnoreCase(name.trim())) {
            return s;
          }
        }
      }
      return null;
    }
  }

  /**
   * The model's reasoning ("thinking"): its full text, a summary of it, or both.
   *
   * @param content the reasoning text, or null when the provider gives only a summary
   * @param summary the provider's summary of it, or null
   */
  record Reasoning(String id, String content, String summary, Status status) implements LlmEvent {
    /** Reasoning text with no id, summary or status. */
    public static Reasoning of(String content) {
      return new Reasoning(null, content, null, null);
    }
  }

  /**
   * A tool the provider ran inside the call (web search, file search, code interpreter), not a
   * function of the application's.
   *
   * @param name the tool, such as {@code web_search}; never null
   * @param inputJson what it was given, JSON text, or null
   * @param outputJson what it gave back, JSON text, or null
   */
  record InternalToolCall(String id, String name, String inputJson, String outputJson, Status status)
      implements LlmEvent {
    public InternalToolCall {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * A call the provider made to a tool of a remote MCP server on the model's behalf.
   *
   * @param serverName the MCP server's label, or null
   * @param toolName the tool called, or null
   * @param argumentsJson the arguments, JSON text, or null
   * @param resultJson the result, JSON text (plain text is wrapped), or null
   * @param errorMessage why it failed, or null
   */
  record McpCall(String id, String serverName, String toolName, String argumentsJson,
      String resultJson, String errorMessage, Status status) implements LlmEvent {}

  /**
   * The provider listed the tools of a remote MCP server for the model.
   *
   * @param serverName the MCP server's label, or null
   * @param tools the tools it offered; never null
   * @param errorMessage why listing failed, or null
   */
  record McpListTools(String id, String serverName, List<ToolDefinition> tools, String errorMessage,
      Status status) implements LlmEvent {
    public McpListTools {
      tools = tools == null ? List.of() : List.copyOf(tools);
    }
  }
}
