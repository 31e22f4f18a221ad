package ai.galileo.tracing.core.propagation;

import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.spi.ConfigValues;
import ai.galileo.tracing.spi.PropagatorProvider;

/**
 * A second provider named {@code galileo} whose class name sorts before the built-in's, so the
 * discovery order (by name, then class name) picks it over {@link GalileoPropagatorProvider}.
 */
public final class EarlyGalileoProvider implements PropagatorProvider {
  static final Propagator PROPAGATOR = Propagators.composite(GalileoPropagator.create());

  @Override
  public String name() {
    return "Galileo";
  }

  @Override
  public Propagator create(ConfigValues config) {
    return PROPAGATOR;
  }
}
