package ai.galileo.tracing.core.internal;

import java.util.Objects;
import java.util.UUID;

/**
 * What a W3C extraction keeps in the context so that a later injection for the same trace writes
 * back what it received: the trace-id (when it had to be coerced to a v4 UUID), the parent-id
 * (when its UUID had to be derived), and the other vendors' tracestate members.
 *
 * <p>Internal: not part of the public API and may change without notice.
 *
 * @param traceId the trace UUID the extraction produced; the rest applies only to this trace
 * @param originalTraceId the trace-id as received, or null when it was already a v4 UUID
 * @param derivedParentId the parent UUID derived from the parent-id; null when tracestate gave
 *     the parent
 * @param originalParentId the parent-id as received, or null with {@code derivedParentId}
 * @param vendors the other vendors' tracestate members, never null
 */
public record TraceContextState(
    UUID traceId,
    String originalTraceId,
    UUID derivedParentId,
    String originalParentId,
    TraceState vendors) {

  public TraceContextState {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(vendors, "vendors");
  }

  /** True when this carries nothing that injection would not write anyway. */
  public boolean isEmpty() {
    return originalTraceId == null && derivedParentId == null && vendors.isEmpty();
  }
}
