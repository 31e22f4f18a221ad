package ai.galileo.tracing.core.internal;

import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.SpanData;
import java.util.Objects;
import java.util.function.Function;

/**
 * Hands spans recorded outside a tracer (by the OpenTelemetry bridge, from OpenTelemetry spans)
 * to that tracer's processors, and so to its export pipelines, exactly as its own spans' final
 * snapshots go. The caller builds the snapshot: ids, parent, times and fields.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ExternalSpans {
  private static volatile Function<Tracer, TracerState> states;

  private ExternalSpans() {}

  /** Called once by {@code GalileoTracer}'s class initialiser: how to reach a tracer's state. */
  public static void setStateAccess(Function<Tracer, TracerState> access) {
    states = Objects.requireNonNull(access, "access");
  }

  /**
   * Hands the final snapshot of a span made elsewhere to the tracer's processors.
   *
   * @return false when the tracer is not a galileo-core tracer, or records nothing (logging
   *     disabled, no exporter): the span is then not recorded
   * @throws IllegalArgumentException if the snapshot is not final
   */
  public static boolean record(Tracer tracer, SpanData span) {
    if (!span.isFinal()) {
      throw new IllegalArgumentException("Only final snapshots can be recorded: " + span.state());
    }
    Function<Tracer, TracerState> access = states;
    TracerState state = access == null || tracer == null ? null : access.apply(tracer);
    if (state == null || !state.recording()) {
      return false;
    }
    state.ended(span);
    return true;
  }

  /** The service name of a galileo-core tracer, or null for another tracer. */
  public static String serviceName(Tracer tracer) {
    Function<Tracer, TracerState> access = states;
    TracerState state = access == null || tracer == null ? null : access.apply(tracer);
    return state == null ? null : state.serviceName();
  }
}
