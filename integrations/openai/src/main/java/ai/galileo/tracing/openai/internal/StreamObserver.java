package ai.galileo.tracing.openai.internal;

/**
 * Watches the items of one streamed answer as they pass to the caller, and tells what they add
 * up to, however far the stream got.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
interface StreamObserver<T> {
  /** One chunk or event, before the caller gets it. */
  void next(T item);

  /** The answer as far as it arrived. */
  LlmResult result();
}
