package ai.galileo.tracing.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer to write: status, content type, body and extra headers; or, for an answer too large
 * to hold, a {@link Stream} that writes its body as it reads it (sent chunked).
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers,
    Stream stream) {
  public static final String JSON = "application/json";

  /** Writes a body as it is produced. A failure half way can only cut the answer short. */
  @FunctionalInterface
  public interface Stream {
    void writeTo(OutputStream out) throws IOException;
  }

  public Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    this(status, contentType, body, headers, null);
  }

  public static Reply json(int status, JsonNode body) {
    return new Reply(status, JSON, Json.bytes(body), new LinkedHashMap<>());
  }

  public static Reply ok(JsonNode body) {
    return json(200, body);
  }

  /** A 200 JSON answer written by {@code stream}. */
  public static Reply streamedJson(Stream stream) {
    return new Reply(200, JSON, new byte[0], new LinkedHashMap<>(), stream);
  }

  public static Reply of(ApiException e) {
    Reply r = json(e.status(), e.body());
    if (e.allow() != null) {
      r.headers().put("Allow", e.allow());
    }
    if (e.retryAfterSeconds() >= 0) {
      r.headers().put("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    return r;
  }

  public Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
