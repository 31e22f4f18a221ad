package ai.galileo.tracing.springai;

import ai.galileo.tracing.core.SpanData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A trace as an indented tree, one line per span ({@code type name}), children in the order they
 * started: so a test can compare the whole shape at once.
 */
final class Trees {
  private Trees() {}

  private record Node(String id, String parentId, String line, long order) {}

  /** The tree of the spans the in-memory exporter kept (one trace). */
  static String of(List<SpanData> spans) {
    List<Node> nodes = new ArrayList<>();
    for (SpanData s : spans) {
      nodes.add(new Node(s.spanId().toString(), s.parentId() == null ? null : s.parentId().toString(),
          s.type().name().toLowerCase(Locale.ROOT) + " " + s.name(), s.startEpochNanos()));
    }
    return render(nodes);
  }

  /** The tree of one trace as the fake Galileo API stored it. */
  static String of(UUID traceId, Map<UUID, ObjectNode> traces, Map<UUID, ObjectNode> spans) {
    List<Node> nodes = new ArrayList<>();
    ObjectNode trace = traces.get(traceId);
    if (trace != null) {
      nodes.add(new Node(traceId.toString(), null, "trace " + trace.path("name").asText(), 0));
    }
    for (JsonNode s : spans.values()) {
      if (s.path("trace_id").asText().equals(traceId.toString())) {
        nodes.add(new Node(s.path("id").asText(), s.path("parent_id").asText(null),
            s.path("type").asText() + " " + s.path("name").asText(), startNanos(s)));
      }
    }
    return render(nodes);
  }

  private static long startNanos(JsonNode record) {
    OffsetDateTime t = OffsetDateTime.parse(record.path("created_at").asText());
    return t.toEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static String render(List<Node> nodes) {
    nodes.sort(Comparator.comparingLong(Node::order));
    StringBuilder out = new StringBuilder();
    for (Node root : nodes) {
      if (root.parentId() == null || nodes.stream().noneMatch(n -> n.id().equals(root.parentId()))) {
        render(root, nodes, 0, out);
      }
    }
    return out.toString();
  }

  private static void render(Node node, List<Node> nodes, int depth, StringBuilder out) {
    out.append("  ".repeat(depth)).append(node.line()).append('\n');
    for (Node child : nodes) {
      if (node.id().equals(child.parentId())) {
        render(child, nodes, depth + 1, out);
      }
    }
  }
}
