package ai.galileo.tracing.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer to write: status, content type, body and extra headers. */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
  public static final String JSON = "application/json";

  public static Reply json(int status, JsonNode body) {
    return new Reply(status, JSON, Json.bytes(body), new LinkedHashMap<>());
  }

  public static Reply ok(JsonNode body) {
    return json(200, body);
  }

  public static Reply of(ApiException e) {
    Reply r = json(e.status(), e.body());
    if (e.allow() != null) {
      r.headers().put("Allow", e.allow());
    }
    return r;
  }

  public Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
