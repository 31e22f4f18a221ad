package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;

/**
 * The tracer spans are logged with: a given one, or else whatever {@link Galileo#tracer()} is at the
 * moment of each observation, so a handler made before the application installs its tracer (the
 * one Spring Boot creates at start-up) follows the tracer installed later.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class TracerRef {
  private final Tracer fixed;

  private TracerRef(Tracer fixed) {
    this.fixed = fixed;
  }

  public static TracerRef of(Tracer tracer) {
    return new TracerRef(tracer);
  }

  public static TracerRef global() {
    return new TracerRef(null);
  }

  Tracer get() {
    Tracer t = fixed;
    return t != null ? t : Galileo.tracer();
  }
}
