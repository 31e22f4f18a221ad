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

  /**
   * A span started; {@code span.ended()} is false and it has no output yet. Called only when
   * {@link #isStartRequired()} is true.
   */
  void onStart(SpanData span);

  /**
   * Whether this processor wants {@link #onStart} calls. Snapshotting a span as it starts costs
   * an allocation on the application's thread; when no processor of a tracer wants starts, the
   * tracer skips it. True unless overridden.
   *
   * @since 0.1.0
   */
  default boolean isStartRequired() {
    return true;
  }

  /** A span ended; this is its final state. */
  void onEnd(SpanData span);

  /** Stops the processor, releasing what it holds. Called once, when the tracer closes. */
  default void shutdown() {}
}
