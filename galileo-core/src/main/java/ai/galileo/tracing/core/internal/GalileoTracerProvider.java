package ai.galileo.tracing.core.internal;

import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.spi.TracerProvider;

/** Installs {@link GalileoTracer} as the process's tracer through {@code ServiceLoader}. */
public final class GalileoTracerProvider implements TracerProvider {
  @Override
  public Tracer create() {
    return GalileoTracer.builder().build();
  }
}
