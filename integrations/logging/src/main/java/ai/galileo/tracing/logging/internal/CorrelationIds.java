package ai.galileo.tracing.logging.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.logging.LogCorrelation;

/**
 * The values a context puts under {@link #KEYS}: all null when it has no span.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class CorrelationIds {
  static final String[] KEYS = {
    LogCorrelation.GALILEO_TRACE_ID, LogCorrelation.GALILEO_SPAN_ID,
    LogCorrelation.TRACE_ID, LogCorrelation.SPAN_ID,
    LogCorrelation.SPRING_TRACE_ID, LogCorrelation.SPRING_SPAN_ID,
  };
  private static final String TRACEPARENT = "traceparent";
  /** {@code 00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>}. */
  private static final int TRACEPARENT_LENGTH = 55;
  private static final Propagator.Setter<String[]> TRACEPARENT_ONLY = (carrier, name, value) -> {
    if (TRACEPARENT.equals(name)) {
      carrier[0] = value;
    }
  };

  private CorrelationIds() {}

  /** The values in the order of {@link #KEYS}. */
  static String[] of(Context context) {
    String[] values = new String[KEYS.length];
    SpanContext span = context.span().context();
    if (!span.isValid()) {
      return values;
    }
    values[0] = span.traceIdString();
    values[1] = span.spanIdString();
    // The W3C ids as the installed tracer's tracecontext propagator writes them (a trace-id
    // received from OpenTelemetry is passed on as it came), so logs match what other services see.
    String traceparent = traceparent(context);
    if (traceparent != null) {
      values[2] = traceparent.substring(3, 35);
      values[3] = traceparent.substring(36, 52);
    }
    values[4] = values[2] != null ? values[2] : values[0];
    values[5] = values[3] != null ? values[3] : values[1];
    return values;
  }

  private static String traceparent(Context context) {
    String[] carrier = new String[1];
    Galileo.tracer().propagator().inject(context, carrier, TRACEPARENT_ONLY);
    String t = carrier[0];
    if (t == null || t.length() < TRACEPARENT_LENGTH
        || t.charAt(2) != '-' || t.charAt(35) != '-' || t.charAt(52) != '-') {
      return null;
    }
    return t;
  }
}
