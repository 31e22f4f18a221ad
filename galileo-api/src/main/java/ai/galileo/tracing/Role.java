package ai.galileo.tracing;

/**
 * The author of a chat {@link Message}, with the names Galileo's API uses.
 *
 * @since 0.1.0
 */
public enum Role {
  SYSTEM("system"),
  DEVELOPER("developer"),
  USER("user"),
  ASSISTANT("assistant"),
  AGENT("agent"),
  TOOL("tool"),
  FUNCTION("function");

  private final String wireName;

  Role(String wireName) {
    this.wireName = wireName;
  }

  /** The name Galileo's API uses, such as {@code "assistant"}. */
  public String wireName() {
    return wireName;
  }
}
