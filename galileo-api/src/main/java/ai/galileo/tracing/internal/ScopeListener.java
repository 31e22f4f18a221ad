package ai.galileo.tracing.internal;

import ai.galileo.tracing.Context;

/**
 * Told when a context becomes current on a thread and when that ends, for whatever must follow
 * the current span outside the SDK (log correlation: SLF4J's MDC, Log4j 2's ThreadContext).
 * Listed in {@code META-INF/services/ai.galileo.tracing.internal.ScopeListener} and found once, when
 * the context storage is first used; every way a context is made current (spans, {@code wrap},
 * task-wrapping executors, the transports) goes through it.
 *
 * <p>Both methods run on the thread whose context changes, on every scope, so they must be quick.
 * What they throw is caught and logged, never reaching the code that opened or closed the scope.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public interface ScopeListener {
  /**
   * Called right after {@code context} became current on this thread.
   *
   * @return what {@link #restore} needs to put back the state from before; may be null
   */
  Object attached(Context context);

  /**
   * Called when the scope closes (on the thread that opened it), with what {@link #attached}
   * returned for it: put back what was there before it opened.
   */
  void restore(Object saved);
}
