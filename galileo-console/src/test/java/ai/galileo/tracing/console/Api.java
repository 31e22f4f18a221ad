package ai.galileo.tracing.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A client of the console for tests: real HTTP, JSON in and out, with the route prefix
 * ({@code /v2} as Galileo's Python SDK sends, or none as the TypeScript SDK) and credentials it
 * was made with.
 */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;
  private final String prefix;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private Api(URI base, String prefix) {
    this.base = base;
    this.prefix = prefix;
  }

  static Api of(GalileoConsole console, String prefix) {
    return new Api(console.url(), prefix);
  }

  static Api of(URI base, String prefix) {
    return new Api(base, prefix);
  }

  Api withPrefix(String prefix) {
    Api a = new Api(base, prefix);
    a.headers.putAll(headers);
    return a;
  }

  Api withHeader(String name, String value) {
    Api a = withPrefix(prefix);
    a.headers.put(name, value);
    return a;
  }

  /** An answer: status and body (parsed when JSON). */
  record Answer(int status, String text, JsonNode json, HttpResponse<String> raw) {
    JsonNode path(String field) {
      return json.path(field);
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  Answer get(String route) {
    return send("GET", route, null, "application/json");
  }

  Answer post(String route, Object body) {
    return send("POST", route, body, "application/json");
  }

  Answer patch(String route, Object body) {
    return send("PATCH", route, body, "application/json");
  }

  /** Sends a body: a String as is, anything else as JSON. */
  Answer send(String method, String route, Object body, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(prefix + route))
        .timeout(Duration.ofSeconds(30));
    headers.forEach(b::header);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      byte[] bytes = body instanceof byte[] raw ? raw
          : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : write(body);
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
        json = JSON.readTree(r.body());
      }
      return new Answer(r.statusCode(), r.body(), json, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // --- helpers for the common set-up

  /** Creates (or finds) the project; its id. */
  UUID project(String name) {
    Answer a = post("/projects", obj("name", name));
    return UUID.fromString(ok(a).path("id").asText());
  }

  /** Creates (or finds) the log stream; its id. */
  UUID logStream(UUID project, String name) {
    Answer a = post("/projects/" + project + "/log_streams", obj("name", name));
    return UUID.fromString(ok(a).path("id").asText());
  }

  static Answer ok(Answer a) {
    if (a.status() != 200) {
      throw new AssertionError("expected 200, got " + a);
    }
    return a;
  }

  static ObjectNode obj(Object... kv) {
    ObjectNode o = JSON.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      o.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
    }
    return o;
  }

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] write(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
