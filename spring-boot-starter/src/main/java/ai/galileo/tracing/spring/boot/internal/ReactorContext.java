package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.ArrayDeque;
import java.util.Deque;
import reactor.core.publisher.Hooks;

/**
 * Carries Galileo's current context through Reactor: a {@link ThreadLocalAccessor} registered with
 * Micrometer's context-propagation library, and Reactor's automatic context propagation turned on
 * (unless {@code galileo.reactor.automatic-context-propagation=false}), so that {@code Context.current()} in an operator (also after {@code publishOn}/{@code subscribeOn})
 * is the context of the subscription's Reactor context under {@link #KEY}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ReactorContext implements ThreadLocalAccessor<Context> {
  /** The key of Galileo's context in a Reactor context. */
  public static final String KEY = "ai.galileo.tracing.context";

  private static final Object LOCK = new Object();
  private static boolean registered;
  private static boolean hookEnabled;

  /** Scopes this accessor opened on the thread, closed in the reverse order. */
  private final ThreadLocal<Deque<Scope>> scopes = ThreadLocal.withInitial(ArrayDeque::new);

  private ReactorContext() {}

  /**
   * Registers the accessor, once per class loader, and, when {@code automaticPropagation} is true,
   * turns on Reactor's automatic propagation (for the whole JVM; never turned off again here, as
   * other libraries may rely on it).
   *
   * @return whether this call turned the hook on
   */
  public static boolean install(boolean automaticPropagation) {
    synchronized (LOCK) {
      if (!registered) {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new ReactorContext());
        registered = true;
      }
      if (automaticPropagation && !hookEnabled) {
        Hooks.enableAutomaticContextPropagation();
        hookEnabled = true;
        return true;
      }
      return false;
    }
  }

  @Override
  public Object key() {
    return KEY;
  }

  @Override
  public Context getValue() {
    Context current = Context.current();
    return current == Context.root() ? null : current;
  }

  @Override
  public void setValue(Context value) {
    scopes.get().push(value.makeCurrent());
  }

  @Override
  public void setValue() {
    scopes.get().push(Context.root().makeCurrent());
  }

  @Override
  public void restore(Context previousValue) {
    restore();
  }

  @Override
  public void restore() {
    Deque<Scope> open = scopes.get();
    Scope scope = open.poll();
    if (scope != null) {
      scope.close();
    }
    if (open.isEmpty()) {
      scopes.remove();
    }
  }
}
