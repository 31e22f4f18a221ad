package ai.galileo.tracing.console.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The small JSON API of the web view, under {@code /api}: the trace list with its filters, one
 * trace with all its spans (flat, each with its parent id), and the projects with their log
 * streams. Read-only; with an API key configured, {@link WebAccess} lets only a signed-in browser
 * or a holder of the key reach it.
 */
public final class UiApi {
  static final int DEFAULT_LIMIT = 200;
  static final int MAX_LIMIT = 1000;

  /** Spans read from the database at a time while a trace is written out. */
  static final int READ_PAGE = 200;

  private final Storage storage;
  private final long maxTraces;
  private final long maxSpans;
  private final java.time.Duration maxAge;
  private volatile int livePort;
  private volatile java.util.function.Supplier<FailedKeyThrottle.Counts> keyThrottle;

  public UiApi(Storage storage) {
    this(storage, 0, 0, java.time.Duration.ZERO);
  }

  /**
   * @param maxTraces the retention limits, reported by {@code /api/stats}: traces kept (0: none)
   * @param maxSpans spans kept (0: none)
   * @param maxAge how long a trace is kept (zero: no limit)
   */
  public UiApi(Storage storage, long maxTraces, long maxSpans, java.time.Duration maxAge) {
    this.storage = storage;
    this.maxTraces = maxTraces;
    this.maxSpans = maxSpans;
    this.maxAge = maxAge;
  }

  /** Where {@code /api/stats} reads the wrong-key throttle's counts from. */
  public void keyThrottle(java.util.function.Supplier<FailedKeyThrottle.Counts> counts) {
    keyThrottle = counts;
  }

  /** The port of the live-update WebSocket, served to the pages; 0 while there is none. */
  public void livePort(int port) {
    livePort = port;
  }

  /** Answers {@code /api/...} ({@code s} without "api"), or null when there is no such route. */
  public Reply handle(Exchange ex, List<String> s) {
    if (s.size() == 1 && s.get(0).equals("traces")) {
      get(ex);
      return Reply.ok(traceList(ex));
    }
    if (s.size() == 2 && s.get(0).equals("traces")) {
      get(ex);
      UUID id = Exchange.pathId(s.get(1), "trace_id");
      return traceDetail(id, intParam(ex, "offset", 0, 0, Integer.MAX_VALUE),
          intParam(ex, "limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE));
    }
    if (s.size() == 1 && s.get(0).equals("stats")) {
      get(ex);
      return Reply.ok(stats());
    }
    if (s.size() == 1 && s.get(0).equals("projects")) {
      get(ex);
      return Reply.ok(projects());
    }
    if (s.size() == 1 && s.get(0).equals("live")) {
      get(ex);
      ObjectNode out = Json.object();
      if (livePort > 0) {
        out.put("port", livePort).put("path", "/live");
      } else {
        out.putNull("port");
      }
      return Reply.ok(out);
    }
    return null;
  }

  private ObjectNode traceList(Exchange ex) {
    UUID project = optionalId(ex, "project");
    UUID logStream = optionalId(ex, "log_stream");
    int limit = DEFAULT_LIMIT;
    String l = ex.query("limit");
    if (l != null && !l.isEmpty()) {
      try {
        limit = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(l)));
      } catch (NumberFormatException e) {
        throw ApiException.validation(new Problems().add(Problems.Loc.of("query").field("limit"),
            "int_parsing", "Input should be a valid integer", Json.NODES.textNode(l)));
      }
    }
    Names names = names();
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("traces");
    for (StoredRecord t : storage.traces(new Storage.TraceQuery(project, logStream, ex.query("q"), limit))) {
      list.add(summary(t, names));
    }
    return out;
  }

