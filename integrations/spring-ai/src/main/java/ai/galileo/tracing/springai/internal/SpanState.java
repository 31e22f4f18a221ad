package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the handler keeps for one observation, in the observation's own context: its span, the
 * context with that span, and the scopes opened for it. Micrometer may open an observation's scope
 * on several threads (context propagation), and more than once on one thread, so the scopes are
 * kept per thread, innermost first; a scope is always closed on the thread that opened it.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class SpanState {
  final ObservationTracing owner;
  final ObservationKind kind;
  final Span span;
  final Context context;
  private final ConcurrentHashMap<Thread, Deque<Scope>> scopes = new ConcurrentHashMap<>(2);

  SpanState(ObservationTracing owner, ObservationKind kind, Span span, Context context) {
    this.owner = owner;
    this.kind = kind;
    this.span = span;
    this.context = context;
  }

  /** Makes the span current on this thread, until {@link #closeScope()}. */
  void openScope() {
    Scope scope = context.makeCurrent();
    scopes.computeIfAbsent(Thread.currentThread(), t -> new ArrayDeque<>(2)).push(scope);
  }

  /** Closes the innermost scope this thread opened, restoring what was current before it. */
  void closeScope() {
    Thread thread = Thread.currentThread();
    Deque<Scope> open = scopes.get(thread);
    if (open == null) {
      return;
    }
    Scope scope = open.poll();
    if (open.isEmpty()) {
      scopes.remove(thread);
    }
    if (scope != null) {
      scope.close();
    }
  }

  /**
   * Closes every scope this thread opened: closing the outermost restores what was current before
   * the first, and discards the ones opened after it.
   */
  void resetScopes() {
    Deque<Scope> open = scopes.remove(Thread.currentThread());
    Scope outermost = open == null ? null : open.peekLast();
    if (outermost != null) {
      outermost.close();
    }
  }

  /** Whether the span is current on this thread through a scope of this observation. */
  boolean scopeOpenHere() {
    return scopes.containsKey(Thread.currentThread());
  }
}
