package ai.galileo.tracing.testing.openai.internal;

import ai.galileo.tracing.testing.openai.Endpoint;
import ai.galileo.tracing.testing.openai.RecordedRequest;
import ai.galileo.tracing.testing.openai.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every request: record it, check the key, the route and the body, take the scripted reply (or
 * make the default answer), wait the reply's delay, and answer. Nothing thrown here reaches the
 * server: an unexpected failure is answered with OpenAI's 500 body.
 */
public final class FakeHandler implements HttpHandler {
  private static final Logger LOG = Logger.getLogger(FakeHandler.class.getName());

  private final byte[] apiKey;
  private final int embeddingDimensions;
  private final Function<RecordedRequest, String> defaultAnswer;
  private final Clock clock;
  private final Script script;
  private final Ids ids = new Ids();

  public FakeHandler(String apiKey, int embeddingDimensions, Function<RecordedRequest, String> defaultAnswer,
      Clock clock, Script script) {
    this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
    this.embeddingDimensions = embeddingDimensions;
    this.defaultAnswer = defaultAnswer;
    this.clock = clock;
    this.script = script;
  }

  /** The deterministic answer for a request when nothing is scripted. */
  public static String defaultAnswer(RecordedRequest request) {
    Endpoint endpoint = request.endpoint();
    return endpoint == null ? "" : DefaultAnswer.of(Prompts.of(endpoint, request.json()));
  }

  @Override
  public void handle(HttpExchange exchange) {
    try {
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = exchange.getRequestURI().getRawPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode json = Json.parseOrMissing(body);
      Map<String, List<String>> headers = headers(exchange);
      Endpoint endpoint = Endpoint.ofPath(path);
      try {
        authorize(exchange.getRequestHeaders().getFirst("Authorization"));
        if (endpoint == null || !method.equals("POST")) {
          throw new ApiError(404, "invalid_request_error", null, null,
              "Invalid URL (" + method + " " + path + ")");
        }
        if (!json.isObject()) {
          throw ApiError.invalid(null, null, "We could not parse the JSON body of your request. (HINT: This likely "
              + "means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what "
              + "was sent was not valid JSON.)");
        }
        switch (endpoint) {
          case CHAT_COMPLETIONS -> ChatCompletions.validate(json);
          case RESPONSES -> Responses.validate(json);
          case EMBEDDINGS -> Embeddings.validate(json);
          default -> throw new IllegalStateException(endpoint.toString());
        }
      } catch (ApiError e) {
        script.record(new RecordedRequest(method, path, headers, body, json, e.status()));
        sendJson(exchange, e.status(), e.body(), Map.of());
        return;
      }
      Reply reply = script.take(endpoint);
      RecordedRequest recorded = new RecordedRequest(method, path, headers, body, json,
          reply == null ? 200 : reply.status());
      script.record(recorded);
      try {
        answer(exchange, endpoint, recorded, reply);
      } catch (IOException e) {
        throw e; // the client went away; nothing to answer
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the fake is closing
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "openai-fake failed to answer " + method + " " + path, e);
        sendJson(exchange, 500, ApiError.body("The fake failed: " + e, "server_error", null, null), Map.of());
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "openai-fake: the client went away", e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "openai-fake failed on a request", e);
      try {
        sendJson(exchange, 500, ApiError.body("The fake failed: " + e, "server_error", null, null), Map.of());
      } catch (IOException | RuntimeException ignored) {
        // the response had started; closing the exchange ends it
      }
    } finally {
      exchange.close();
    }
  }

  private void answer(HttpExchange exchange, Endpoint endpoint, RecordedRequest request, Reply reply)
      throws IOException, InterruptedException {
    Duration delay = reply == null ? Duration.ZERO : reply.delay();
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis());
    }
    Map<String, String> extra = reply == null ? Map.of() : reply.headers();
    if (reply != null && reply.isError()) {
      sendJson(exchange, reply.status(),
          ApiError.body(reply.errorMessage(), reply.errorType(), null, reply.errorCode()), extra);
      return;
    }
    JsonNode body = request.json();
    if (endpoint == Endpoint.EMBEDDINGS) {
      sendJson(exchange, 200, Embeddings.response(body, embeddingDimensions), extra);
      return;
    }
    Prompts prompts = Prompts.of(endpoint, body);
    String text = reply == null ? defaultAnswer.apply(request) : null;
    Answer answer = Answer.of(reply, text == null ? "" : text, prompts, ids);
    long now = clock.instant().getEpochSecond();
    String model = body.path("model").asText();
    boolean stream = body.path("stream").asBoolean(false);
    if (endpoint == Endpoint.CHAT_COMPLETIONS) {
      String id = ids.next("chatcmpl-fake");
      if (!stream) {
        sendJson(exchange, 200, ChatCompletions.completion(id, now, model, answer), extra);
        return;
      }
      boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
      ChatCompletions.stream(new EventStream(startStream(exchange, extra)), id, now, model, answer, includeUsage);
    } else {
      Responses.Plan plan = new Responses.Plan(ids.next("resp_fake"), now, body, answer, ids);
      if (!stream) {
        sendJson(exchange, 200, Responses.response(plan), extra);
        return;
      }
      Responses.stream(new EventStream(startStream(exchange, extra)), plan);
    }
  }

  /** A missing, malformed or wrong key is refused with 401, as OpenAI does; the key is never echoed. */
  private void authorize(String authorization) throws ApiError {
    if (authorization == null || authorization.isBlank()) {
      throw new ApiError(401, "invalid_request_error", null, null,
          "You didn't provide an API key. You need to provide your API key in an Authorization header "
              + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    }
    String given = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : "";
    if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), apiKey)) {
      throw new ApiError(401, "invalid_request_error", null, "invalid_api_key",
          "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.");
    }
  }

  private static Map<String, List<String>> headers(HttpExchange exchange) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> {
      String key = name.toLowerCase(Locale.ROOT);
      List<String> kept = key.equals("authorization")
          ? Collections.nCopies(values.size(), RecordedRequest.REDACTED)
          : values;
      out.computeIfAbsent(key, k -> new ArrayList<>()).addAll(kept);
    });
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }

  private OutputStream startStream(HttpExchange exchange, Map<String, String> extra) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    common(exchange, extra);
    exchange.sendResponseHeaders(200, 0); // chunked: each event is flushed as it is written
    return exchange.getResponseBody();
  }

  private void sendJson(HttpExchange exchange, int status, ObjectNode body, Map<String, String> extra)
      throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    common(exchange, extra);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void common(HttpExchange exchange, Map<String, String> extra) {
    exchange.getResponseHeaders().set("x-request-id", ids.next("req_fake"));
    extra.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
  }
}