  /**
   * One trace for its page, {@code {"trace": {...}, "spans": [...], "span_total": N,
   * "next_offset": M or null}}: its spans by start time from {@code offset}, at most {@code
   * limit}; 404 when unknown. Written as it is read, a page of spans at a time, so a trace of any
   * size is answered in bounded memory (its span ids aside).
   */
  Reply traceDetail(UUID id, int offset, int limit) {
    StoredRecord trace = storage.trace(id).orElseThrow(() -> ApiException.notFound("Trace not found"));
    List<UUID> all = storage.spanIds(id);
    int from = Math.min(offset, all.size());
    int to = (int) Math.min(all.size(), (long) from + limit);
    List<UUID> ids = all.subList(from, to);
    Names names = names();
    ObjectNode head = summary(trace, names);
    head.set("record", trace.body());
    return Reply.streamedJson(out -> {
      try (com.fasterxml.jackson.core.JsonGenerator g = Json.generator(out)) {
        g.writeStartObject();
        g.writeFieldName("trace");
        g.writeTree(head);
        g.writeNumberField("span_total", all.size());
        g.writeFieldName("next_offset");
        if (to < all.size()) {
          g.writeNumber(to);
        } else {
          g.writeNull();
        }
        g.writeArrayFieldStart("spans");
        for (int i = 0; i < ids.size(); i += READ_PAGE) {
          for (Storage.RawSpan raw : storage.spansByIds(ids.subList(i, Math.min(ids.size(), i + READ_PAGE)))) {
            ObjectNode o = span(raw.span(), names);
            o.putRawValue("record", new com.fasterxml.jackson.databind.util.RawValue(raw.body()));
            g.writeTree(o);
          }
        }
        g.writeEndArray();
        g.writeEndObject();
      }
    });
  }

