package ai.galileo.tracing.core.internal.export;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Requests to Galileo's API with the SDK's headers, retried on connection errors, 408, 429 and 5xx
 * with back-off, honouring {@code Retry-After}. Other client errors are not retried; the first
 * body of each kind is logged once. The API key is sent in a header and never logged.
 */
public final class GalileoHttp {
  private static final Logger LOG = Logger.getLogger(GalileoHttp.class.getName());
  private static final int MAX_LOGGED_BODY = 500;

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Kept-alive connections: as many as requests the exporter may have in flight, and a few more. */
  private static final int MAX_IDLE_CONNECTIONS = 8;

  private static final int MAX_ROUTES = 64;

  private final Http1Exchange exchange;
  private final ConcurrentHashMap<String, URI> uris = new ConcurrentHashMap<>();
  private final RequestHeaders headers;
  private final RequestHeaders bodyHeaders;
  private final URI baseUrl;
  /** The base URL and {@code /v2}, as text: every request's URI starts with it. */
  private final String apiRoot;
  private final String apiKey;
  private final String sdkHeader;
  private final RetryPolicy retry;
  private final Duration requestTimeout;
  private final Set<String> loggedFailures = ConcurrentHashMap.newKeySet();

  /** The outcome of a request after its retries. */
  public record Response(int status, byte[] body, int retries) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** Status 0 means no answer at all: connection refused, timed out, or interrupted. */
    public static Response noAnswer(int retries) {
      return new Response(0, new byte[0], retries);
    }
  }

  /**
   * @param baseUrl the API's root, such as {@code https://api.galileo.ai}; routes go under {@code /v2}
   */
  public GalileoHttp(URI baseUrl, String apiKey, String sdkVersion, RetryPolicy retry, Duration requestTimeout) {
    this.baseUrl = baseUrl;
    this.apiRoot = stripSlash(baseUrl.toString()) + "/v2";
    this.apiKey = apiKey;
    this.sdkHeader = "galileo-java/" + sdkVersion;
    this.retry = retry;
    this.requestTimeout = requestTimeout;
    int readMillis = (int) Math.min(Math.max(1, requestTimeout.toMillis()), Integer.MAX_VALUE);
    this.exchange = new Http1Exchange((int) CONNECT_TIMEOUT.toMillis(), readMillis, MAX_IDLE_CONNECTIONS);
    RequestHeaders h;
    RequestHeaders hb;
    try {
      h = headers(apiKey, false);
      hb = headers(apiKey, true);
    } catch (IllegalArgumentException e) {
      // An API key with a line break or the like: every request then fails, and says so once.
      LOG.warning("The Galileo API key cannot be sent in an HTTP header (" + e.getMessage()
          + "); requests are sent without it");
      h = headers(null, false);
      hb = headers(null, true);
    }
    this.headers = h;
    this.bodyHeaders = hb;
  }

  private RequestHeaders headers(String key, boolean json) {
    List<String> pairs = new ArrayList<>(List.of("Accept", "application/json", "X-Galileo-SDK", sdkHeader));
    if (key != null) {
      pairs.add("Galileo-API-Key");
      pairs.add(key);
    }
    if (json) {
      pairs.add("Content-Type");
      pairs.add("application/json");
    }
    return RequestHeaders.of(pairs.toArray(new String[0]));
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** Sends the request, retrying as the policy allows. Never throws. */
  public Response send(String method, String route, byte[] body) {
    return send(method, route, body, body == null ? 0 : body.length);
  }

  /**
   * Sends the first {@code length} bytes of {@code body} (a reused buffer), retrying as the policy
   * allows. The buffer must not change until this returns. Never throws.
   */
  public Response send(String method, String route, byte[] body, int length) {
    URI uri = uri(route);
    long start = System.nanoTime();
    long budget = retry.maxElapsed().toNanos();
    int attempt = 0;
    while (true) {
      attempt++;
      long waitNanos;
      Response response;
      try {
        UrlConnectionExchange.Answer r = attempt(method, uri, body, length);
        response = new Response(r.status(), r.body(), attempt - 1);
        if (!retryable(r.status())) {
          if (!response.ok()) {
            logFailureOnce(method, route, r.status(), r.body());
          }
          return response;
        }
        long retryAfter = retryAfterNanos(r.retryAfter());
        waitNanos = retryAfter >= 0 ? retryAfter : retry.backoffNanos(attempt);
      } catch (IOException e) {
        response = Response.noAnswer(attempt - 1);
        waitNanos = retry.backoffNanos(attempt);
        if (attempt == 1) {
          LOG.log(Level.FINE, "Galileo API at " + baseUrl + " did not answer " + method + " " + route + ": " + e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Response.noAnswer(attempt - 1);
      }
      long elapsed = System.nanoTime() - start;
      if (attempt >= retry.maxAttempts() || elapsed + waitNanos > budget) {
        logFailureOnce(method, route, response.status(), response.body());
        return response;
      }
      try {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return response;
      }
    }
  }

  /**
   * Sends the request once, without retries or failure logging: for look-ups that are asked
   * again later anyway, where a miss (404) is an expected answer. Never throws.
   */
  public Response sendOnce(String method, String route, byte[] body) {
    URI uri = uri(route);
    try {
      UrlConnectionExchange.Answer r = attempt(method, uri, body, body == null ? 0 : body.length);
      return new Response(r.status(), r.body(), 0);
    } catch (IOException e) {
      return Response.noAnswer(0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.noAnswer(0);
    }
  }

  /**
   * The route's URI: the same few routes are posted to again and again (a trace's PATCH routes are
   * its own), so parsed once each; at most {@code MAX_ROUTES} kept, then the table starts again.
   */
  private URI uri(String route) {
    URI uri = uris.get(route);
    if (uri == null) {
      uri = URI.create(apiRoot + route);
      if (uris.size() >= MAX_ROUTES) {
        uris.clear();
      }
      uris.put(route, uri);
    }
    return uri;
  }

  /**
   * One attempt, on the calling thread, over a kept-alive connection of the {@link Http1Exchange}
   * (which falls back to the JDK's clients where a proxy is configured).
   *
   * @throws InterruptedException if the thread was interrupted: the attempt counts as unanswered
   */
  private UrlConnectionExchange.Answer attempt(String method, URI uri, byte[] body, int length)
      throws IOException, InterruptedException {
    UrlConnectionExchange.Answer a;
    try {
      a = exchange.send(uri, method, body == null ? headers : bodyHeaders, body, length);
    } catch (IOException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      throw e;
    }
    if (Thread.interrupted()) { // the fallback's socket I/O does not stop for an interrupt; its answer is not taken
      throw new InterruptedException();
    }
    return a;
  }

  /** Closes the kept-alive connections; a request after this still works, on a new one. */
  public void close() {
    exchange.close();
  }

  static boolean retryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** {@code Retry-After} as delta-seconds or an HTTP date, in nanoseconds; -1 if absent or bad. */
  public static long retryAfterNanos(String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? -1 : Duration.ofSeconds(Math.min(seconds, 3600)).toNanos();
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        long millis = at.toInstant().toEpochMilli() - System.currentTimeMillis();
        return Math.max(0, millis) * 1_000_000L;
      } catch (DateTimeParseException notADate) {
        return -1;
      }
    }
  }

  private void logFailureOnce(String method, String route, int status, byte[] body) {
    String kind = status == 0 ? "no answer" : Integer.toString(status);
    String routeShape = route.replaceAll("[0-9a-fA-F-]{36}", "{id}").replaceAll("\\?.*", "");
    if (!loggedFailures.add(kind + " " + method + " " + routeShape)) {
      return;
    }
    if (status == 0) {
      LOG.warning("Galileo API at " + baseUrl + " did not answer " + method + " " + routeShape
          + " after retries; spans are counted as failed (further failures of this kind are not logged)");
      return;
    }
    String text = new String(body, StandardCharsets.UTF_8);
    if (apiKey != null && !apiKey.isEmpty()) {
      text = text.replace(apiKey, "***");
    }
    if (text.length() > MAX_LOGGED_BODY) {
      text = text.substring(0, MAX_LOGGED_BODY) + "...";
    }
    String hint = status == 401 || status == 403 ? " (check GALILEO_API_KEY)" : "";
    LOG.warning("Galileo API answered " + status + hint + " to " + method + " " + routeShape + ": " + text
        + " (further failures of this kind are not logged)");
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
