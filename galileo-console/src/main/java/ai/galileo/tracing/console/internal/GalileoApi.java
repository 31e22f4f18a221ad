package ai.galileo.tracing.console.internal;

import ai.galileo.tracing.console.internal.Problems.Loc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The routes of Galileo's ingest API (the repository's spec/galileo-api/openapi-ingest.yaml),
 * given without the {@code /v2} prefix, which the dispatcher strips when present: Galileo's Python
 * SDK sends it, the TypeScript SDK does not.
 */
public final class GalileoApi {
  /** The user every record is "created by": the console has one, local user. */
  static final String CONSOLE_USER = "00000000-0000-4000-8000-000000000001";
  private static final Set<String> PROJECT_TYPES =
      Set.of("prompt_evaluation", "llm_monitor", "protect", "gen_ai");

  private final Storage storage;
  private final Auth auth;
  private final String version;

  public GalileoApi(Storage storage, Auth auth, String version) {
    this.storage = storage;
    this.auth = auth;
    this.version = version;
  }

  /** Answers the request, or returns null when no route of the API has this path. */
  public Reply handle(Exchange ex, List<String> s) throws IOException {
    int n = s.size();
    if (n == 1 && s.get(0).equals("healthcheck")) {
      allow(ex, "GET");
      return Reply.ok(Json.object().put("api_version", "v2").put("message", "ok")
          .put("version", version));
    }
    if (n == 2 && s.get(0).equals("login") && s.get(1).equals("api_key")) {
      allow(ex, "POST");
      return login(ex);
    }
    if (n == 0 || !s.get(0).equals("projects") || n > 4) {
      return null;
    }
    if (n == 1) {
      allow(ex, "GET", "POST");
      auth.check(ex);
      return ex.method().equals("GET") ? listProjects(ex) : createProject(ex);
    }
    if (n == 2) {
      allow(ex, "GET");
      auth.check(ex);
      UUID id = Exchange.pathId(s.get(1), "project_id");
      return Reply.ok(projectDb(requireProject(id)));
    }
    String collection = s.get(2);
    if (n == 3) {
      switch (collection) {
        case "log_streams" -> {
          allow(ex, "GET", "POST");
          auth.check(ex);
          UUID projectId = Exchange.pathId(s.get(1), "project_id");
          return ex.method().equals("GET") ? listLogStreams(ex, projectId)
              : createLogStream(ex, projectId);
        }
        case "traces" -> {
          allow(ex, "POST");
          auth.check(ex);
          return ingestTraces(ex, Exchange.pathId(s.get(1), "project_id"));
        }
        case "spans" -> {
          allow(ex, "POST");
          auth.check(ex);
          return ingestSpans(ex, Exchange.pathId(s.get(1), "project_id"));
        }
        case "sessions" -> {
          allow(ex, "POST");
          auth.check(ex);
          return createSession(ex, Exchange.pathId(s.get(1), "project_id"));
        }
        default -> {
          return null;
        }
      }
    }
    switch (collection) {
      case "log_streams" -> {
        allow(ex, "GET");
        auth.check(ex);
        UUID projectId = Exchange.pathId(s.get(1), "project_id");
        UUID id = Exchange.pathId(s.get(3), "log_stream_id");
        requireProject(projectId);
        LogStream stream = storage.logStream(id)
            .filter(l -> l.projectId().equals(projectId))
            .orElseThrow(() -> ApiException.notFound("Log stream not found"));
        return Reply.ok(logStreamJson(stream, null));
      }
      case "traces" -> {
        allow(ex, "GET", "PATCH");
        auth.check(ex);
        UUID projectId = Exchange.pathId(s.get(1), "project_id");
        UUID traceId = Exchange.pathId(s.get(3), "trace_id");
        return ex.method().equals("GET") ? getTrace(projectId, traceId)
            : updateTrace(ex, projectId, traceId);
      }
      case "spans" -> {
        allow(ex, "GET", "PATCH");
        auth.check(ex);
        UUID projectId = Exchange.pathId(s.get(1), "project_id");
        UUID spanId = Exchange.pathId(s.get(3), "span_id");
        return ex.method().equals("GET") ? getSpan(projectId, spanId)
            : updateSpan(ex, projectId, spanId);
      }
      default -> {
        return null;
      }
    }
  }

