package ai.galileo.tracing.core.internal;

import java.time.Instant;

/**
 * Wall-clock time from the monotonic clock. A local root takes an anchor and the spans under it
 * in this process keep it, so that the spans of one trace share a time base: their start times and
 * durations stay consistent even if the wall clock is adjusted while the trace runs, and each span
 * costs one {@link System#nanoTime()} rather than a wall-clock read.
 *
 * <p>Local roots share the anchor read last, and read a new one once it is {@value
 * #REUSE_NANOS} ns old: a wall-clock read costs as much again as a monotonic one, and roots
 * started within the same tenth of a second need no fresher one. Adjustments of the wall clock
 * reach new traces within that time.
 */
public final class TimeAnchor {
  /** How long local roots go on sharing one anchor: 100 ms. */
  static final long REUSE_NANOS = 100_000_000L;

  private static volatile TimeAnchor latest = now();

  private final long epochNanos;
  private final long nanoTime;

  private TimeAnchor(long epochNanos, long nanoTime) {
    this.epochNanos = epochNanos;
    this.nanoTime = nanoTime;
  }

  /**
   * An anchor for a new local root started at {@code nanoTime}: the latest one, or a new one read
   * now when that is older than {@link #REUSE_NANOS}.
   */
  public static TimeAnchor recent(long nanoTime) {
    TimeAnchor anchor = latest;
    if (nanoTime - anchor.nanoTime > REUSE_NANOS) {
      anchor = now();
      latest = anchor;
    }
    return anchor;
  }

  /** An anchor read now. */
  public static TimeAnchor now() {
    Instant now = Instant.now();
    return new TimeAnchor(now.getEpochSecond() * 1_000_000_000L + now.getNano(), System.nanoTime());
  }

  /** The wall-clock time, in epoch nanoseconds, at the given {@link System#nanoTime()} reading. */
  public long epochNanosAt(long nanoTime) {
    return epochNanos + (nanoTime - this.nanoTime);
  }

  public static long toEpochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
