package ai.galileo.tracing.galileoapifake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What {@link GalileoApiFake} has been told, merged by id as a backend would: projects, log
 * streams, sessions, and trace and span records with the updates applied. Records are stored flat
 * (nested {@code spans} taken out, each with its {@code trace_id} and {@code parent_id} filled in)
 * with the {@code project_id} and {@code log_stream_id} of the request that brought them.
 *
 * <p>Every method is synchronized; what leaves is a copy.
 */
final class FakeStore {
  record Project(UUID id, String name, String createdAt) {}

  record LogStream(UUID id, UUID projectId, String name, String createdAt) {}

  /** How many records a traces ingest held. */
  record Counts(int traces, int spans) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<UUID, Project> projects = new LinkedHashMap<>();
  private final Map<UUID, LogStream> logStreams = new LinkedHashMap<>();
  private final Map<UUID, ObjectNode> sessions = new LinkedHashMap<>();
  private final Map<UUID, ObjectNode> traces = new LinkedHashMap<>();
  private final Map<UUID, ObjectNode> spans = new LinkedHashMap<>();
  private final Map<UUID, Integer> posts = new HashMap<>();
  private final Map<UUID, Integer> patches = new HashMap<>();

  // --- projects, log streams, sessions

  synchronized Project project(UUID id) {
    return projects.get(id);
  }

  synchronized List<Project> projects() {
    return List.copyOf(projects.values());
  }

