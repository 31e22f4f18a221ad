package ai.galileo.tracing.core.propagation;

import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.spi.ConfigValues;
import ai.galileo.tracing.spi.PropagatorProvider;

/**
 * Provides {@link W3CTraceContextPropagator} as {@code tracecontext}, the name OpenTelemetry uses
 * for the same format.
 *
 * @since 0.1.0
 */
public final class W3CTraceContextPropagatorProvider implements PropagatorProvider {
  /** The name to list in {@code GALILEO_PROPAGATORS}. */
  public static final String NAME = "tracecontext";

  /** Called by {@link java.util.ServiceLoader}. */
  public W3CTraceContextPropagatorProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Propagator create(ConfigValues config) {
    return W3CTraceContextPropagator.create();
  }
}