  // --- auth, projects, log streams, sessions

  private Reply login(Exchange ex) throws IOException {
    JsonNode body = jsonBody(ex);
    Problems p = new Problems();
    Loc root = Loc.of("body");
    if (!body.isObject()) {
      p.add(root, "model_attributes_type",
          "Input should be a valid dictionary or object to extract fields from", body);
    } else if (!body.has("api_key")) {
      p.add(root.field("api_key"), "missing", "Field required", null);
    } else if (!body.get("api_key").isTextual()) {
      p.add(root.field("api_key"), "string_type", "Input should be a valid string", body.get("api_key"));
    }
    p.throwIfAny();
    return Reply.ok(auth.login(body.get("api_key").textValue(), ex.client()));
  }

  private Reply listProjects(Exchange ex) {
    String name = ex.query("project_name");
    String type = ex.query("type");
    ArrayNode out = Json.array();
    for (Project p : storage.projects(name)) {
      if (type == null || type.isEmpty() || type.equals(p.type())) {
        out.add(projectDb(p));
      }
    }
    return Reply.ok(out);
  }

  private Reply createProject(Exchange ex) throws IOException {
    ObjectNode body = objectBody(ex);
    Problems p = new Problems();
    Loc root = Loc.of("body");
    String name = requiredName(body, root, p);
    JsonNode type = body.get("type");
    if (type != null && !type.isNull() && !(type.isTextual() && PROJECT_TYPES.contains(type.textValue()))) {
      p.add(root.field("type"), "enum",
          "Input should be 'prompt_evaluation', 'llm_monitor', 'protect' or 'gen_ai'", type);
    }
    p.throwIfAny();
    Project project = storage.createProject(name, type == null || type.isNull() ? null : type.textValue());
    ObjectNode out = Json.object();
    out.put("id", project.id().toString());
    out.put("name", project.name());
    out.put("type", project.type());
    out.put("created_by", CONSOLE_USER);
    out.put("created_at", Timestamps.format(project.createdAt()));
    out.put("updated_at", Timestamps.format(project.updatedAt()));
    return Reply.ok(out);
  }

  private Reply listLogStreams(Exchange ex, UUID projectId) {
    requireProject(projectId);
    boolean counts = "true".equalsIgnoreCase(ex.query("include_counts"));
    Map<UUID, long[]> byStream = counts ? storage.logStreamCounts(projectId) : Map.of();
    ArrayNode out = Json.array();
    for (LogStream s : storage.logStreams(projectId)) {
      out.add(logStreamJson(s, counts ? byStream.getOrDefault(s.id(), new long[2]) : null));
    }
    return Reply.ok(out);
  }

  private Reply createLogStream(Exchange ex, UUID projectId) throws IOException {
    requireProject(projectId);
    ObjectNode body = objectBody(ex);
    Problems p = new Problems();
    String name = requiredName(body, Loc.of("body"), p);
    p.throwIfAny();
    return Reply.ok(logStreamJson(storage.createLogStream(projectId, name), null));
  }

  private Reply createSession(Exchange ex, UUID projectId) throws IOException {
    ObjectNode body = objectBody(ex);
    Problems p = new Problems();
    Loc root = Loc.of("body");
    for (String f : List.of("log_stream_id", "experiment_id", "metrics_testing_id", "previous_session_id")) {
      JsonNode v = body.get(f);
      if (v != null && !v.isNull() && IngestRequests.uuid(v) == null) {
        p.add(root.field(f), "uuid_parsing",
            "Input should be a valid UUID, in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", v);
      }
    }
    for (String f : List.of("name", "external_id", "client_version")) {
      JsonNode v = body.get(f);
      if (v != null && !v.isNull() && !v.isTextual()) {
        p.add(root.field(f), "string_type", "Input should be a valid string", v);
      }
    }
    JsonNode meta = body.get("user_metadata");
    if (meta != null && !meta.isNull() && !meta.isObject()) {
      p.add(root.field("user_metadata"), "dict_type", "Input should be a valid dictionary", meta);
    }
    p.throwIfAny();
    Storage.Session s = storage.createSession(projectId, IngestRequests.uuid(body.get("log_stream_id")),
        Json.text(body, "name"), Json.text(body, "external_id"),
        IngestRequests.uuid(body.get("previous_session_id")), body);
    ObjectNode out = Json.object();
    out.put("id", s.id().toString());
    out.put("name", s.name());
    out.put("project_id", s.projectId().toString());
    out.put("project_name", s.projectName());
    out.put("previous_session_id", s.previousSessionId() == null ? null : s.previousSessionId().toString());
    out.put("external_id", s.externalId());
    return Reply.ok(out);
  }

