package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;

/**
 * The tracer the wrapped clients log with: a given one, or else whatever {@link Galileo#tracer()}
 * is at the moment of each call, so a client wrapped before the application (or a test) installs
 * its tracer follows the tracer installed later.
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
