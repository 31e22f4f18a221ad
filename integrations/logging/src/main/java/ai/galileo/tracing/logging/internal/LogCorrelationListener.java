package ai.galileo.tracing.logging.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.internal.ScopeListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the current span's ids in every logging library's context map that is on the class path
 * when a context becomes current, and puts back what each key held before when its scope closes
 * (a value the application set under the same key included). Found by the context storage
 * through {@code ServiceLoader}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class LogCorrelationListener implements ScopeListener {
  private final ContextMap[] maps;

  /** Whether the context storage loaded a listener, for the doctor. */
  private static volatile boolean registered;

  /** Called by {@link java.util.ServiceLoader}: uses SLF4J and Log4j 2 where they are present. */
  public LogCorrelationListener() {
    this(present());
    registered = true;
  }

  /** Whether the context storage has loaded this listener through {@link java.util.ServiceLoader}. */
  static boolean registered() {
    return registered;
  }

  LogCorrelationListener(ContextMap[] maps) {
    this.maps = maps;
  }

  /** The context maps this process has: SLF4J's MDC and Log4j 2's ThreadContext, where present. */
  static ContextMap[] present() {
    ClassLoader loader = LogCorrelationListener.class.getClassLoader();
    List<ContextMap> maps = new ArrayList<>(2);
    if (isPresent(Slf4jMdc.API_CLASS, loader)) {
      maps.add(new Slf4jMdc());
    }
    if (isPresent(Log4jThreadContext.API_CLASS, loader)) {
      maps.add(new Log4jThreadContext());
    }
    return maps.toArray(new ContextMap[0]);
  }

  private static boolean isPresent(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader); // not initialised: no logging set up from here
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public Object attached(Context context) {
    if (maps.length == 0) {
      return null;
    }
    String[] values = CorrelationIds.of(context);
    String[] keys = CorrelationIds.KEYS;
    // Before, per map and key; when SLF4J and Log4j 2 share one map (a bridge), the second reads
    // what the first set, and restoring in reverse order still ends with the first's.
    String[] before = new String[maps.length * keys.length];
    for (int m = 0; m < maps.length; m++) {
      ContextMap map = maps[m];
      for (int k = 0; k < keys.length; k++) {
        before[m * keys.length + k] = map.get(keys[k]);
        map.set(keys[k], values[k]);
      }
    }
    return before;
  }

  @Override
  public void restore(Object saved) {
    if (!(saved instanceof String[])) {
      return;
    }
    String[] before = (String[]) saved;
    String[] keys = CorrelationIds.KEYS;
    for (int m = maps.length - 1; m >= 0; m--) {
      for (int k = 0; k < keys.length; k++) {
        maps[m].set(keys[k], before[m * keys.length + k]);
      }
    }
  }

  /** The maps in use, for tests and reports. */
  List<ContextMap> maps() {
    return List.of(maps);
  }
}
