package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.annotation.TracedMethod;
import ai.galileo.tracing.core.annotation.TracedMethods;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;

/**
 * The advice of {@link Traced} methods: finds the method that carries the annotation (the proxy may
 * report an interface's method, and the annotation may sit on the implementation, or the other way
 * round) and hands the call to galileo-core's engine. The method is resolved once per invoked method
 * and target class, to the engine's {@link TracedMethod} for it, so that a call costs one lookup
 * here and none in the engine, and proceeds through a method reference that captures nothing.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class TracedMethodInterceptor implements MethodInterceptor {
  /**
   * Per target class: the method invoked, to the engine's handle of the method carrying
   * {@link Traced} (or of itself). Per interceptor, since the handles are bound to its tracer.
   */
  private final ClassValue<ConcurrentHashMap<Method, TracedMethod>> resolved = new ClassValue<>() {
    @Override
    protected ConcurrentHashMap<Method, TracedMethod> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  private final Supplier<? extends Tracer> tracer;
  private volatile TracedMethods engine;

  public TracedMethodInterceptor(Supplier<? extends Tracer> tracer) {
    this.tracer = tracer;
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    return traced(invocation.getMethod(), invocation.getThis())
        .invoke(invocation, invocation.getArguments(), MethodInvocation::proceed);
  }

  private TracedMethod traced(Method invoked, Object target) {
    ConcurrentHashMap<Method, TracedMethod> known =
        resolved.get(target == null ? Object.class : target.getClass());
    TracedMethod m = known.get(invoked);
    if (m != null) {
      return m;
    }
    TracedMethods e = engine(); // outside the map's lock: getting the tracer may build it
    return known.computeIfAbsent(invoked, i -> e.method(annotated(i, target)));
  }

  private TracedMethods engine() {
    TracedMethods e = engine;
    if (e == null) {
      e = TracedMethods.create(tracer.get());
      engine = e;
    }
    return e;
  }

  static Method annotated(Method invoked, Object target) {
    return target == null ? invoked : find(invoked, AopUtils.getTargetClass(target));
  }

  /** The first method carrying {@link Traced} among the target's and its supertypes' versions. */
  private static Method find(Method invoked, Class<?> targetClass) {
    List<Method> candidates = new ArrayList<>();
    candidates.add(AopUtils.getMostSpecificMethod(invoked, targetClass));
    candidates.add(invoked);
    for (Class<?> type = targetClass; type != null && type != Object.class; type = type.getSuperclass()) {
      addDeclared(candidates, type, invoked);
    }
    for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(targetClass)) {
      addDeclared(candidates, type, invoked);
    }
    for (Method candidate : candidates) {
      if (candidate.isAnnotationPresent(Traced.class)) {
        return candidate;
      }
    }
    return invoked; // the engine lets it proceed untraced
  }

  private static void addDeclared(List<Method> candidates, Class<?> type, Method invoked) {
    try {
      candidates.add(type.getDeclaredMethod(invoked.getName(), invoked.getParameterTypes()));
    } catch (NoSuchMethodException | SecurityException e) {
      // not declared there
    }
  }
}
