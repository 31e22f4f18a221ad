package ai.galileo.tracing.testing.openai.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request the fake refuses, answered with OpenAI's error body. */
public final class ApiError extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String param;
  private final String code;

  public ApiError(int status, String type, String param, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  /** 400 {@code invalid_request_error}, as the real API answers a malformed request. */
  public static ApiError invalid(String param, String code, String message) {
    return new ApiError(400, "invalid_request_error", param, code, message);
  }

  public int status() {
    return status;
  }

  /** {@code {"error":{"message","type","param","code"}}}: every key present, absent ones null. */
  public static ObjectNode body(String message, String type, String param, String code) {
    ObjectNode root = Json.object();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    return root;
  }

  public ObjectNode body() {
    return body(getMessage(), type, param, code);
  }
}
