package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.spi.ConfigValues;
import java.time.Duration;

/**
 * The export pipeline's numeric settings, read and checked once. An invalid number stops start-up
 * with the variable's name, as every other setting does.
 *
 * @param linger the longest a snapshot waits for its batch: 100 ms in distributed mode, 1 s in
 *     batch mode, unless {@code GALILEO_EXPORT_DELAY_MS} says otherwise
 * @param relaxedLinger the same for exporters whose backend has no completion rule: 1 s in both
 *     modes unless set ({@link #lingerFor})
 */
public record ExportSettings(
    int queueSize,
    int batchSize,
    Duration linger,
    Duration relaxedLinger,
    Duration shutdownTimeout,
    int maxBufferedSpans,
    int maxFieldChars,
    RetryPolicy retry,
    Duration requestTimeout,
    Duration completionTimeout,
    boolean ingestParentsFirst,
    int maxInFlight) {

  /**
   * Requests in flight per exporter by default. Enough for 10,000 spans/s against a backend that
   * answers after 100 ms with room to spare: a full batch of 512 snapshots is one or two requests,
   * about 20 batches a second, so about 4 requests are out at any time; 8 leaves room for slower
   * answers and retries (8 x 512 snapshots per 100 ms is about 40,000 a second).
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = 8;

  /**
   * Snapshots queued by default. The queue covers the worker's stalls, not the backend's latency
   * (the requests in flight cover that): the longest is at start-up, while the HTTP client and the
   * JSON writer are loaded and compiled and the first requests connect, about a second on a busy
   * 2-core machine, when 10,000 spans/s fill 2,048 places in 0.2 s. 8,192 snapshots hold about 0.8 s
   * of that rate, a few MiB of heap.
   */
  public static final int DEFAULT_QUEUE_SIZE = 8192;

  /** The setting for the most requests each exporter keeps in flight; the otlp exporter reads it too. */
  public static final String MAX_IN_FLIGHT = "GALILEO_EXPORT_MAX_IN_FLIGHT";

  /**
   * How long this exporter's snapshots may wait for their batch. Distributed mode's 100 ms is for
   * backends that refuse spans of a completed trace (a caller completes its trace soon after the
   * services it called answered, so their spans must be there by then); an OTLP backend or a log has
   * no such rule, so they batch as in batch mode, as OpenTelemetry's BatchSpanProcessor does (5 s
   * there): at 3,000 spans/s that is full batches of 512 in ~40 % fewer requests.
   */
  public Duration lingerFor(SpanExporter exporter) {
    return exporter.completesTraces() ? linger : relaxedLinger;
  }

  public static ExportSettings from(GalileoConfig config) {
    ConfigValues v = config.values();
    int defaultLinger = config.mode() == Mode.DISTRIBUTED ? 100 : 1000;
    boolean lingerSet = v.get("GALILEO_EXPORT_DELAY_MS") != null;
    int linger = positive(v, "GALILEO_EXPORT_DELAY_MS", defaultLinger);
    return new ExportSettings(
        positive(v, "GALILEO_QUEUE_SIZE", DEFAULT_QUEUE_SIZE),
        positive(v, "GALILEO_BATCH_SIZE", 512),
        Duration.ofMillis(linger),
        Duration.ofMillis(lingerSet ? linger : 1000),
        Duration.ofMillis(positive(v, "GALILEO_SHUTDOWN_TIMEOUT_MS", 5000)),
        positive(v, "GALILEO_MAX_BUFFERED_SPANS", 10_000),
        positive(v, "GALILEO_MAX_FIELD_CHARS", 1_000_000),
        new RetryPolicy(
            positive(v, "GALILEO_RETRY_MAX_ATTEMPTS", RetryPolicy.DEFAULT.maxAttempts()),
            Duration.ofMillis(positive(v, "GALILEO_RETRY_INITIAL_BACKOFF_MS", 1000)),
            Duration.ofMillis(positive(v, "GALILEO_RETRY_MAX_BACKOFF_MS", 20_000)),
            Duration.ofMillis(positive(v, "GALILEO_RETRY_MAX_ELAPSED_MS", 70_000))),
        Duration.ofMillis(positive(v, "GALILEO_REQUEST_TIMEOUT_MS", 30_000)),
        Duration.ofMillis(positive(v, "GALILEO_COMPLETION_TIMEOUT_MS", 30_000)),
        bool(v, "GALILEO_INGEST_PARENTS_FIRST", false),
        positive(v, MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT));
  }

  private static boolean bool(ConfigValues values, String name, boolean defaultValue) {
    String raw = values.get(name);
    if (raw == null) {
      return defaultValue;
    }
    String v = raw.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return v.equals("true");
    }
    throw new IllegalArgumentException(
        "Invalid " + name + " \"" + raw + "\": expected true or false");
  }

  /**
   * A whole number greater than 0, or the default when unset.
   *
   * @throws IllegalArgumentException naming the setting, for any other value
   */
  public static int positive(ConfigValues values, String name, int defaultValue) {
    String raw = values.get(name);
    if (raw == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "Invalid " + name + " \"" + raw + "\": expected a whole number greater than 0");
  }
}