  /** What the console received and what its limits removed: {@code GET /api/stats}. */
  public ObjectNode stats() {
    Storage.Stats st = storage.stats();
    ObjectNode o = Json.object();
    o.put("traces_received", st.tracesReceived());
    o.put("spans_received", st.spansReceived());
    o.put("traces_stored", st.tracesStored());
    o.put("spans_stored", st.spansStored());
    o.put("updates_waiting", st.updatesWaiting());
    o.put("traces_evicted", st.tracesEvicted());
    o.put("spans_evicted", st.spansEvicted());
    o.put("traces_evicted_for_spans", st.tracesEvictedForSpans());
    o.put("spans_evicted_for_spans", st.spansEvictedForSpans());
    o.put("traces_expired", st.tracesExpired());
    o.put("spans_expired", st.spansExpired());
    o.put("updates_dropped", st.updatesDropped());
    ObjectNode limits = o.putObject("limits");
    limits.put("max_traces", maxTraces == 0 ? null : maxTraces);
    limits.put("max_spans", maxSpans == 0 ? null : maxSpans);
    limits.put("max_age_seconds", maxAge.isZero() ? null : maxAge.toSeconds());
    limits.put("max_traces_reached", st.tracesEvicted() > 0);
    limits.put("max_spans_reached", st.tracesEvictedForSpans() > 0);
    java.util.function.Supplier<FailedKeyThrottle.Counts> throttle = keyThrottle;
    if (throttle != null) {
      FailedKeyThrottle.Counts k = throttle.get();
      ObjectNode keys = o.putObject("key_throttle");
      keys.put("wrong_keys", k.wrongKeys());
      keys.put("refused_while_waiting", k.refusedWhileWaiting());
      keys.put("addresses_remembered", k.addressesRemembered());
      keys.put("addresses_waiting", k.addressesWaiting());
    }
    Runtime rt = Runtime.getRuntime();
    ObjectNode heap = o.putObject("heap");
    heap.put("used_bytes", rt.totalMemory() - rt.freeMemory());
    heap.put("max_bytes", rt.maxMemory());
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      o.put("process_cpu_seconds", os.getProcessCpuTime() / 1e9);
    }
    return o;
  }

  /** A trace's row in the list. */
  public ObjectNode summary(StoredRecord t, Names names) {
    ObjectNode o = Json.object();
    o.put("id", t.id().toString());
    o.put("name", t.name());
    putId(o, "project_id", t.projectId());
    o.put("project_name", names.projects.get(t.projectId()));
    putId(o, "log_stream_id", t.logStreamId());
    o.put("log_stream_name", t.logStreamId() == null ? null : names.logStreams.get(t.logStreamId()));
    o.put("created_at", Timestamps.format(t.createdAt()));
    o.put("duration_ns", t.durationNs());
    o.put("status_code", t.statusCode());
    o.put("is_complete", t.isComplete());
    o.put("is_stub", t.isStub());
    o.put("span_count", t.spanCount());
    o.put("completed_at", Timestamps.format(t.completedAt()));
    o.put("late_span_count", t.lateSpanCount());
    ArrayNode services = o.putArray("services");
    t.services().forEach(services::add);
    o.put("updated_at", Timestamps.format(t.updatedAt()));
    return o;
  }

  /** A span for the trace page: its columns and, in {@code record}, all it holds. */
  public ObjectNode span(StoredRecord s, Names names) {
    ObjectNode o = Json.object();
    o.put("id", s.id().toString());
    o.put("trace_id", s.traceId().toString());
    putId(o, "parent_id", s.parentId());
    o.put("type", s.type());
    o.put("name", s.name());
    o.put("created_at", Timestamps.format(s.createdAt()));
    o.put("duration_ns", s.durationNs());
    o.put("status_code", s.statusCode());
    o.put("service_name", s.serviceName());
    putId(o, "project_id", s.projectId());
    o.put("project_name", names.projects.get(s.projectId()));
    putId(o, "log_stream_id", s.logStreamId());
    o.put("log_stream_name", s.logStreamId() == null ? null : names.logStreams.get(s.logStreamId()));
    o.put("updated_at", Timestamps.format(s.updatedAt()));
    o.put("late", s.isLate());
    o.put("late_reason", s.isLate() ? Storage.LATE_REASON : null);
    o.put("late_at", Timestamps.format(s.lateAt()));
    o.set("record", s.body());
    return o;
  }

  private ObjectNode projects() {
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("projects");
    Map<UUID, ArrayNode> streams = new HashMap<>();
    for (Project p : storage.projects(null)) {
      ObjectNode o = list.addObject();
      o.put("id", p.id().toString());
      o.put("name", p.name());
      streams.put(p.id(), o.putArray("log_streams"));
    }
    for (LogStream s : storage.allLogStreams()) {
      ArrayNode into = streams.get(s.projectId());
      if (into != null) {
        into.addObject().put("id", s.id().toString()).put("name", s.name());
      }
    }
    return out;
  }

  /** Project and log stream names by id, read once per answer. */
  public Names names() {
    Names n = new Names();
    storage.projects(null).forEach(p -> n.projects.put(p.id(), p.name()));
    storage.allLogStreams().forEach(s -> n.logStreams.put(s.id(), s.name()));
    return n;
  }

  /** Names of projects and log streams by id. */
  public static final class Names {
    final Map<UUID, String> projects = new HashMap<>();
    final Map<UUID, String> logStreams = new HashMap<>();
  }

  private static int intParam(Exchange ex, String name, int absent, int min, int max) {
    String v = ex.query(name);
    if (v == null || v.isEmpty()) {
      return absent;
    }
    try {
      return (int) Math.max(min, Math.min(max, Long.parseLong(v)));
    } catch (NumberFormatException e) {
      throw ApiException.validation(new Problems().add(Problems.Loc.of("query").field(name),
          "int_parsing", "Input should be a valid integer", Json.NODES.textNode(v)));
    }
  }

  private static UUID optionalId(Exchange ex, String name) {
    String v = ex.query(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    UUID id = Ids.parse(v);
    if (id == null) {
      throw ApiException.validation(new Problems().add(Problems.Loc.of("query").field(name),
          "uuid_parsing", "Input should be a valid UUID", Json.NODES.textNode(v)));
    }
    return id;
  }

  private static void putId(ObjectNode o, String field, UUID id) {
    o.set(field, id == null ? NullNode.getInstance() : Json.NODES.textNode(id.toString()));
  }

  private static void get(Exchange ex) {
    if (!ex.method().equals("GET")) {
      throw ApiException.methodNotAllowed("GET");
    }
  }
}
