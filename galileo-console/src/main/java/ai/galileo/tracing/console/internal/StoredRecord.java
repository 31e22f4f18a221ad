package ai.galileo.tracing.console.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A trace or span as stored: the merged record ({@code body}, null when only the summary was
 * read) and the columns derived from it. For a span, the trace-only fields are false, zero or
 * empty.
 *
 * @param isStub a trace known only because spans or updates named it: its own record has not
 *     arrived (yet)
 * @param completedAt when a trace was first stored complete; null while it is not, and for a span
 * @param lateSpanCount how many of a trace's spans are late; 0 for a span
 * @param lateAt when a span first arrived, or was updated, after its trace was complete (Galileo
 *     refuses that); null when it never did, and for a trace
 */
public record StoredRecord(
    UUID id,
    UUID traceId,
    UUID parentId,
    UUID projectId,
    UUID logStreamId,
    UUID experimentId,
    UUID sessionId,
    String type,
    String name,
    Instant createdAt,
    Long durationNs,
    Long statusCode,
    String serviceName,
    boolean isComplete,
    boolean isStub,
    int spanCount,
    List<String> services,
    Instant receivedAt,
    Instant updatedAt,
    Instant completedAt,
    int lateSpanCount,
    Instant lateAt,
    ObjectNode body) {

  /** Whether a span came after its trace was complete. */
  public boolean isLate() {
    return lateAt != null;
  }

  public boolean isTrace() {
    return "trace".equals(type);
  }

  /** The run the record was logged to: its log stream, or else its experiment. */
  public UUID runId() {
    return logStreamId != null ? logStreamId : experimentId;
  }
}
