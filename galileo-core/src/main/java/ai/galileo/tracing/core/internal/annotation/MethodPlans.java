package ai.galileo.tracing.core.internal.annotation;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plans of methods, kept with their declaring class: a class that is unloaded (a redeployed
 * application) takes its plans with it, and a call costs a class lookup and a map lookup.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class MethodPlans {
  private static final ClassValue<ConcurrentHashMap<Method, MethodPlan>> BY_CLASS =
      new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<Method, MethodPlan> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private MethodPlans() {}

  /** The plan of {@code method}, made on its first call. */
  public static MethodPlan of(Method method) {
    ConcurrentHashMap<Method, MethodPlan> plans = BY_CLASS.get(method.getDeclaringClass());
    MethodPlan plan = plans.get(method);
    return plan != null ? plan : plans.computeIfAbsent(method, MethodPlan::of);
  }
}
