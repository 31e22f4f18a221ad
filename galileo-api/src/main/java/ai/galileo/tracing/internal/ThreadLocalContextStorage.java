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
    }
  }
}
