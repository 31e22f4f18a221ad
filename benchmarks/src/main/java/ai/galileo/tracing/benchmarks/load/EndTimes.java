package ai.galileo.tracing.benchmarks.load;

import org.HdrHistogram.Histogram;

/** The time each {@code Span.end()} took on the application thread, in nanoseconds. */
final class EndTimes {
  private final Histogram histogram = new Histogram(3_600_000_000_000L, 3);

  /** Records one {@code end()} that started at {@code startNanos} ({@link System#nanoTime()}) and has returned. */
  void since(long startNanos) {
    histogram.recordValue(Math.max(0, System.nanoTime() - startNanos));
  }

  long count() {
    return histogram.getTotalCount();
  }

  double percentileMicros(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  double maxMicros() {
    return histogram.getMaxValue() / 1000.0;
  }
}
