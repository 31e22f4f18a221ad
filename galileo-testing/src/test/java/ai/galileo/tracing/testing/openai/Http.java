package ai.galileo.tracing.testing.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Plain JDK HTTP calls to the fake, to see exactly what goes over the wire. */
final class Http {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  record Answer(HttpResponse<String> response) {
    int status() {
      return response.statusCode();
    }

    String body() {
      return response.body();
    }

    JsonNode json() throws IOException {
      return MAPPER.readTree(response.body());
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    /** The {@code data:} payloads of an event stream, in order. */
    List<String> data() {
      List<String> out = new ArrayList<>();
      for (String line : response.body().split("\n")) {
        if (line.startsWith("data: ")) {
          out.add(line.substring(6));
        }
      }
      return out;
    }

    /** The {@code event:} names of an event stream, in order. */
    List<String> events() {
      List<String> out = new ArrayList<>();
      for (String line : response.body().split("\n")) {
        if (line.startsWith("event: ")) {
          out.add(line.substring(7));
        }
      }
      return out;
    }
  }

  private Http() {}

  static Answer post(FakeOpenAi fake, String path, String body) throws Exception {
    return send(fake, "POST", path, body, "Bearer " + fake.apiKey(), Duration.ofSeconds(30));
  }

  static Answer send(FakeOpenAi fake, String method, String path, String body, String authorization,
      Duration timeout) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fake.port() + path))
        .timeout(timeout).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return new Answer(CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }
}
