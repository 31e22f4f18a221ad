package ai.galileo.tracing.logging;

/**
 * The keys under which the current span's ids are in SLF4J's MDC and Log4j 2's ThreadContext
 * while it is current (this jar on the class path is the whole set-up). Use them in a log pattern,
 * such as Logback's {@code %X{trace_id}} or Log4j 2's {@code %X{galileo.trace_id}}.
 *
 * @since 0.1.0
 */
public final class LogCorrelation {
  /** Galileo's trace UUID, as sent in {@code X-Galileo-Trace-ID}. */
  public static final String GALILEO_TRACE_ID = "galileo.trace_id";
  /** Galileo's span UUID, as sent in {@code X-Galileo-Parent-ID}. */
  public static final String GALILEO_SPAN_ID = "galileo.span_id";
  /**
   * The W3C trace-id (32 hex digits) written in {@code traceparent}; set only when the
   * {@code tracecontext} propagator is on. OpenTelemetry's MDC instrumentation uses this key.
   */
  public static final String TRACE_ID = "trace_id";
  /** The W3C parent-id (16 hex digits) written in {@code traceparent}; as {@link #TRACE_ID}. */
  public static final String SPAN_ID = "span_id";
  /**
   * For Spring Boot's correlation pattern and Micrometer Tracing's keys: the W3C trace-id when
   * the {@code tracecontext} propagator is on, Galileo's trace UUID otherwise.
   */
  public static final String SPRING_TRACE_ID = "traceId";
  /** As {@link #SPRING_TRACE_ID}, for the span: the W3C parent-id, or Galileo's span UUID. */
  public static final String SPRING_SPAN_ID = "spanId";

  private LogCorrelation() {}
}
