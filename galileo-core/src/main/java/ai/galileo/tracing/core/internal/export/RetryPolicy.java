package ai.galileo.tracing.core.internal.export;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long a request is tried: exponential back-off with jitter, bounded both in
 * attempts and in total time (Galileo's SDKs try 5 times within 70 seconds).
 *
 * @param maxAttempts attempts in all, the first included
 * @param initialBackoff the wait before the second attempt, before jitter
 * @param maxBackoff the longest wait between two attempts
 * @param maxElapsed the time after which no attempt starts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxElapsed) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(70));

  /**
   * The wait before attempt {@code attempt + 1} (attempt counts from 1): the exponential step with
   * "equal jitter", half fixed and half random, so that clients that failed together spread out.
   */
  public long backoffNanos(int attempt) {
    double step = initialBackoff.toNanos() * Math.pow(2, attempt - 1);
    long capped = (long) Math.min(step, maxBackoff.toNanos());
    return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
  }
}
