package ai.galileo.tracing.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** Trace and span records as Galileo's SDKs send them. */
final class Records {
  private Records() {}

  static ObjectNode trace(UUID id, String name) {
    ObjectNode t = Api.JSON.createObjectNode();
    t.put("type", "trace");
    t.put("id", id.toString());
    t.put("trace_id", id.toString());
    t.put("name", name);
    t.put("created_at", "2026-01-02T03:04:05.000001Z");
    t.put("input", "question");
    t.putObject("user_metadata").put("service.name", "orchestrator");
    t.putArray("tags");
    t.putObject("metrics");
    return t;
  }

  static ObjectNode span(String type, UUID id, String name, String service) {
    ObjectNode s = Api.JSON.createObjectNode();
    s.put("type", type);
    s.put("id", id.toString());
    s.put("name", name);
    s.put("created_at", "2026-01-02T03:04:05.100000Z");
    s.put("input", "");
    s.putObject("user_metadata").put("service.name", service);
    s.putArray("tags");
    s.putObject("metrics");
    return s;
  }

  static ObjectNode withSpans(ObjectNode record, ObjectNode... spans) {
    ArrayNode a = record.putArray("spans");
    for (ObjectNode s : spans) {
      a.add(s);
    }
    return record;
  }

  /** A {@code LogTracesIngestRequest}. */
  static ObjectNode tracesIngest(UUID logStream, boolean complete, ObjectNode... traces) {
    ObjectNode body = Api.JSON.createObjectNode();
    if (logStream != null) {
      body.put("log_stream_id", logStream.toString());
    }
    body.put("is_complete", complete);
    ArrayNode a = body.putArray("traces");
    for (ObjectNode t : traces) {
      a.add(t);
    }
    return body;
  }

  /** A {@code LogSpansIngestRequest}. */
  static ObjectNode spansIngest(UUID logStream, UUID traceId, UUID parentId, ObjectNode... spans) {
    ObjectNode body = Api.JSON.createObjectNode();
    if (logStream != null) {
      body.put("log_stream_id", logStream.toString());
    }
    body.put("trace_id", traceId.toString());
    body.put("parent_id", parentId.toString());
    ArrayNode a = body.putArray("spans");
    for (ObjectNode s : spans) {
      a.add(s);
    }
    return body;
  }
}
