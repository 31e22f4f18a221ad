package ai.galileo.tracing.distributedit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace as a tree of {@code type name [service]} lines, siblings in a canonical order (by their
 * own text and their subtree's), so a trace read back from the console compares with an expected
 * one whatever the order its spans were made in.
 */
final class TraceShape {
  private final String label;
  private final List<TraceShape> children;

  private TraceShape(String label, List<TraceShape> children) {
    this.label = label;
    this.children = children;
  }

  /** An expected span: {@code "workflow call retrieval [orchestrator]"} and what nests under it. */
  static TraceShape span(String label, TraceShape... children) {
    return new TraceShape(label, Arrays.asList(children));
  }

  /**
   * The shape of {@code GET /api/traces/{id}}'s answer: the trace, then each span under its
   * parent. A span whose parent is not in the trace shows under {@code (missing parent ID)}.
   */
  static TraceShape of(JsonNode detail) {
    JsonNode trace = detail.path("trace");
    String traceId = trace.path("id").asText();
    Map<String, List<JsonNode>> byParent = new HashMap<>();
    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode s : detail.path("spans")) {
      byId.put(s.path("id").asText(), s);
    }
    List<JsonNode> orphans = new ArrayList<>();
    for (JsonNode s : detail.path("spans")) {
      String parent = s.path("parent_id").isTextual() ? s.path("parent_id").asText() : traceId;
      if (parent.equals(traceId) || byId.containsKey(parent)) {
        byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
      } else {
        orphans.add(s);
      }
    }
    String service = trace.path("record").path("user_metadata").path("service.name").asText("?");
    List<TraceShape> top = new ArrayList<>();
    for (JsonNode s : byParent.getOrDefault(traceId, List.of())) {
      top.add(build(s, byParent));
    }
    for (JsonNode s : orphans) {
      top.add(new TraceShape("(missing parent " + s.path("parent_id").asText() + ")", List.of(build(s, byParent))));
    }
    return new TraceShape("trace " + trace.path("name").asText() + " [" + service + "]", top);
  }

  private static TraceShape build(JsonNode span, Map<String, List<JsonNode>> byParent) {
    List<TraceShape> kids = new ArrayList<>();
    for (JsonNode k : byParent.getOrDefault(span.path("id").asText(), List.of())) {
      kids.add(build(k, byParent));
    }
    return new TraceShape(span.path("type").asText() + " " + span.path("name").asText() + " ["
        + span.path("service_name").asText("?") + "]", kids);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    render(out, 0);
    return out.toString();
  }

  private void render(StringBuilder out, int depth) {
    out.append("  ".repeat(depth)).append(label).append('\n');
    List<String> kids = new ArrayList<>();
    for (TraceShape c : children) {
      StringBuilder sub = new StringBuilder();
      c.render(sub, depth + 1);
      kids.add(sub.toString());
    }
    kids.sort(null);
    kids.forEach(out::append);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TraceShape t && t.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
