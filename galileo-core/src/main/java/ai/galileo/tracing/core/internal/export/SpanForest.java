package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Nests snapshots into trees by parent id, keeping their order. A span whose parent is not among
 * them is a root; so is a child of an LLM span, because Galileo's schema gives LLM spans no
 * children: such a span is sent on its own, under its parent's id.
 */
final class SpanForest {
  private SpanForest() {}

  static List<SpanNode> build(Collection<SpanData> spans) {
    Map<UUID, SpanData> byId = new LinkedHashMap<>();
    for (SpanData s : spans) {
      byId.put(s.spanId(), s);
    }
    Map<UUID, List<SpanData>> children = new LinkedHashMap<>();
    List<SpanData> roots = new ArrayList<>();
    for (SpanData s : byId.values()) {
      SpanData parent = s.parentId() == null || s.parentId().equals(s.spanId()) ? null : byId.get(s.parentId());
      if (parent == null || parent.type() == SpanType.LLM) {
        roots.add(s);
      } else {
        children.computeIfAbsent(parent.spanId(), k -> new ArrayList<>()).add(s);
      }
    }
    List<SpanNode> out = new ArrayList<>(roots.size());
    for (SpanData root : roots) {
      out.add(node(root, children));
    }
    return out;
  }

  private static SpanNode node(SpanData span, Map<UUID, List<SpanData>> children) {
    List<SpanData> kids = children.get(span.spanId());
    if (kids == null) {
      return new SpanNode(span, List.of());
    }
    List<SpanNode> nodes = new ArrayList<>(kids.size());
    for (SpanData kid : kids) {
      nodes.add(node(kid, children));
    }
    return new SpanNode(span, nodes);
  }

  /** Every snapshot in the tree, root first. */
  static void collect(SpanNode node, List<SpanData> into) {
    into.add(node.span());
    for (SpanNode child : node.children()) {
      collect(child, into);
    }
  }

  /** How many snapshots the tree holds. */
  static int size(SpanNode node) {
    int n = 1;
    for (SpanNode child : node.children()) {
      n += size(child);
    }
    return n;
  }

  /** How many final snapshots the tree holds. */
  static int finals(SpanNode node) {
    int n = node.span().isFinal() ? 1 : 0;
    for (SpanNode child : node.children()) {
      n += finals(child);
    }
    return n;
  }
}
