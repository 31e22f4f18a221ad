package ai.galileo.tracing.logging.internal;

/**
 * One logging library's per-thread map of diagnostic values.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
interface ContextMap {
  /** The value under the key on this thread, or null. */
  String get(String key);

  /** Sets the value on this thread; null removes the key. */
  void set(String key, String value);
}
