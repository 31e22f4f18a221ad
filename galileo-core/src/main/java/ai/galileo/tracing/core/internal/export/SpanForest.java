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
 *
 * <p>A snapshot that repeats an id replaces the earlier one in its place. Batches of a few spans,
 * the common case, are nested by scanning an array rather than through two maps per batch.
 */
final class SpanForest {
  /** Up to this many snapshots, scanning them (n squared id comparisons) is cheaper than hashing. */
  static final int SMALL = 32;

  private SpanForest() {}

  static List<SpanNode> build(Collection<SpanData> spans) {
    return spans.size() <= SMALL ? buildSmall(spans) : buildWithMaps(spans);
  }

  /** As {@link #buildWithMaps}, with arrays and indexes. */
  static List<SpanNode> buildSmall(Collection<SpanData> spans) {
    SpanData[] all = new SpanData[spans.size()];
    int n = 0;
    for (SpanData s : spans) {
      int same = indexOf(all, n, s.spanId());
      if (same >= 0) {
        all[same] = s;
      } else {
        all[n++] = s;
      }
    }
    int[] parent = new int[n];
    int roots = 0;
    for (int i = 0; i < n; i++) {
      SpanData s = all[i];
      int p = s.parentId() == null || s.parentId().equals(s.spanId()) ? -1 : indexOf(all, n, s.parentId());
      parent[i] = p >= 0 && all[p].type() == SpanType.LLM ? -1 : p;
      if (parent[i] < 0) {
        roots++;
      }
    }
    List<SpanNode> out = new ArrayList<>(roots);
    for (int i = 0; i < n; i++) {
      if (parent[i] < 0) {
        out.add(node(all, parent, n, i));
      }
    }
    return out;
  }

  private static int indexOf(SpanData[] all, int n, UUID id) {
    for (int i = 0; i < n; i++) {
      if (all[i].spanId().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private static SpanNode node(SpanData[] all, int[] parent, int n, int at) {
    List<SpanNode> kids = null;
    for (int i = 0; i < n; i++) {
      if (parent[i] == at) {
        if (kids == null) {
          kids = new ArrayList<>();
        }
        kids.add(node(all, parent, n, i));
      }
    }
    return new SpanNode(all[at], kids == null ? List.of() : kids);
  }

  static List<SpanNode> buildWithMaps(Collection<SpanData> spans) {
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