  /** The project of that name, made if there is none (so creating is idempotent by name). */
  synchronized Project createProject(String name) {
    for (Project p : projects.values()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return addProject(UUID.randomUUID(), name);
  }

  synchronized Project addProject(UUID id, String name) {
    Project p = new Project(id, name, Instant.now().toString());
    projects.put(id, p);
    return p;
  }

  synchronized LogStream logStream(UUID id) {
    return logStreams.get(id);
  }

  synchronized List<LogStream> logStreams(UUID projectId) {
    return logStreams.values().stream().filter(s -> s.projectId().equals(projectId)).toList();
  }

  /** The project's log stream of that name, made if there is none. */
  synchronized LogStream createLogStream(UUID projectId, String name) {
    for (LogStream s : logStreams(projectId)) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return addLogStream(projectId, UUID.randomUUID(), name);
  }

  synchronized LogStream addLogStream(UUID projectId, UUID id, String name) {
    LogStream s = new LogStream(id, projectId, name, Instant.now().toString());
    logStreams.put(id, s);
    return s;
  }

  synchronized ObjectNode createSession(UUID projectId, JsonNode request) {
    UUID id = UUID.randomUUID();
    ObjectNode session = NODES.objectNode();
    session.put("id", id.toString());
    session.set("name", request.path("name").isTextual() ? request.get("name") : NODES.nullNode());
    session.put("project_id", projectId.toString());
    session.put("project_name", projects.get(projectId).name());
    session.putNull("previous_session_id");
    session.set("external_id",
        request.path("external_id").isTextual() ? request.get("external_id") : NODES.nullNode());
    sessions.put(id, session);
    return session.deepCopy();
  }

  synchronized Map<UUID, ObjectNode> sessions() {
    return copy(sessions);
  }

  // --- consistency of the ids a request nests

  /** What is wrong with the ids of a traces ingest that its schema cannot say. */
  static List<String> checkTraces(JsonNode body) {
    List<String> problems = new ArrayList<>();
    int i = 0;
    for (JsonNode t : body.path("traces")) {
      String at = "/traces/" + i++;
      String id = text(t, "id");
      if (id != null && text(t, "trace_id") != null && !id.equals(text(t, "trace_id"))) {
        problems.add(at + ": a trace's trace_id must equal its id");
      }
      if (text(t, "parent_id") != null) {
        problems.add(at + ": a trace has no parent_id");
      }
      checkNested(t, id, id, at, problems);
    }
    return problems;
  }

  /** What is wrong with the ids of a spans ingest that its schema cannot say. */
  static List<String> checkSpans(JsonNode body) {
    List<String> problems = new ArrayList<>();
    checkChildren(body.path("spans"), text(body, "trace_id"), text(body, "parent_id"), "",
        problems);
    return problems;
  }

  private static void checkNested(
      JsonNode record, String traceId, String id, String at, List<String> problems) {
    checkChildren(record.path("spans"), traceId, id, at, problems);
  }

  private static void checkChildren(
      JsonNode children, String traceId, String parentId, String at, List<String> problems) {
    int i = 0;
    for (JsonNode s : children) {
      String here = at + "/spans/" + i++;
      if (traceId != null && text(s, "trace_id") != null && !traceId.equals(text(s, "trace_id"))) {
        problems.add(here + ": trace_id " + text(s, "trace_id") + " is not the trace "
            + traceId + " it is sent in");
      }
      if (parentId != null && text(s, "parent_id") != null
          && !parentId.equals(text(s, "parent_id"))) {
        problems.add(here + ": parent_id " + text(s, "parent_id") + " is not " + parentId
            + ", the record it is nested in");
      }
      if (Objects.equals(text(s, "id"), parentId) && parentId != null) {
        problems.add(here + ": a span cannot be its own parent");
      }
      checkNested(s, traceId, text(s, "id"), here, problems);
    }
  }

  // --- ingest and update

  synchronized Counts ingestTraces(UUID projectId, JsonNode body) {
    int spanCount = 0;
    for (JsonNode t : body.path("traces")) {
      UUID id = idOrNew(t);
      ObjectNode record = flat(t, projectId, body);
      record.put("id", id.toString());
      record.put("trace_id", id.toString());
      if (!record.hasNonNull("session_id") && body.hasNonNull("session_id")) {
        record.set("session_id", body.get("session_id"));
      }
      record.put("is_complete", body.path("is_complete").asBoolean(true));
      upsert(traces, id, record);
      spanCount += ingestChildren(t.path("spans"), id, id, projectId, body);
    }
    return new Counts(body.path("traces").size(), spanCount);
  }

  /** Stores the spans of a spans ingest; the number of records. */
  /** True if the trace is stored and marked complete. */
  synchronized boolean isComplete(UUID traceId) {
    ObjectNode trace = traces.get(traceId);
    return trace != null && trace.path("is_complete").asBoolean(false);
  }

  /** The stored span, or null. */
  synchronized ObjectNode span(UUID spanId) {
    ObjectNode span = spans.get(spanId);
    return span == null ? null : span.deepCopy();
  }

  /** The stored trace, or null. */
  synchronized ObjectNode trace(UUID traceId) {
    ObjectNode trace = traces.get(traceId);
    return trace == null ? null : trace.deepCopy();
  }

  synchronized int ingestSpans(UUID projectId, JsonNode body) {
    return ingestChildren(body.path("spans"), UUID.fromString(body.path("trace_id").asText()),
        UUID.fromString(body.path("parent_id").asText()), projectId, body);
  }

  private int ingestChildren(
      JsonNode children, UUID traceId, UUID parentId, UUID projectId, JsonNode request) {
    int count = 0;
    for (JsonNode s : children) {
      UUID id = idOrNew(s);
      ObjectNode record = flat(s, projectId, request);
      record.put("id", id.toString());
      record.put("trace_id", traceId.toString());
      record.put("parent_id", parentId.toString());
      upsert(spans, id, record);
      count += 1 + ingestChildren(s.path("spans"), traceId, id, projectId, request);
    }
    return count;
  }

  /** Applies a trace update; false if there is no such trace. */
  synchronized boolean patchTrace(UUID traceId, JsonNode update) {
    ObjectNode trace = traces.get(traceId);
    if (trace == null) {
      return false;
    }
    apply(trace, update);
    if (update.has("is_complete") && !update.get("is_complete").isNull()) {
      trace.set("is_complete", update.get("is_complete"));
    }
    patches.merge(traceId, 1, Integer::sum);
    return true;
  }

  /** Applies a span update; false if there is no such span. */
  synchronized boolean patchSpan(UUID spanId, JsonNode update) {
    ObjectNode span = spans.get(spanId);
    if (span == null) {
      return false;
    }
    apply(span, update);
    patches.merge(spanId, 1, Integer::sum);
    return true;
  }

  /** The update semantics of LogSpanUpdateRequest and LogTraceUpdateRequest. */
  private static void apply(ObjectNode record, JsonNode update) {
    for (String field : List.of("input", "output", "status_code")) {
      if (update.hasNonNull(field)) { // "Overwrites previous value if present"
        record.set(field, update.get(field).deepCopy());
      }
    }
    if (update.hasNonNull("duration_ns")) {
      ObjectNode metrics = record.has("metrics") && record.get("metrics").isObject()
          ? (ObjectNode) record.get("metrics") : record.putObject("metrics");
      metrics.set("duration_ns", update.get("duration_ns"));
    }
    if (update.path("tags").isArray()) { // "Tags to add"
      Set<String> tags = new LinkedHashSet<>();
      record.path("tags").forEach(t -> tags.add(t.asText()));
      update.get("tags").forEach(t -> tags.add(t.asText()));
      ArrayNode merged = record.putArray("tags");
      tags.forEach(merged::add);
    }
  }

  synchronized Map<UUID, ObjectNode> traces() {
    return copy(traces);
  }

  synchronized Map<UUID, ObjectNode> spans() {
    return copy(spans);
  }

  synchronized int postCount(UUID id) {
    return posts.getOrDefault(id, 0);
  }

  synchronized int patchCount(UUID id) {
    return patches.getOrDefault(id, 0);
  }

  private void upsert(Map<UUID, ObjectNode> into, UUID id, ObjectNode record) {
    ObjectNode existing = into.get(id);
    if (existing == null) {
      into.put(id, record);
    } else {
      existing.setAll(record); // a later ingest of the same id overwrites what it sends
    }
    posts.merge(id, 1, Integer::sum);
  }

  private static ObjectNode flat(JsonNode record, UUID projectId, JsonNode request) {
    ObjectNode copy = ((ObjectNode) record).deepCopy();
    copy.remove("spans");
    copy.put("project_id", projectId.toString());
    if (request.hasNonNull("log_stream_id")) {
      copy.set("log_stream_id", request.get("log_stream_id"));
    }
    return copy;
  }

  private static UUID idOrNew(JsonNode record) {
    String id = text(record, "id");
    return id == null ? UUID.randomUUID() : UUID.fromString(id); // the backend makes one too
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isTextual() ? null : v.asText();
  }

  private static Map<UUID, ObjectNode> copy(Map<UUID, ObjectNode> records) {
    Map<UUID, ObjectNode> out = new LinkedHashMap<>();
    records.forEach((id, r) -> out.put(id, r.deepCopy()));
    return out;
  }
}
