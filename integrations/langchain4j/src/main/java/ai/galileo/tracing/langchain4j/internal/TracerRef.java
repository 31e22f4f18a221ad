package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;

/**
 * The tracer the listeners log with: a given one, or else whatever {@link Galileo#tracer()} is at
 * the moment of each call, so listeners made before the tracer (the ones LangChain4j discovers)
 * follow the tracer the application or a test installs later.
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