  // --- ingest and update

  private Reply ingestTraces(Exchange ex, UUID projectId) throws IOException {
    IngestRequests.Traces request = IngestRequests.traces(jsonBody(ex));
    Project project = storage.ingestTraces(projectId, request);
    ObjectNode out = envelopeAnswer(project, request.envelope());
    out.put("records_count", request.traces().size() + request.spans().size());
    out.put("traces_count", request.traces().size());
    out.put("spans_count", request.spans().size());
    if (request.includeTraceIds()) {
      ArrayNode ids = out.putArray("trace_ids");
      request.traces().forEach(t -> ids.add(t.id().toString()));
    }
    return Reply.ok(out);
  }

  private Reply ingestSpans(Exchange ex, UUID projectId) throws IOException {
    IngestRequests.Spans request = IngestRequests.spans(jsonBody(ex));
    Project project = storage.ingestSpans(projectId, request);
    ObjectNode out = envelopeAnswer(project, request.envelope());
    out.put("records_count", request.spans().size());
    out.put("trace_id", request.traceId().toString());
    out.put("parent_id", request.parentId().toString());
    return Reply.ok(out);
  }

  private Reply updateTrace(Exchange ex, UUID projectId, UUID traceId) throws IOException {
    IngestRequests.Update update = IngestRequests.update(jsonBody(ex), traceId, "trace_id", true);
    storage.updateTrace(projectId, update);
    ObjectNode out = envelopeAnswer(requireProject(projectId), update.envelope());
    out.put("records_count", 1);
    out.put("trace_id", traceId.toString());
    return Reply.ok(out);
  }

  private Reply updateSpan(Exchange ex, UUID projectId, UUID spanId) throws IOException {
    IngestRequests.Update update = IngestRequests.update(jsonBody(ex), spanId, "span_id", false);
    storage.updateSpan(projectId, update);
    ObjectNode out = envelopeAnswer(requireProject(projectId), update.envelope());
    out.put("records_count", 1);
    out.put("span_id", spanId.toString());
    return Reply.ok(out);
  }

  // --- reads

  private Reply getTrace(UUID projectId, UUID traceId) {
    requireProject(projectId);
    StoredRecord trace = storage.trace(traceId)
        .filter(t -> storage.traceInProject(traceId, projectId))
        .orElseThrow(() -> ApiException.notFound("Trace not found"));
    List<StoredRecord> spans = storage.spans(traceId);
    Map<UUID, List<StoredRecord>> children = childrenByParent(spans, traceId);
    if (trace.isStub()) {
      ObjectNode out = Json.object();
      out.put("type", "stub_trace");
      out.put("id", traceId.toString());
      out.put("project_id", trace.projectId().toString());
      putId(out, "run_id", trace.runId());
      out.set("spans", tree(children, traceId, trace));
      return Reply.ok(out);
    }
    ObjectNode out = recordJson(trace, trace);
    out.put("num_spans", spans.size());
    out.put("has_children", !children.getOrDefault(traceId, List.of()).isEmpty());
    out.set("spans", tree(children, traceId, trace));
    return Reply.ok(out);
  }

