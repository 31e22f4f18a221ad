package ai.galileo.tracing.benchmarks.load;

/** One SDK set up to export somewhere: makes the shape's trace, then drains and says what it delivered. */
interface Subject {
  /** Makes one trace of {@link SpanShape#SPANS_PER_TRACE} spans, timing each {@code end()} into {@code ends}. */
  void trace(EndTimes ends);

  /**
   * Delivers what is queued, waiting up to {@code seconds}, and says what was delivered so far; the
   * SDK keeps running. Ends the warm-up, so that the measured run starts with an empty queue.
   */
  Delivery settle(int seconds);

  /** Waits up to {@code seconds} for what is queued to be delivered, and stops the SDK. */
  Delivery drain(int seconds);

  /**
   * What the SDK says it did with the spans.
   *
   * @param delivered spans the exporter reported sent
   * @param dropped spans refused because the queue was full (OpenTelemetry: made and neither sent nor failed)
   * @param failed spans the exporter gave up on
   * @param pending spans still queued when the drain timed out
   * @param source where the figures come from
   */
  record Delivery(long delivered, long dropped, long failed, long pending, String source) {}
}
