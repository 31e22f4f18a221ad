package ai.galileo.tracing.spi;

import ai.galileo.tracing.Tracer;

/**
 * How an implementation installs itself: {@link ai.galileo.tracing.Galileo#tracer()} loads the
 * providers listed in {@code META-INF/services/ai.galileo.tracing.spi.TracerProvider} and asks the
 * one with the highest {@link #priority()} for its tracer, once.
 *
 * @since 0.1.0
 */
public interface TracerProvider {

  /**
   * Builds the tracer from the process's configuration.
   *
   * @throws IllegalArgumentException if the configuration is invalid; the message names the
   *     setting and its allowed values
   */
  Tracer create();

  /** Higher wins when several providers are installed. */
  default int priority() {
    return 0;
  }
}
