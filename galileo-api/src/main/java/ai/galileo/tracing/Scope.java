package ai.galileo.tracing;

/**
 * Keeps a context current until closed. Closing restores what was current before it was opened,
 * and discards any scope opened after it and left open, so a leaked scope never outlives the scope
 * around it. Closing twice, or closing a discarded scope, does nothing.
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
