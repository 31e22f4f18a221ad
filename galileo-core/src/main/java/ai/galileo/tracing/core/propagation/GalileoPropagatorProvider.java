package ai.galileo.tracing.core.propagation;

import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.spi.ConfigValues;
import ai.galileo.tracing.spi.PropagatorProvider;

/**
 * Provides {@link GalileoPropagator} as {@code galileo}, configured by
 * {@value GalileoPropagator#HEADERS_SETTING}.
 *
 * @since 0.1.0
 */
public final class GalileoPropagatorProvider implements PropagatorProvider {
  /** The name to list in {@code GALILEO_PROPAGATORS}. */
  public static final String NAME = "galileo";

  /** Called by {@link java.util.ServiceLoader}. */
  public GalileoPropagatorProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@value GalileoPropagator#HEADERS_SETTING} has an unknown
   *     value
   */
  @Override
  public Propagator create(ConfigValues config) {
    return config == null ? GalileoPropagator.create() : GalileoPropagator.create(config);
  }
}