  private Reply getSpan(UUID projectId, UUID spanId) {
    requireProject(projectId);
    StoredRecord span = storage.span(spanId)
        .filter(s -> storage.traceInProject(s.traceId(), projectId))
        .orElseThrow(() -> ApiException.notFound("Span not found"));
    StoredRecord trace = storage.trace(span.traceId()).orElse(null);
    // Only the span's descendants are read with their records, not the whole trace (which can
    // hold tens of thousands of spans while this SDK's exporter looks one up).
    Map<UUID, List<UUID>> shape = new HashMap<>();
    List<UUID> order = new ArrayList<>();
    for (UUID[] idAndParent : storage.spanParents(span.traceId())) {
      shape.computeIfAbsent(idAndParent[1], k -> new ArrayList<>()).add(idAndParent[0]);
      order.add(idAndParent[0]);
    }
    Set<UUID> below = new java.util.HashSet<>();
    java.util.ArrayDeque<UUID> work = new java.util.ArrayDeque<>(List.of(spanId));
    while (!work.isEmpty() && !"llm".equals(span.type())) {
      for (UUID child : shape.getOrDefault(work.pop(), List.of())) {
        if (below.add(child)) {
          work.push(child);
        }
      }
    }
    List<UUID> descendants = new ArrayList<>();
    for (UUID id : order) {
      if (below.contains(id)) {
        descendants.add(id);
      }
    }
    Map<UUID, List<StoredRecord>> children = childrenByParent(storage.spans(descendants), null);
    ObjectNode out = recordJson(span, trace);
    out.put("has_children", !shape.getOrDefault(spanId, List.of()).isEmpty());
    if (!"llm".equals(span.type())) {
      out.set("spans", tree(children, spanId, trace));
    }
    return Reply.ok(out);
  }

  /**
   * Children by parent id. With {@code root} set, spans whose parent is neither the root nor a
   * span of the trace (their parent has not arrived) are put under the root, so none is hidden.
   */
  static Map<UUID, List<StoredRecord>> childrenByParent(List<StoredRecord> spans, UUID root) {
    Set<UUID> ids = new java.util.HashSet<>();
    spans.forEach(s -> ids.add(s.id()));
    Map<UUID, List<StoredRecord>> out = new HashMap<>();
    for (StoredRecord s : spans) {
      UUID parent = s.parentId();
      if (root != null && (parent == null || (!parent.equals(root) && !ids.contains(parent)))) {
        parent = root;
      }
      out.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
    }
    return out;
  }

  private ArrayNode tree(Map<UUID, List<StoredRecord>> children, UUID parent, StoredRecord trace) {
    ArrayNode out = Json.array();
    // Iterative, so that a deep chain of spans cannot exhaust the stack.
    record Frame(UUID parent, ArrayNode into) {}
    java.util.ArrayDeque<Frame> work = new java.util.ArrayDeque<>();
    work.push(new Frame(parent, out));
    Set<UUID> seen = new java.util.HashSet<>();
    while (!work.isEmpty()) {
      Frame f = work.pop();
      for (StoredRecord s : children.getOrDefault(f.parent(), List.of())) {
        if (!seen.add(s.id())) {
          continue;
        }
        ObjectNode node = recordJson(s, trace);
        List<StoredRecord> own = children.getOrDefault(s.id(), List.of());
        node.put("has_children", !own.isEmpty());
        if (!"llm".equals(s.type())) {
          work.push(new Frame(s.id(), node.putArray("spans")));
        }
        f.into().add(node);
      }
    }
    return out;
  }

  /** A stored record in the shape of the API's {@code Extended...Record}s. */
  private static ObjectNode recordJson(StoredRecord r, StoredRecord trace) {
    ObjectNode out = r.body().deepCopy();
    out.put("id", r.id().toString());
    out.put("trace_id", r.traceId().toString());
    if (!r.isTrace()) {
      out.put("parent_id", r.parentId() == null ? null : r.parentId().toString());
    }
    out.put("project_id", r.projectId().toString());
    putId(out, "run_id", r.runId());
    UUID session = IngestRequests.uuid(out.get("session_id"));
    if (session == null && trace != null) {
      session = IngestRequests.uuid(trace.body().get("session_id"));
    }
    // Galileo files a trace logged without a session in one of its own, named after the trace.
    out.put("session_id", (session != null ? session : r.traceId()).toString());
    out.put("type", r.type());
    out.put("updated_at", Timestamps.format(r.updatedAt()));
    out.put("is_complete", trace != null && trace.isComplete());
    return out;
  }

