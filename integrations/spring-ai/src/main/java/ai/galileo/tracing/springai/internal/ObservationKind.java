package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.Tracer;
import io.micrometer.observation.Observation;

/**
 * One kind of Spring AI observation and the span it becomes. Each implementation names Spring AI
 * classes of one module, and is only loaded when that module is on the class path (see
 * {@link Kinds}), so an application without, say, the vector store module still gets the rest.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
interface ObservationKind {
  /** Whether this kind makes a span of the observation. */
  boolean handles(Observation.Context observation);

  /** Starts the span, with what the observation knows at its start (the request). */
  Span start(Tracer tracer, Observation.Context observation, Context parent);

  /**
   * Records what the observation knows at its stop (the response) on the span, which the caller
   * then ends; the observation's error, if any, is recorded by the caller after this.
   */
  void stop(Span span, Observation.Context observation);
}
