package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import org.springframework.beans.factory.DisposableBean;

/**
 * Installs the context's tracer as {@code Galileo.tracer()} and, when the context closes, puts back
 * the tracer installed before it (unless another was installed since).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class RegisteredTracer implements DisposableBean {
  private final Tracer tracer;
  private final Tracer previous;

  private RegisteredTracer(Tracer tracer, Tracer previous) {
    this.tracer = tracer;
    this.previous = previous;
  }

  public static RegisteredTracer register(Tracer tracer) {
    return new RegisteredTracer(tracer, Galileo.register(tracer));
  }

  @Override
  public void destroy() {
    if (Galileo.tracer() != tracer) {
      return;
    }
    if (previous != null) {
      Galileo.register(previous);
    } else {
      Galileo.reset();
    }
  }
}
