package ai.galileo.tracing.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An answer other than success, thrown from a handler and written by the dispatcher: the status
 * and the JSON body, in the shapes Galileo's API (FastAPI) uses.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient JsonNode body;
  private final transient String allow;
  private final long retryAfterSeconds;

  private ApiException(int status, JsonNode body, String allow) {
    this(status, body, allow, -1);
  }

  private ApiException(int status, JsonNode body, String allow, long retryAfterSeconds) {
    super(status + " " + body, null, false, false);
    this.status = status;
    this.body = body;
    this.allow = allow;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 429 with {@code Retry-After}: the client asked too often, and may again after that. */
  public static ApiException tooManyRequests(long retryAfterSeconds, String detail) {
    return new ApiException(429, Json.object().put("detail", detail), null, retryAfterSeconds);
  }

  /** {@code {"detail": "..."}}, as FastAPI answers errors that are not validation errors. */
  public static ApiException detail(int status, String detail) {
    ObjectNode body = Json.object().put("detail", detail);
    return new ApiException(status, body, null);
  }

  public static ApiException notFound(String detail) {
    return detail(404, detail);
  }

  public static ApiException methodNotAllowed(String allow) {
    return new ApiException(405, Json.object().put("detail", "Method Not Allowed"), allow);
  }

  /** 422 with an {@code HTTPValidationError} body. */
  public static ApiException validation(Problems problems) {
    return new ApiException(422, problems.toHttpValidationError(), null);
  }

  public int status() {
    return status;
  }

  public JsonNode body() {
    return body;
  }

  /** The Retry-After header's seconds, or -1 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The Allow header of a 405, or null. */
  public String allow() {
    return allow;
  }
}
