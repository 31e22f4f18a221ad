package ai.galileo.tracing.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Per-thread storage of the current context as a stack of open scopes.
 *
 * <p>Each {@link Context#makeCurrent()} pushes a scope. Closing a scope always restores the context
 * that was current when it was opened, and discards any scope opened after it that is still open:
 * a handler that leaked a scope cannot leave a stale context on a pooled server thread once the
 * middleware around it closes its own. Closing a discarded or already closed scope does nothing.
 * The thread-local holds nothing (null) when no scope is open, so an idle pooled thread does not
 * pin a context or, in a servlet container, a web application's class loader.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ThreadLocalContextStorage {
  private static final Logger LOG = Logger.getLogger(ThreadLocalContextStorage.class.getName());
  private static final ThreadLocal<OpenScope> TOP = new ThreadLocal<>();
  /**
   * The installed {@link ScopeListener}s as one, or null: a constant, so with none installed each
   * scope costs one null check the JIT folds away, and no allocation.
   */
  private static final ScopeListener LISTENER =
      ScopeListeners.load(ThreadLocalContextStorage.class.getClassLoader());

  private ThreadLocalContextStorage() {}

  /** The context current on this thread, or null for the root. */
  public static Context current() {
    OpenScope top = TOP.get();
    return top == null ? null : top.context;
  }

  /** The span of the context current on this thread; the invalid span for the root. */
  public static Span currentSpan() {
    OpenScope top = TOP.get();
    return top == null ? Span.invalid() : top.context.span();
  }

  /** Makes the context current and returns the scope that undoes it. */
  public static Scope attach(Context context) {
    OpenScope below = TOP.get();
    if (below != null && below.context == context) {
      return Scope.noop(); // already current: nothing to undo
    }
    OpenScope scope = new OpenScope(context, below, Thread.currentThread());
    TOP.set(scope);
    if (LISTENER != null) {
      scope.saved = ScopeListeners.attached(LISTENER, context);
    }
    return scope;
  }

  /** How many scopes are open on this thread; for leak checks in tests. */
  public static int openScopes() {
    int n = 0;
    for (OpenScope s = TOP.get(); s != null; s = s.below) {
      if (!s.closed) {
        n++;
      }
    }
    return n;
  }

  private static final class OpenScope implements Scope {
    final Context context;
    final OpenScope below;
    final Thread owner;
    boolean closed; // touched only by the owner thread
    /** What the listener needs to put back the state from before this scope; owner thread only. */
    Object saved;

    OpenScope(Context context, OpenScope below, Thread owner) {
      this.context = context;
      this.below = below;
      this.owner = owner;
    }

    @Override
    public void close() {
      if (Thread.currentThread() != owner) {
        LOG.log(Level.FINE, "Scope closed on a thread other than the one that opened it; ignored");
        return;
      }
      if (closed) {
        return;
      }
      OpenScope top = TOP.get();
      if (top != this) {
        LOG.log(Level.FINE, "Scope closed while scopes opened after it were still open; they are discarded");
        for (OpenScope s = top; s != null && s != this; s = s.below) {
          s.closed = true;
        }
      }
      closed = true;
      TOP.set(below);
      if (LISTENER != null) {
        // Only this scope's state from before it opened: any discarded scope above it changed
        // that state after it, so putting this one back undoes them too.
        ScopeListeners.restore(LISTENER, saved);
      }
    }
  }
}
