package ai.galileo.tracing.cdi.internal;

import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.internal.OnOffSetting;
import ai.galileo.tracing.core.internal.annotation.AnnotationsIntegration;
import java.util.logging.Logger;

/**
 * The binding that ties {@code TracedInterceptor} to {@link Traced}.
 *
 * <p>An interceptor names its bindings as annotations on its class, but {@code @Traced} targets
 * methods only, so it cannot be written there: the extensions add this instance to the
 * interceptor's class at deployment instead. The instance is read from an interface method that
 * carries the annotation, which keeps it a real {@code @Traced} with every member's default
 * whatever members later versions add (an abstract method, so that no container takes it for a
 * method to intercept: Quarkus warns about a private one). Its members do not matter: the extensions declare them all non-binding, so
 * it matches every {@code @Traced}, whatever its name or type.
 */
public final class TracedBinding {
  private static final Traced INSTANCE = read();

  private TracedBinding() {}

  /** A {@code @Traced} with its defaults. */
  public static Traced instance() {
    return INSTANCE;
  }

  /**
   * Whether {@code GALILEO_ANNOTATIONS_ENABLED} leaves the interceptor in (the default); when it
   * does not, the doctor is told why {@code @Traced} does nothing.
   */
  public static boolean switchedOn() {
    boolean on = OnOffSetting.on(AnnotationsIntegration.SETTING, problem ->
        Logger.getLogger(TracedBinding.class.getName())
            .warning(problem + "; @Traced methods are traced as by default"));
    if (!on) {
      AnnotationsIntegration.switchedOff(
          "galileo-cdi's interceptor", AnnotationsIntegration.SETTING + "=false");
    }
    return on;
  }

  private interface Carrier {
    @Traced
    void carrier();
  }

  private static Traced read() {
    try {
      return Carrier.class.getDeclaredMethod("carrier").getAnnotation(Traced.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("TracedBinding.Carrier.carrier() is gone", e);
    }
  }
}
