package ai.galileo.tracing;

/**
 * Keeps a context current until closed. Closing restores what was current before. Closing twice, or
 * closing scopes out of order, is harmless: a scope closed early is skipped when the scopes opened
 * after it close.
 *
 * @since 0.1.0
 */
public interface Scope extends AutoCloseable {
  /** A scope that does nothing when closed. */
  static Scope noop() {
    return () -> { };
  }

  @Override
  void close();
}
