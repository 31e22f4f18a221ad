package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.core.internal.export.GalileoHttp;
import ai.galileo.tracing.core.internal.export.Http1Exchange;
import ai.galileo.tracing.core.internal.export.RequestHeaders;
import ai.galileo.tracing.core.internal.export.RetryPolicy;
import ai.galileo.tracing.core.internal.export.UrlConnectionExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

/**
 * POSTs OTLP request bodies as the OTLP/HTTP specification says: retried with exponential back-off
 * and jitter on 429, 502, 503, 504 and on no answer, honouring {@code Retry-After}, bounded in
 * attempts and time; any other status is final. A 2xx answer's {@code partial_success} is read.
 * Header values (an API key) are never logged.
 *
 * <p>Each request blocks the calling thread (one of the exporter's senders, as many as requests
 * may be in flight) on a kept-alive connection of an {@link Http1Exchange}: head and body in one
 * write, the answer parsed from a reused buffer. It falls back to {@link HttpURLConnection} where a
 * proxy is configured. The JDK's {@code HttpClient} handed every request between the caller, its
 * selector thread and an executor through chains of futures, and {@code HttpURLConnection} spent
 * about 0.7 ms of CPU per request: at the ten requests a second an exporter sends, either was most
 * of the exporter's CPU.
 */
final class OtlpHttp {
  private static final Logger LOG = Logger.getLogger(OtlpHttp.class.getName());
  private static final int MAX_LOGGED_BODY = 500;
  /**
   * Headers {@link HttpURLConnection} drops without a word unless a JVM-wide property allows them:
   * refused up front, so a configured header is either sent or named in a warning.
   */
  private static final Set<String> RESTRICTED = Set.of("access-control-request-headers",
      "access-control-request-method", "connection", "content-length", "content-transfer-encoding",
      "host", "keep-alive", "origin", "trailer", "transfer-encoding", "upgrade", "via");

  private final OtlpSettings settings;
  /** The endpoint, or null if it is not a URL the JDK can open. */
  private final URI uri;
  private final RequestHeaders requestHeaders;
  private final Http1Exchange exchange;
  private final int timeoutMillis;
  private final RetryPolicy retry;
  private final String contentType;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();
  /** Senders waiting out a back-off wait on it; {@link #close} wakes them. */
  private final Object backoff = new Object();
  private volatile boolean closed;

  /** What became of one request after its retries. */
  record Outcome(int status, int retries, long rejectedSpans) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  OtlpHttp(OtlpSettings settings, RetryPolicy retry) {
    this.settings = settings;
    this.retry = retry;
    this.contentType = settings.json() ? "application/json" : "application/x-protobuf";
    this.timeoutMillis = (int) Math.min(Math.max(1, settings.timeout().toMillis()), Integer.MAX_VALUE);
    URI u;
    try {
      u = settings.endpoint();
      u.toURL(); // the fallback's check: an endpoint HttpURLConnection cannot open is refused either way
    } catch (java.net.MalformedURLException | IllegalArgumentException e) {
      u = null; // every request then counts as unanswered, and the first one says why
    }
    this.uri = u;
    List<String> pairs = new ArrayList<>(List.of("Content-Type", contentType,
        // The answer comes in the request's encoding.
        "Accept", contentType));
    if (settings.gzip()) {
      pairs.add("Content-Encoding");
      pairs.add("gzip");
    }
    allowed(settings).forEach((name, value) -> {
      pairs.add(name);
      pairs.add(value);
    });
    this.requestHeaders = RequestHeaders.of(pairs.toArray(new String[0]));
    this.exchange = new Http1Exchange(timeoutMillis, timeoutMillis, settings.maxInFlight());
  }

  static boolean retryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /**
   * Sends the first {@code length} bytes of {@code body}, retrying as the policy allows, on the
   * calling thread; never throws. A back-off is cut short by {@link #close}, and by an interrupt:
   * the request then counts as it stands.
   */
  Outcome send(byte[] body, int length) {
    byte[] wire = body;
    int wireLength = length;
    if (settings.gzip()) {
      wire = gzip(body, length);
      wireLength = wire.length;
    }
    long start = System.nanoTime();
    int attempt = 0;
    while (true) {
      attempt++;
      int status;
      byte[] answer;
      long waitNanos;
      try {
        UrlConnectionExchange.Answer a = attempt(wire, wireLength);
        status = a.status();
        answer = a.body();
        if (!retryable(status)) {
          return done(status, answer, attempt - 1, a.contentType() == null ? "" : a.contentType());
        }
        long retryAfter = GalileoHttp.retryAfterNanos(a.retryAfter());
        waitNanos = retryAfter >= 0 ? retryAfter : retry.backoffNanos(attempt);
      } catch (IOException e) {
        status = 0;
        answer = new byte[0];
        waitNanos = retry.backoffNanos(attempt);
        if (attempt == 1) {
          LOG.log(Level.FINE, "OTLP endpoint " + settings.endpoint() + " did not answer: " + e);
        }
      }
      long elapsed = System.nanoTime() - start;
      if (closed || attempt >= retry.maxAttempts() || elapsed + waitNanos > retry.maxElapsed().toNanos()
          || !waitOut(waitNanos)) {
        logOnce(status, answer, "after " + attempt + " attempts");
        return new Outcome(status, attempt - 1, 0);
      }
    }
  }

  /** Sleeps for a back-off; false if {@link #close} or an interrupt cut it short. */
  private boolean waitOut(long nanos) {
    long deadline = System.nanoTime() + nanos;
    synchronized (backoff) {
      try {
        while (!closed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return true;
          }
          TimeUnit.NANOSECONDS.timedWait(backoff, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  private UrlConnectionExchange.Answer attempt(byte[] body, int length) throws IOException {
    if (uri == null) {
      throw new IOException("the endpoint " + settings.endpoint() + " is not a URL this JDK can open");
    }
    return exchange.send(uri, "POST", requestHeaders, body, length);
  }

  /** No retries after this: back-offs end, and requests answered from now on settle as they stand. */
  void close() {
    closed = true;
    exchange.close();
    synchronized (backoff) {
      backoff.notifyAll();
    }
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
    if (responseType.toLowerCase(Locale.ROOT).contains("json")) {
      return OtlpJson.partialSuccess(answer);
    }
    return OtlpJson.partialSuccessProtobuf(answer);
  }

  /**
   * The configured headers that can be sent as given; one that cannot (a name {@link
   * HttpURLConnection} restricts, such as {@code Host}, or a character HTTP refuses, such as a
   * line break) is left out with a warning that names it, not its value.
   */
  private static Map<String, String> allowed(OtlpSettings settings) {
    Map<String, String> ok = new java.util.LinkedHashMap<>();
    settings.headers().forEach((name, value) -> {
      boolean valid = !RESTRICTED.contains(name.toLowerCase(Locale.ROOT))
          && RequestHeaders.refusal(name, value) == null;
      if (valid) {
        try {
          // The JDK client's check of names and values (no client is made): the strictest at hand.
          HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
        } catch (IllegalArgumentException e) {
          valid = false;
        }
      }
      if (valid) {
        ok.put(name, value);
      } else {
        LOG.warning("OTLP header '" + name + "' cannot be sent (a restricted name, or a character HTTP"
            + " refuses); it is left out");
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
