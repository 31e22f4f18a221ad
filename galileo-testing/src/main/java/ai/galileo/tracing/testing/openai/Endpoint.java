package ai.galileo.tracing.testing.openai;

/**
 * The OpenAI endpoints the fake serves, by path.
 *
 * @since 0.1.0
 */
public enum Endpoint {
  /** {@code POST /v1/chat/completions}. */
  CHAT_COMPLETIONS("/v1/chat/completions"),
  /** {@code POST /v1/responses}: the Responses API. */
  RESPONSES("/v1/responses"),
  /** {@code POST /v1/embeddings}. */
  EMBEDDINGS("/v1/embeddings");

  private final String path;

  Endpoint(String path) {
    this.path = path;
  }

  /** The request path, such as {@code /v1/chat/completions}. */
  public String path() {
    return path;
  }

  /** The endpoint served at this path (a trailing slash is ignored), or null. */
  public static Endpoint ofPath(String path) {
    String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    for (Endpoint e : values()) {
      if (e.path.equals(p)) {
        return e;
      }
    }
    return null;
  }
}
