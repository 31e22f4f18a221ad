package ai.galileo.tracing.core;

/**
 * Receives every span of a tracer as it starts and as it ends. This is where export hooks in: in
 * distributed mode a span is streamed as it starts; in batch mode a trace is assembled and sent when
 * it ends.
 *
 * <p>Callbacks run on the application's thread: implementations must be fast, must not block, and
 * must not throw (the tracer catches and counts what they throw, but the cost is the caller's).
 *
 * @since 0.1.0
 */
public interface SpanProcessor {

  /** A span started; {@code span.ended()} is false and it has no output yet. */
  void onStart(SpanData span);

  /** A span ended; this is its final state. */
  void onEnd(SpanData span);

  /** Stops the processor, releasing what it holds. Called once, when the tracer closes. */
  default void shutdown() {}
}
