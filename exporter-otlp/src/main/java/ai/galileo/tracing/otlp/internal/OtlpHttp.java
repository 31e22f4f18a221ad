package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.core.internal.export.GalileoHttp;
import ai.galileo.tracing.core.internal.export.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

/**
 * POSTs OTLP request bodies as the OTLP/HTTP specification says: retried with exponential back-off
 * and jitter on 429, 502, 503, 504 and on no answer, honouring {@code Retry-After}, bounded in
 * attempts and time; any other status is final. A 2xx answer's {@code partial_success} is read.
 * Requests are asynchronous: several may be in flight, each waiting out its own back-off on a timer
 * rather than a thread. Header values (an API key) are never logged.
 */
final class OtlpHttp {
  private static final Logger LOG = Logger.getLogger(OtlpHttp.class.getName());
  private static final int MAX_LOGGED_BODY = 500;

  private final HttpClient client;
  private final OtlpSettings settings;
  private final RetryPolicy retry;
  private final String contentType;
  private final Map<String, String> headers;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** What became of one request after its retries. */
  record Outcome(int status, int retries, long rejectedSpans) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  OtlpHttp(OtlpSettings settings, RetryPolicy retry) {
    this.settings = settings;
    this.headers = allowed(settings);
    this.retry = retry;
    this.contentType = settings.json() ? "application/json" : "application/x-protobuf";
    this.client = HttpClient.newBuilder()
        .connectTimeout(settings.timeout())
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  static boolean retryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /**
   * Sends the first {@code length} bytes of {@code body}, retrying as the policy allows, without
   * blocking: the future completes (never exceptionally) once the request is answered for good or
   * given up on. The caller must leave the bytes as they are until then.
   */
  CompletableFuture<Outcome> sendAsync(byte[] body, int length) {
    byte[] wire = body;
    int wireLength = length;
    if (settings.gzip()) {
      wire = gzip(body, length);
      wireLength = wire.length;
    }
    HttpRequest request = request(wire, wireLength);
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    attempt(request, 1, System.nanoTime(), result);
    return result;
  }

  private void attempt(HttpRequest request, int attempt, long start, CompletableFuture<Outcome> result) {
    CompletableFuture<HttpResponse<byte[]>> sent;
    try {
      sent = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (RuntimeException e) { // the client refused the request outright (shut down, bad state)
      result.complete(new Outcome(0, attempt - 1, 0));
      return;
    }
    sent.whenComplete((r, error) -> {
      try {
        answered(request, attempt, start, result, r, error);
      } catch (RuntimeException | Error e) {
        result.complete(new Outcome(0, attempt - 1, 0)); // never leave a request unsettled
        if (e instanceof Error err) {
          throw err;
        }
      }
    });
  }

  private void answered(HttpRequest request, int attempt, long start, CompletableFuture<Outcome> result,
      HttpResponse<byte[]> r, Throwable error) {
    int status;
    byte[] answer;
    long waitNanos;
    if (error == null) {
      status = r.statusCode();
      answer = r.body() == null ? new byte[0] : r.body();
      if (!retryable(status)) {
        result.complete(done(status, answer, attempt - 1, r.headers().firstValue("Content-Type").orElse("")));
        return;
      }
      long retryAfter = GalileoHttp.retryAfterNanos(r.headers().firstValue("Retry-After").orElse(null));
      waitNanos = retryAfter >= 0 ? retryAfter : retry.backoffNanos(attempt);
    } else {
      status = 0;
      answer = new byte[0];
      waitNanos = retry.backoffNanos(attempt);
      if (attempt == 1) {
        LOG.log(Level.FINE, "OTLP endpoint " + settings.endpoint() + " did not answer: " + error);
      }
    }
    long elapsed = System.nanoTime() - start;
    if (closed || attempt >= retry.maxAttempts() || elapsed + waitNanos > retry.maxElapsed().toNanos()) {
      logOnce(status, answer, "after " + attempt + " attempts");
      result.complete(new Outcome(status, attempt - 1, 0));
      return;
    }
    CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS)
        .execute(() -> attempt(request, attempt + 1, start, result));
  }

  /** No retries after this: requests answered from now on are settled as they stand. */
  void close() {
    closed = true;
  }

  private Outcome done(int status, byte[] answer, int retries, String responseType) {
    if (status < 200 || status >= 300) {
      logOnce(status, answer, "not retried");
      return new Outcome(status, retries, 0);
    }
    OtlpJson.PartialSuccess partial = partialSuccess(answer, responseType);
    if (partial.rejectedSpans() > 0 && logged.add("partial")) {
      LOG.warning("OTLP endpoint " + settings.endpoint() + " rejected " + partial.rejectedSpans()
          + " spans of a request: " + clip(String.valueOf(partial.errorMessage()))
          + "; they are counted as failed (further partial successes are not logged)");
    }
    return new Outcome(status, retries, partial.rejectedSpans());
  }

  /** The answer's partial success, in the encoding the answer says it is in (empty means none). */
  static OtlpJson.PartialSuccess partialSuccess(byte[] answer, String responseType) {
    if (answer == null || answer.length == 0) {
      return OtlpJson.PartialSuccess.NONE;
    }
    if (responseType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
      return OtlpJson.partialSuccess(answer);
    }
    return OtlpJson.partialSuccessProtobuf(answer);
  }

  private HttpRequest request(byte[] wire, int length) {
    HttpRequest.Builder b = HttpRequest.newBuilder(settings.endpoint())
        .timeout(settings.timeout())
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(wire, 0, length));
    if (settings.gzip()) {
      b.header("Content-Encoding", "gzip");
    }
    headers.forEach(b::header);
    return b.build();
  }

  /**
   * The configured headers the JDK's client accepts; one it refuses (such as {@code Host} or a
   * value with a line break) is left out with a warning that names it, not its value.
   */
  private static Map<String, String> allowed(OtlpSettings settings) {
    Map<String, String> ok = new java.util.LinkedHashMap<>();
    settings.headers().forEach((name, value) -> {
      try {
        HttpRequest.newBuilder(settings.endpoint()).header(name, value);
        ok.put(name, value);
      } catch (IllegalArgumentException e) {
        LOG.warning("OTLP header '" + name + "' is not allowed by the JDK HTTP client (a restricted"
            + " name, or a character it refuses); it is not sent");
      }
    });
    return Map.copyOf(ok);
  }

  private void logOnce(int status, byte[] answer, String how) {
    String kind = status == 0 ? "no answer" : Integer.toString(status);
    if (!logged.add(kind)) {
      return;
    }
    String detail = status == 0 ? "did not answer"
        : "answered " + status + ": " + clip(new String(answer, StandardCharsets.UTF_8));
    String hint = status == 401 || status == 403
        ? " (check the API key: GALILEO_API_KEY or OTEL_EXPORTER_OTLP_HEADERS)" : "";
    LOG.warning("OTLP endpoint " + settings.endpoint() + " " + detail + hint + ", " + how
        + "; its spans are counted as failed (further failures of this kind are not logged)");
  }

  /** At most a few hundred characters, with every header value blanked out. */
  private String clip(String text) {
    for (String value : settings.headers().values()) {
      if (value.length() >= 4) {
        text = text.replace(value, "***");
      }
    }
    return text.length() > MAX_LOGGED_BODY ? text.substring(0, MAX_LOGGED_BODY) + "..." : text;
  }

  static byte[] gzip(byte[] body, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length / 4 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(body, 0, length);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  URI endpoint() {
    return settings.endpoint();
  }
}
