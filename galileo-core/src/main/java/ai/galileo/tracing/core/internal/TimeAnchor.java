package ai.galileo.tracing.core.internal;

import java.time.Instant;

/**
 * Wall-clock time from the monotonic clock. One anchor is read per local root so that the spans of
 * one trace in this process share a time base: their start times and durations stay consistent
 * even if the wall clock is adjusted while the trace runs, and each span costs one
 * {@link System#nanoTime()} rather than a wall-clock read.
 */
public final class TimeAnchor {
  private final long epochNanos;
  private final long nanoTime;

  private TimeAnchor(long epochNanos, long nanoTime) {
    this.epochNanos = epochNanos;
    this.nanoTime = nanoTime;
  }

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
