package ai.galileo.tracing.internal;

import ai.galileo.tracing.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads the {@link ScopeListener}s and calls them so that nothing they throw escapes: one listener
 * as it is, several as one that calls each in order and restores in reverse order, none as null.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ScopeListeners {
  private static final Logger LOG = Logger.getLogger(ScopeListeners.class.getName());
  /** ServiceLoader retries after a broken entry; this bounds a pathological class path. */
  private static final int MAX_BROKEN = 16;
  private static volatile boolean failureLogged;

  private ScopeListeners() {}

  /** The installed listeners as one, or null when there are none. */
  static ScopeListener load(ClassLoader classLoader) {
    List<ScopeListener> found = new ArrayList<>(2);
    try {
      Iterator<ScopeListener> it = ServiceLoader.load(ScopeListener.class, classLoader).iterator();
      int broken = 0;
      while (broken < MAX_BROKEN) {
        try {
          if (!it.hasNext()) {
            break;
          }
          found.add(it.next());
        } catch (ServiceConfigurationError | LinkageError e) {
          broken++;
          LOG.log(Level.WARNING, "Ignoring a scope listener that cannot be loaded", e);
        }
      }
    } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
      LOG.log(Level.WARNING, "Scope listeners cannot be loaded; none is used", e);
    }
    if (found.isEmpty()) {
      return null;
    }
    return found.size() == 1 ? found.get(0) : new All(found.toArray(new ScopeListener[0]));
  }

  /** {@link ScopeListener#attached}, with what it throws caught and logged once. */
  static Object attached(ScopeListener listener, Context context) {
    try {
      return listener.attached(context);
    } catch (RuntimeException | LinkageError e) {
      failed(listener, e);
      return null;
    }
  }

  /** {@link ScopeListener#restore}, with what it throws caught and logged once. */
  static void restore(ScopeListener listener, Object saved) {
    try {
      listener.restore(saved);
    } catch (RuntimeException | LinkageError e) {
      failed(listener, e);
    }
  }

  private static void failed(ScopeListener listener, Throwable e) {
    if (!failureLogged) {
      failureLogged = true;
      LOG.log(Level.WARNING, "Scope listener " + listener.getClass().getName()
          + " failed; the scope still opened or closed (later failures are logged at FINE)", e);
    } else {
      LOG.log(Level.FINE, "Scope listener failed", e);
    }
  }

  /** Several listeners: each one's saved state kept apart, and restored last-attached first. */
  private static final class All implements ScopeListener {
    private final ScopeListener[] listeners;

    All(ScopeListener[] listeners) {
      this.listeners = listeners;
    }

    @Override
    public Object attached(Context context) {
      Object[] saved = new Object[listeners.length];
      for (int i = 0; i < listeners.length; i++) {
        saved[i] = ScopeListeners.attached(listeners[i], context);
      }
      return saved;
    }

    @Override
    public void restore(Object saved) {
      Object[] each = (Object[]) saved;
      for (int i = listeners.length - 1; i >= 0; i--) {
        ScopeListeners.restore(listeners[i], each[i]);
      }
    }
  }
}
