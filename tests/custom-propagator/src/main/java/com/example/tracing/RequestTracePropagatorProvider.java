package com.example.tracing;

import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.spi.ConfigValues;
import ai.galileo.tracing.spi.PropagatorProvider;

/** Makes {@link RequestTracePropagator} selectable as {@code GALILEO_PROPAGATORS=company}. */
public final class RequestTracePropagatorProvider implements PropagatorProvider {
  @Override
  public String name() {
    return "company";
  }

  @Override
  public Propagator create(ConfigValues config) {
    return new RequestTracePropagator();
  }
}
