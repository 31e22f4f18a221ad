package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.SpanData;
import java.util.List;
import java.util.Objects;

/**
 * A span snapshot with the snapshots nested under it, as Galileo's ingest requests carry them in
 * {@code spans}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 *
 * @param span the snapshot
 * @param children the snapshots whose parent is {@code span}, in the order to send them; never null
 */
public record SpanNode(SpanData span, List<SpanNode> children) {
  public SpanNode {
    Objects.requireNonNull(span, "span");
    children = children == null ? List.of() : List.copyOf(children);
  }

  /** A node without children. */
  public static SpanNode leaf(SpanData span) {
    return new SpanNode(span, List.of());
  }
}
