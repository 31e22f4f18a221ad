package ai.galileo.tracing.core.internal;

import java.util.Objects;
import java.util.UUID;

/**
 * What a W3C extraction keeps in the context so that a later injection for the same trace writes
 * back what it received: the trace-id (when it had to be coerced to a v4 UUID), the flags, the
 * other vendors' tracestate members, and, for a service that passes the parent on unchanged, the
 * two headers as they came.
 *
 * <p>Internal: not part of the public API and may change without notice.
 *
 * @param traceId the trace UUID the extraction produced; the rest applies only to this trace
 * @param originalTraceId the trace-id as received, or null when it was already a v4 UUID
 * @param parentId the parent UUID the extraction produced: a span that has it is the received
 *     parent itself, and is passed on as it came
 * @param traceparent the traceparent as received
 * @param received the tracestate as received (less empty and repeated members), never null
 * @param vendors the other vendors' tracestate members, never null
 */
public record TraceContextState(
    UUID traceId,
    String originalTraceId,
    UUID parentId,
    TraceParent traceparent,
    TraceState received,
    TraceState vendors) {

  public TraceContextState {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(parentId, "parentId");
    Objects.requireNonNull(traceparent, "traceparent");
    Objects.requireNonNull(received, "received");
    Objects.requireNonNull(vendors, "vendors");
  }
}