  // --- shapes and checks

  static ObjectNode projectDb(Project p) {
    ObjectNode out = Json.object();
    out.put("id", p.id().toString());
    out.put("name", p.name());
    out.put("type", p.type());
    out.put("created_by", CONSOLE_USER);
    ObjectNode user = out.putObject("created_by_user");
    user.put("id", CONSOLE_USER);
    user.put("email", "console@localhost");
    user.put("first_name", "Galileo");
    user.put("last_name", "Console");
    out.putArray("runs");
    out.putArray("permissions");
    out.put("bookmark", false);
    out.putNull("description");
    out.putArray("labels");
    out.put("created_at", Timestamps.format(p.createdAt()));
    out.put("updated_at", Timestamps.format(p.updatedAt()));
    return out;
  }

  private static ObjectNode logStreamJson(LogStream s, long[] counts) {
    ObjectNode out = Json.object();
    out.put("id", s.id().toString());
    out.put("name", s.name());
    out.put("project_id", s.projectId().toString());
    out.put("created_by", CONSOLE_USER);
    out.putNull("created_by_user");
    out.put("created_at", Timestamps.format(s.createdAt()));
    out.put("updated_at", Timestamps.format(s.updatedAt()));
    if (counts == null) {
      out.putNull("num_traces");
      out.putNull("num_spans");
    } else {
      out.put("num_traces", counts[0]);
      out.put("num_spans", counts[1]);
    }
    out.put("has_user_created_sessions", false);
    return out;
  }

  private static ObjectNode envelopeAnswer(Project project, IngestRequests.Envelope env) {
    ObjectNode out = Json.object();
    putId(out, "log_stream_id", env.logStreamId());
    putId(out, "experiment_id", env.experimentId());
    out.putNull("metrics_testing_id");
    out.put("project_id", project.id().toString());
    out.put("project_name", project.name());
    putId(out, "session_id", env.sessionId());
    return out;
  }

  private static void putId(ObjectNode out, String field, UUID id) {
    out.set(field, id == null ? NullNode.getInstance() : Json.NODES.textNode(id.toString()));
  }

  private Project requireProject(UUID id) {
    return storage.project(id).orElseThrow(() -> ApiException.notFound("Project not found"));
  }

  private static String requiredName(ObjectNode body, Loc root, Problems p) {
    JsonNode name = body.get("name");
    if (name == null || name.isNull()) {
      p.add(root.field("name"), "missing", "Field required", null);
    } else if (!name.isTextual()) {
      p.add(root.field("name"), "string_type", "Input should be a valid string", name);
    } else if (name.textValue().isEmpty()) {
      p.add(root.field("name"), "string_too_short", "String should have at least 1 character", name);
    } else if (name.textValue().length() > 1000) {
      p.add(root.field("name"), "string_too_long", "String should have at most 1000 characters", null);
    } else {
      return name.textValue();
    }
    return null;
  }

  private static JsonNode jsonBody(Exchange ex) throws IOException {
    requireJsonContentType(ex);
    return ex.json();
  }

  private static ObjectNode objectBody(Exchange ex) throws IOException {
    JsonNode body = jsonBody(ex);
    if (body instanceof ObjectNode o) {
      return o;
    }
    throw ApiException.validation(new Problems().add(Loc.of("body"), "model_attributes_type",
        "Input should be a valid dictionary or object to extract fields from", body));
  }

  /**
   * Bodies must say they are JSON. Besides being what the API expects, it keeps web pages from
   * posting into a console on localhost: a cross-origin request with this content type needs a
   * CORS preflight, which the console never grants.
   */
  private static void requireJsonContentType(Exchange ex) {
    String type = ex.header("Content-Type");
    String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!base.equals("application/json") && !base.endsWith("+json")) {
      throw ApiException.detail(415, "Content-Type must be application/json, not "
          + (type == null ? "missing" : type));
    }
  }

  private static void allow(Exchange ex, String... methods) {
    for (String m : methods) {
      if (m.equals(ex.method())) {
        return;
      }
    }
    throw ApiException.methodNotAllowed(String.join(", ", methods));
  }
}
