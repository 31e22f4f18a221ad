package ai.galileo.tracing.console.internal;

import ai.galileo.tracing.console.internal.IngestRequests.Envelope;
import ai.galileo.tracing.console.internal.IngestRequests.FlatRecord;
import ai.galileo.tracing.console.internal.Problems.Loc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The console's storage: an embedded H2 database, in a file that survives restarts or in memory.
 *
 * <p>Every change runs in one transaction under one write lock, so concurrent requests that merge
 * into the same record never interleave, and a request that fails (a bad id found half way
 * through) changes nothing. Reads run concurrently on pooled connections.
 *
 * <p>After each committed change the {@link Listener} hears which traces changed.
 */
public final class Storage implements AutoCloseable {
  /** The {@code --db} value for a database that lives only as long as the process. */
  public static final String MEMORY = ":memory:";

  private static final Logger LOG = Logger.getLogger(Storage.class.getName());
  private static final int MAX_COLUMN_CHARS = 1000;
  /** Updates for records that never arrive are kept at most this many. */
  private static final long MAX_PENDING_UPDATES = 100_000;

  private static final String TRACE_COLUMNS = "t.id, t.seq, t.project_id, t.log_stream_id,"
      + " t.experiment_id, t.session_id, t.type, t.name, t.created_at, t.duration_ns,"
      + " t.status_code, t.service_name, t.is_complete, t.is_stub, t.span_count, t.services,"
      + " t.patched, t.received_at, t.updated_at, t.completed_at, t.late_span_count";
  private static final String SPAN_COLUMNS = "id, seq, trace_id, parent_id, project_id,"
      + " log_stream_id, experiment_id, type, name, created_at, duration_ns, status_code,"
      + " service_name, patched, received_at, updated_at, late_at";

  /** Galileo's answer to a span for a trace already complete; its SDKs match on this text. */
  public static final String TRACE_COMPLETE = "Trace is marked as complete";
  /** Why a span is marked late, shown with it. */
  public static final String LATE_REASON = "arrived after the trace was complete: Galileo rejects this";

  /** Told about changes, after they are committed, on the thread that made them. */
  public interface Listener {
    /** These traces (their summaries) and these spans (span id to trace id) changed or arrived. */
    void recordsChanged(Set<UUID> traceIds, Map<UUID, UUID> spanTraces);

    /** Retention removed traces; which ones is not listed. */
    default void pruned(int traces) {}
  }

  /**
   * What becomes of a span that arrives for a trace already complete: Galileo refuses it (400,
   * {@value #TRACE_COMPLETE}), so in production it is lost.
   */
  public enum LateSpans {
    /** Kept and marked late, so that the loss shows. */
    MARK,
    /** Refused as Galileo does: the whole request, nothing of it stored. */
    REFUSE
  }

  /** What an update did: applied to a stored record, or kept until the record arrives. */
  public enum UpdateOutcome { APPLIED, PENDING }

  /** The filter of the trace list. */
  public record TraceQuery(UUID projectId, UUID logStreamId, String text, int limit) {}

  /** A session as created. */
  public record Session(UUID id, UUID projectId, String projectName, String name,
      String externalId, UUID previousSessionId) {}

  private static final long SEQ_BLOCK = 1024;
  /**
   * H2 parses a statement again unless it is among the last few of its session (8 by default):
   * one ingest runs a dozen different ones per record.
   */
  private static final String H2_SETTINGS = ";QUERY_CACHE_SIZE=64";
  /**
   * A file database: records up to 4 KB stay in their row (H2 keeps a text over 256 characters
   * in separate LOB maps by default, three more writes a record), and a 64 MB page cache (16 MB
   * by default, which the default 10,000 traces outgrow: pages were read back from the file).
   */
  private static final String H2_FILE_SETTINGS = ";MAX_LENGTH_INPLACE_LOB=4096;CACHE_SIZE=65536";

  private final JdbcConnectionPool pool;
  private final ReentrantLock writeLock = new ReentrantLock();
  // Guarded by writeLock.
  private long seqNext;
  private long seqEnd;
  private long pendingRows = -1;
  private final AtomicLong newTraces = new AtomicLong();
  private final AtomicLong tracesReceived = new AtomicLong();
  private final AtomicLong spansReceived = new AtomicLong();
  private final AtomicLong evictedTraces = new AtomicLong();
  private final AtomicLong evictedSpans = new AtomicLong();
  private final AtomicLong agedTraces = new AtomicLong();
  private final AtomicLong agedSpans = new AtomicLong();
  private final AtomicLong droppedUpdates = new AtomicLong();
  private volatile long growthEvery;
  private volatile long growthSpansEvery;
  private final AtomicLong newSpans = new AtomicLong();
  private final AtomicLong spanLimitTraces = new AtomicLong();
  private final AtomicLong spanLimitSpans = new AtomicLong();
  private volatile boolean spanLimitWarned;
  private volatile Runnable onGrowth;
  private volatile boolean limitWarned;
  private final Clock clock;
  private final String location;
  private volatile Listener listener = (traces, spans) -> { };
  private volatile LateSpans lateSpans = LateSpans.MARK;
  private volatile boolean closed;

  private Storage(JdbcConnectionPool pool, Clock clock, String location) {
    this.pool = pool;
    this.clock = clock;
    this.location = location;
  }

  /**
   * Opens (creating or migrating) the database.
   *
   * @param db {@value #MEMORY}, or a file path; H2 keeps it in {@code PATH.mv.db} (a path given
   *     with that ending is taken as is)
   */
  public static Storage open(String db, Clock clock) {
    String url;
    String location;
    if (MEMORY.equals(db)) {
      url = "jdbc:h2:mem:galileo-console-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + H2_SETTINGS;
      location = MEMORY;
    } else {
      Path file = Path.of(db).toAbsolutePath().normalize();
      String name = file.toString();
      if (name.endsWith(".mv.db")) {
        name = name.substring(0, name.length() - ".mv.db".length());
      }
      try {
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot create the directory of " + file + ": " + e, e);
      }
      // The console closes the database itself, after the HTTP server has stopped.
      url = "jdbc:h2:file:" + name + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000" + H2_SETTINGS + H2_FILE_SETTINGS;
      location = name + ".mv.db";
    }
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
    pool.setMaxConnections(32);
    Storage storage = new Storage(pool, clock, location);
    try (Connection c = pool.getConnection()) {
      int from = Schema.migrate(c);
      if (from < Schema.latest()) {
        LOG.fine(() -> "database " + location + " migrated from version " + from + " to " + Schema.latest());
      }
    } catch (SQLException | RuntimeException e) {
      pool.dispose();
      throw new IllegalStateException("cannot open the database " + location + ": " + e.getMessage(), e);
    }
    return storage;
  }

  /** Where the data is: a file, or {@value #MEMORY}. */
  public String location() {
    return location;
  }

  public void listener(Listener l) {
    listener = l;
  }

  /** What to do with spans that arrive for a complete trace; {@link LateSpans#MARK} by default. */
  public void lateSpans(LateSpans policy) {
    lateSpans = policy;
  }

  // --- projects and log streams

  /** The project of that name, created if there is none: creating is idempotent by name. */
  public Project createProject(String name, String type) {
    return write(c -> {
      Project found = projectByName(c, name);
      if (found != null) {
        return found;
      }
      return insertProject(c, UUID.randomUUID(), name, type == null ? "gen_ai" : type);
    });
  }

  /** Projects, all or those named {@code name}, oldest first. */
  public List<Project> projects(String name) {
    return read(c -> {
      String sql = "SELECT id, name, type, created_at, updated_at FROM projects"
          + (name == null ? "" : " WHERE name = ?") + " ORDER BY created_at, name";
      try (PreparedStatement s = c.prepareStatement(sql)) {
        if (name != null) {
          s.setString(1, name);
        }
        List<Project> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(project(rs));
          }
        }
        return out;
      }
    });
  }

  public Optional<Project> project(UUID id) {
    return read(c -> Optional.ofNullable(projectById(c, id)));
  }

  /** The project's log stream of that name, created if there is none. */
  public LogStream createLogStream(UUID projectId, String name) {
    return write(c -> {
      ensureProject(c, projectId);
      for (LogStream s : logStreams(c, projectId)) {
        if (s.name().equals(name)) {
          return s;
        }
      }
      return insertLogStream(c, UUID.randomUUID(), projectId, name);
    });
  }

  public List<LogStream> logStreams(UUID projectId) {
    return read(c -> logStreams(c, projectId));
  }

  /** Every log stream of every project. */
  public List<LogStream> allLogStreams() {
    return read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, project_id, name, created_at,"
          + " updated_at FROM log_streams ORDER BY created_at, name");
           ResultSet rs = s.executeQuery()) {
        List<LogStream> out = new ArrayList<>();
        while (rs.next()) {
          out.add(logStream(rs));
        }
        return out;
      }
    });
  }

  public Optional<LogStream> logStream(UUID id) {
    return read(c -> Optional.ofNullable(logStreamById(c, id)));
  }

  /** Trace and span counts of the project's log streams: {traces, spans} by log stream id. */
  public Map<UUID, long[]> logStreamCounts(UUID projectId) {
    return read(c -> {
      Map<UUID, long[]> out = new HashMap<>();
      String[] tables = {"traces", "spans"};
      for (int i = 0; i < 2; i++) {
        try (PreparedStatement s = c.prepareStatement("SELECT log_stream_id, COUNT(*) FROM "
            + tables[i] + " WHERE project_id = ? AND log_stream_id IS NOT NULL"
            + (i == 0 ? " AND is_stub = FALSE" : "") + " GROUP BY log_stream_id")) {
          s.setObject(1, projectId);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new long[2])[i] = rs.getLong(2);
            }
          }
        }
      }
      return out;
    });
  }

  // --- sessions

  public Session createSession(UUID projectId, UUID logStreamId, String name, String externalId,
      UUID previousSessionId, ObjectNode body) {
    return write(c -> {
      Project project = ensureProject(c, projectId);
      Problems p = new Problems();
      ensureLogStream(c, projectId, logStreamId, Loc.of("body").field("log_stream_id"), p);
      p.throwIfAny();
      UUID id = UUID.randomUUID();
      try (PreparedStatement s = c.prepareStatement("INSERT INTO sessions (id, project_id,"
          + " log_stream_id, name, external_id, previous_session_id, created_at, body)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setObject(1, id);
        s.setObject(2, projectId);
        s.setObject(3, logStreamId);
        s.setString(4, clip(name));
        s.setString(5, clip(externalId));
        s.setObject(6, previousSessionId);
        s.setObject(7, time(clock.instant()));
        s.setString(8, Json.write(body));
        s.executeUpdate();
      }
      return new Session(id, projectId, project.name(), name, externalId, previousSessionId);
    });
  }

  // --- ingest and update

  /**
   * Merges a traces ingest: each trace and each of its spans, by id.
   *
   * @return the project the traces were filed in
   * @throws ApiException 422 when an id clashes with what is stored; nothing is stored then
   */
  public Project ingestTraces(UUID projectId, IngestRequests.Traces request) {
    return ingest(projectId, request.envelope(), request.traces(), request.isComplete(),
        request.spans(), null);
  }

  /**
   * Merges a spans ingest. A trace not stored yet is recorded as a stub, which its own ingest
   * fills in when it arrives.
   */
  public Project ingestSpans(UUID projectId, IngestRequests.Spans request) {
    return ingest(projectId, request.envelope(), List.of(), false, request.spans(),
        request.traceId());
  }

  /**
   * One ingest in one transaction: the traces, then the spans, each merged by id. A span is late
   * when its trace was complete before this request (spans sent with the trace that completes
   * them are not); under {@link LateSpans#REFUSE} one late span refuses the whole request.
   *
   * @param spansTraceId the trace a spans ingest names, checked not to be a span; null otherwise
   */
  private Project ingest(UUID projectId, Envelope env, List<FlatRecord> traces, boolean complete,
      List<FlatRecord> spanRecords, UUID spansTraceId) {
    Map<UUID, Delta> touched = new LinkedHashMap<>();
    Map<UUID, UUID> spans = new LinkedHashMap<>();
    Project project = write(c -> {
      Project pr = ensureTarget(c, projectId, env);
      Problems p = new Problems();
      // Every id the request names, looked up together: a few queries a request, not a few a record.
      Set<UUID> ids = new HashSet<>();
      for (FlatRecord t : traces) {
        ids.add(t.id());
      }
      for (FlatRecord s : spanRecords) {
        ids.add(s.id());
        ids.add(s.traceId());
      }
      if (spansTraceId != null) {
        ids.add(spansTraceId);
      }
      KnownRecords known = KnownRecords.lookUp(c, ids);
      if (spansTraceId != null && known.isSpan(spansTraceId)) {
        p.add(Loc.of("body").field("trace_id"), "value_error",
            "Value error, " + spansTraceId + " is a span, not a trace", null);
      }
      Set<UUID> completeBefore = new LinkedHashSet<>();
      // Traces stored before this request: only their spans can have been waiting to be relinked.
      Set<UUID> existed = new HashSet<>();
      for (FlatRecord s : spanRecords) {
        if (known.isComplete(s.traceId())) {
          completeBefore.add(s.traceId());
        }
        if (known.isTrace(s.traceId())) {
          existed.add(s.traceId());
        }
      }
      for (FlatRecord t : traces) {
        if (known.isTrace(t.id())) {
          existed.add(t.id());
        }
      }
      Set<UUID> present = new HashSet<>(existed);
      if (!completeBefore.isEmpty() && lateSpans == LateSpans.REFUSE) {
        throw ApiException.detail(400, TRACE_COMPLETE);
      }
      Instant now = clock.instant();
      // New trace rows (and stubs) are inserted once, at the end, with their spans' summary,
      // rather than inserted and then read back and updated.
      Map<UUID, Row> newTraceRows = new LinkedHashMap<>();
      Writes w = new Writes(known, newTraceRows);
      for (FlatRecord t : traces) {
        upsertTrace(c, projectId, env, t, complete, now, p, touched, w);
        present.add(t.id());
      }
      for (FlatRecord s : spanRecords) {
        upsertSpan(c, projectId, env, s, completeBefore.contains(s.traceId()), now, p, touched, present, w);
        spans.put(s.id(), s.traceId());
      }
      p.throwIfAny();
      Map<UUID, List<UUID>> stored = new LinkedHashMap<>();
      for (FlatRecord t : traces) {
        if (existed.contains(t.id())) {
          stored.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(t.id());
        }
      }
      for (FlatRecord s : spanRecords) {
        if (existed.contains(s.traceId())) {
          stored.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s.id());
        }
      }
      relink(c, stored, now);
      for (Row r : newTraceRows.values()) {
        insertTrace(c, r, now, touched.get(r.id));
      }
      refreshTraces(c, touched, now, newTraceRows.keySet());
      return pr;
    });
    received(traces.size(), spanRecords.size());
    changed(touched.keySet(), spans);
    return project;
  }

  /**
   * One span received over OTLP, mapped to a Galileo span body but for its ids, which are
   * resolved against what is stored when it is ingested.
   *
   * @param spanId the OTLP span id, 8 bytes as a long
   * @param parentSpanId the OTLP parent span id, 0 for none (a root)
   * @param claimedId the span's Galileo UUID when it said so ({@code galileo.span.id}), or null
   * @param claimedParent its parent's Galileo UUID when it said so ({@code galileo.parent.id}), or null
   * @param where how the span is named in a refusal: its place in the request and its name
   */
  public record OtlpSpan(UUID traceId, long spanId, long parentSpanId, UUID claimedId,
      UUID claimedParent, String type, ObjectNode body, String where) {}

  /** What an OTLP ingest kept, and what it refused, each with the reason. */
  public record OtlpOutcome(int kept, List<String> refused) {}

  /**
   * Merges spans received over OTLP, each on its own: a span that cannot be stored is refused
   * (and named) while the others are kept, as OTLP's partial success expects. Ids: a span id (or
   * parent span id) that is a stored Galileo span's, or the trace's own, within the same trace
   * is that record; one claimed by a span of the request ({@code galileo.span.id}) is that UUID;
   * any other becomes {@link OtelIds#uuidForSpanId}. A span whose id is the trace's is the trace's
   * own record; a root span (no parent) goes under the trace, and fills in a trace that has no
   * record of its own yet (a trace made by OpenTelemetry alone). A span for a trace already
   * complete is late: marked, or refused under {@link LateSpans#REFUSE}. OTLP never completes a
   * trace.
   *
   * @param projectId where spans of a trace not stored yet go; others join their trace's project
   */
  public OtlpOutcome ingestOtlp(UUID projectId, Envelope env, List<OtlpSpan> otlp) {
    Map<UUID, Delta> touched = new LinkedHashMap<>();
    Map<UUID, UUID> changedSpans = new LinkedHashMap<>();
    List<String> refused = new ArrayList<>();
    int kept = write(c -> {
      ensureTarget(c, projectId, env);
      Instant now = clock.instant();
      Map<UUID, Map<Long, UUID>> known = new HashMap<>();
      for (OtlpSpan s : otlp) {
        Map<Long, UUID> ids = known.get(s.traceId());
        if (ids == null) {
          ids = knownSpanIds(c, s.traceId());
          known.put(s.traceId(), ids);
        }
        if (s.claimedId() != null && OtelIds.spanIdOf(s.claimedId()) == s.spanId()) {
          ids.put(s.spanId(), s.claimedId());
        }
        if (s.claimedParent() != null && OtelIds.spanIdOf(s.claimedParent()) == s.parentSpanId()) {
          ids.putIfAbsent(s.parentSpanId(), s.claimedParent());
        }
      }
      int n = 0;
      Map<UUID, List<UUID>> stored = new LinkedHashMap<>();
      for (OtlpSpan s : otlp) {
        Map<Long, UUID> ids = known.get(s.traceId());
        UUID id = ids.getOrDefault(s.spanId(), OtelIds.uuidForSpanId(s.traceId(), s.spanId()));
        Row trace = loadTrace(c, s.traceId());
        if (trace != null && trace.isComplete && lateSpans == LateSpans.REFUSE) {
          refused.add(s.where() + ": " + TRACE_COMPLETE);
          continue;
        }
        UUID project = trace != null && !trace.isStub ? trace.projectId : projectId;
        Envelope target = trace != null && !trace.isStub
            ? new Envelope(trace.logStreamId, trace.experimentId, null) : env;
        Problems p = new Problems();
        Loc loc = Loc.of("otlp");
        ObjectNode body = s.body().deepCopy();
        body.put("id", id.toString());
        body.put("trace_id", s.traceId().toString());
        if (id.equals(s.traceId())) {
          // The trace's own record, as this SDK's OTLP exporter sends a trace.
          body.put("type", "trace");
          upsertTrace(c, project, target,
              new FlatRecord(id, id, null, "trace", body, loc), false, now, p, touched);
        } else {
          UUID parent = s.parentSpanId() == 0 ? s.traceId()
              : ids.getOrDefault(s.parentSpanId(), OtelIds.uuidForSpanId(s.traceId(), s.parentSpanId()));
          body.put("parent_id", parent.toString());
          upsertSpan(c, project, target, new FlatRecord(id, s.traceId(), parent, s.type(), body, loc),
              trace != null && trace.isComplete, now, p, touched, null);
          if (p.isEmpty() && s.parentSpanId() == 0 && (trace == null || trace.isStub)) {
            upsertTrace(c, project, target, new FlatRecord(s.traceId(), s.traceId(), null, "trace",
                traceFromRoot(s.traceId(), body), loc), false, now, p, touched);
          }
          changedSpans.put(id, s.traceId());
        }
        if (!p.isEmpty()) {
          refused.add(s.where() + ": " + p.firstMessage());
          continue;
        }
        stored.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(id);
        n++;
      }
      relink(c, stored, now);
      refreshTraces(c, touched, now);
      return n;
    });
    received(0, kept);
    changed(touched.keySet(), changedSpans);
    return new OtlpOutcome(kept, refused);
  }

  /** The record of a trace made by OpenTelemetry alone, from its root span. */
  private static ObjectNode traceFromRoot(UUID traceId, ObjectNode root) {
    ObjectNode t = Json.object();
    t.put("type", "trace");
    t.put("id", traceId.toString());
    t.put("trace_id", traceId.toString());
    for (String field : List.of("name", "created_at", "input", "output", "status_code",
        "user_metadata", "metrics")) {
      if (root.has(field)) {
        t.set(field, root.get(field).deepCopy());
      }
    }
    return t;
  }

  /** The span id of each record of the trace (the trace's own, and its spans'), to its UUID. */
  private static Map<Long, UUID> knownSpanIds(Connection c, UUID traceId) throws SQLException {
    Map<Long, UUID> ids = new HashMap<>();
    ids.put(OtelIds.spanIdOf(traceId), traceId);
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM spans WHERE trace_id = ?")) {
      s.setObject(1, traceId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          ids.putIfAbsent(OtelIds.spanIdOf(id), id);
        }
      }
    }
    return ids;
  }

  /**
   * Moves under each record just stored the spans of its trace filed under the UUID its span id
   * maps to when the record is not known ({@link OtelIds#uuidForSpanId}): an OpenTelemetry span
   * that arrived before its Galileo parent (each service sends on its own) then finds that parent.
   * One query per trace of the request, not per record.
   *
   * @param stored the ids of the records just stored, by trace
   */
  private static void relink(Connection c, Map<UUID, List<UUID>> stored, Instant now) throws SQLException {
    for (Map.Entry<UUID, List<UUID>> trace : stored.entrySet()) {
      Map<UUID, UUID> realByAlias = new HashMap<>();
      for (UUID realId : trace.getValue()) {
        UUID alias = OtelIds.uuidForSpanId(trace.getKey(), OtelIds.spanIdOf(realId));
        if (!alias.equals(realId)) {
          realByAlias.put(alias, realId);
        }
      }
      if (realByAlias.isEmpty()) {
        continue;
      }
      Map<UUID, UUID> moves = new LinkedHashMap<>();
      try (PreparedStatement s = c.prepareStatement("SELECT id, parent_id FROM spans WHERE trace_id = ?")) {
        s.setObject(1, trace.getKey());
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            UUID realParent = realByAlias.get(rs.getObject(2, UUID.class));
            if (realParent != null) {
              moves.put(rs.getObject(1, UUID.class), realParent);
            }
          }
        }
      }
      for (Map.Entry<UUID, UUID> move : moves.entrySet()) {
        Row r = loadSpan(c, move.getKey());
        r.parentId = move.getValue();
        r.body.put("parent_id", move.getValue().toString());
        saveSpan(c, r, now);
      }
    }
  }

  /** Applies a trace update, or keeps it until the trace arrives. */
  public UpdateOutcome updateTrace(UUID projectId, IngestRequests.Update update) {
    return update(projectId, update, true);
  }

  /** Applies a span update, or keeps it until the span arrives. */
  public UpdateOutcome updateSpan(UUID projectId, IngestRequests.Update update) {
    return update(projectId, update, false);
  }

  private UpdateOutcome update(UUID projectId, IngestRequests.Update update, boolean trace) {
    Map<UUID, Delta> touched = new LinkedHashMap<>();
    Map<UUID, UUID> spans = new LinkedHashMap<>();
    UpdateOutcome outcome = write(c -> {
      ensureTarget(c, projectId, update.envelope());
      Instant now = clock.instant();
      UUID id = update.id();
      Row other = trace ? loadSpan(c, id) : loadTrace(c, id);
      if (other != null) {
        throw ApiException.notFound(trace ? "Trace not found: " + id + " is a span"
            : "Span not found: " + id + " is a trace");
      }
      Row row = trace ? loadTrace(c, id) : loadSpan(c, id);
      if (row == null) {
        insertPending(c, id, trace ? "trace" : "span", projectId, update.isComplete(),
            update.fields(), now);
        return UpdateOutcome.PENDING;
      }
      // An update of a span whose trace is complete is late like an ingest: Galileo refuses it.
      // One of the trace itself (a completion repeated, say) is not a span: it is applied.
      boolean newlyLate = false;
      if (!trace && isComplete(c, row.traceId)) {
        if (lateSpans == LateSpans.REFUSE) {
          throw ApiException.detail(400, TRACE_COMPLETE);
        }
        newlyLate = row.lateAt == null;
        row.lateAt = row.lateAt == null ? now : row.lateAt;
      }
      RecordMerge.update(row.body, update.fields(), row.patched);
      if (trace) {
        row.isComplete |= Boolean.TRUE.equals(update.isComplete());
        saveTrace(c, row, now);
      } else {
        saveSpan(c, row, now);
        spans.put(row.id, row.traceId);
      }
      Delta d = Delta.of(touched, row.traceId);
      if (!trace) {
        d.add(row.body, false);
        d.lateSpans += newlyLate ? 1 : 0;
      }
      refreshTraces(c, touched, now);
      return UpdateOutcome.APPLIED;
    });
    changed(touched.keySet(), spans);
    return outcome;
  }

  /**
   * The project a request is filed in and its log stream, each created when unknown (an SDK may
   * hold ids from before the database was reset).
   *
   * @throws ApiException 422 when the log stream belongs to another project
   */
  private Project ensureTarget(Connection c, UUID projectId, Envelope env) throws SQLException {
    Project project = ensureProject(c, projectId);
    Problems p = new Problems();
    ensureLogStream(c, projectId, env.logStreamId(), Loc.of("body").field("log_stream_id"), p);
    p.throwIfAny();
    return project;
  }

  /**
   * A Galileo ingest's transaction: which of its ids are stored, and the trace rows it creates,
   * inserted at its end. Null for the other writes, which look each record up.
   */
  private record Writes(KnownRecords known, Map<UUID, Row> newTraceRows) {}

  private void upsertTrace(Connection c, UUID projectId, Envelope env, FlatRecord t,
      boolean isComplete, Instant now, Problems p, Map<UUID, Delta> touched) throws SQLException {
    upsertTrace(c, projectId, env, t, isComplete, now, p, touched, null);
  }

  private void upsertTrace(Connection c, UUID projectId, Envelope env, FlatRecord t,
      boolean isComplete, Instant now, Problems p, Map<UUID, Delta> touched, Writes w)
      throws SQLException {
    if (w != null ? w.known().isSpan(t.id()) : loadSpan(c, t.id()) != null) {
      p.add(t.loc().field("id"), "value_error",
          "Value error, " + t.id() + " is the id of a span, not of a trace", null);
      return;
    }
    Row row = w != null ? w.newTraceRows().get(t.id()) : null;
    if (row == null && (w == null || w.known().isTrace(t.id()))) {
      row = loadTrace(c, t.id());
    }
    boolean wasStub = row == null || row.isStub;
    if (row == null) {
      row = Row.newTrace(t.id(), nextSeq(c), projectId, now);
      newTraces.incrementAndGet();
    }
    if (w != null) {
      // The request's own tree, which nothing else holds: merged without copying.
      RecordMerge.ingestOwned(row.body, t.body(), row.patched);
    } else {
      RecordMerge.ingest(row.body, t.body(), row.patched);
    }
    if (env.sessionId() != null && !row.body.hasNonNull("session_id")) {
      row.body.put("session_id", env.sessionId().toString());
    }
    if (wasStub) {
      // The trace's own ingest says where it belongs, not the spans that arrived before it.
      row.projectId = projectId;
      row.logStreamId = env.logStreamId() != null ? env.logStreamId() : row.logStreamId;
      row.experimentId = env.experimentId() != null ? env.experimentId() : row.experimentId;
    } else {
      row.logStreamId = row.logStreamId != null ? row.logStreamId : env.logStreamId();
      row.experimentId = row.experimentId != null ? row.experimentId : env.experimentId();
    }
    row.isStub = false;
    row.isComplete |= isComplete;
    applyPending(c, row, "trace");
    if (w != null && !row.stored) {
      w.newTraceRows().put(row.id, row);
      w.known().addTrace(row.id);
    } else {
      saveTrace(c, row, now);
    }
    Delta.of(touched, row.id);
  }

  /**
   * @param present traces known to be stored in this transaction, to spare a look-up per span;
   *     null to look each up
   */
  private void upsertSpan(Connection c, UUID projectId, Envelope env, FlatRecord s, boolean late,
      Instant now, Problems p, Map<UUID, Delta> touched, Set<UUID> present) throws SQLException {
    upsertSpan(c, projectId, env, s, late, now, p, touched, present, null);
  }

  private void upsertSpan(Connection c, UUID projectId, Envelope env, FlatRecord s, boolean late,
      Instant now, Problems p, Map<UUID, Delta> touched, Set<UUID> present, Writes w)
      throws SQLException {
    if (w != null ? w.known().isTrace(s.id()) : loadTrace(c, s.id()) != null) {
      p.add(s.loc().field("id"), "value_error",
          "Value error, " + s.id() + " is the id of a trace, not of a span", null);
      return;
    }
    Row row = w == null || w.known().isSpan(s.id()) ? loadSpan(c, s.id()) : null;
    if (row != null && !row.traceId.equals(s.traceId())) {
      p.add(s.loc().field("id"), "value_error", "Value error, span " + s.id()
          + " belongs to trace " + row.traceId + ", not to " + s.traceId(), null);
      return;
    }
    boolean isNew = row == null;
    if (isNew) {
      row = Row.newSpan(s.id(), nextSeq(c), s.traceId(), projectId, now);
      row.logStreamId = env.logStreamId();
      row.experimentId = env.experimentId();
    }
    if (w != null) {
      RecordMerge.ingestOwned(row.body, s.body(), row.patched);
    } else {
      RecordMerge.ingest(row.body, s.body(), row.patched);
    }
    row.parentId = s.parentId();
    row.type = s.type();
    boolean newlyLate = late && row.lateAt == null;
    if (newlyLate) {
      row.lateAt = now;
    }
    applyPending(c, row, "span");
    saveSpan(c, row, now);
    if (w != null) {
      w.known().addSpan(row.id);
    }
    boolean traceStored = present != null && present.contains(s.traceId())
        || (w != null ? w.known().isTrace(s.traceId()) : traceExists(c, s.traceId()));
    if (present != null) {
      present.add(s.traceId());
    }
    if (!traceStored) {
      Row stub = Row.newTrace(s.traceId(), nextSeq(c), projectId, now);
      newTraces.incrementAndGet();
      stub.isStub = true;
      stub.logStreamId = env.logStreamId();
      stub.experimentId = env.experimentId();
      applyPending(c, stub, "trace");
      if (w != null) {
        w.newTraceRows().put(stub.id, stub);
        w.known().addTrace(stub.id);
      } else {
        saveTrace(c, stub, now);
      }
    }
    Delta d = Delta.of(touched, s.traceId());
    d.add(row.body, isNew);
    d.lateSpans += newlyLate ? 1 : 0;
  }

  /** Whether the trace (or its stub) is stored, without reading its record. */
  private static boolean traceExists(Connection c, UUID traceId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM traces WHERE id = ?")) {
      s.setObject(1, traceId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Whether the trace is stored (or stubbed) and complete. */
  private static boolean isComplete(Connection c, UUID traceId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT is_complete FROM traces WHERE id = ?")) {
      s.setObject(1, traceId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** Applies, in arrival order, the updates that came before the record, and drops them. */
  private void applyPending(Connection c, Row row, String kind) throws SQLException {
    if (pendingRows(c) == 0) {
      return; // the common case: no update is waiting for anything
    }
    boolean any = false;
    try (PreparedStatement s = c.prepareStatement("SELECT is_complete, body FROM pending_updates"
        + " WHERE target_id = ? AND kind = ? ORDER BY seq")) {
      s.setObject(1, row.id);
      s.setString(2, kind);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          any = true;
          Object complete = rs.getObject(1);
          RecordMerge.update(row.body, Json.parseStored(rs.getString(2)), row.patched);
          row.isComplete |= Boolean.TRUE.equals(complete);
        }
      }
    }
    if (any) {
      try (PreparedStatement d = c.prepareStatement(
          "DELETE FROM pending_updates WHERE target_id = ? AND kind = ?")) {
        d.setObject(1, row.id);
        d.setString(2, kind);
        pendingRows -= d.executeUpdate();
      }
    }
  }

  private void insertPending(Connection c, UUID id, String kind, UUID projectId,
      Boolean isComplete, ObjectNode fields, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO pending_updates (seq, target_id,"
        + " kind, project_id, received_at, is_complete, body) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setLong(1, nextSeq(c));
      s.setObject(2, id);
      s.setString(3, kind);
      s.setObject(4, projectId);
      s.setObject(5, time(now));
      if (isComplete == null) {
        s.setNull(6, Types.BOOLEAN);
      } else {
        s.setBoolean(6, isComplete);
      }
      s.setString(7, Json.write(fields));
      s.executeUpdate();
    }
    pendingRows(c);
    pendingRows++;
  }

  /**
   * How many updates wait for their record, counted once and then kept in step under the write
   * lock; -1 (recounted) after a rollback or a prune.
   */
  private long pendingRows(Connection c) throws SQLException {
    if (pendingRows < 0) {
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pending_updates")) {
        rs.next();
        pendingRows = rs.getLong(1);
      }
    }
    return pendingRows;
  }

  /**
   * What a write added to a trace's summary: spans new to it, spans newly late, the services of
   * the spans it wrote, and the earliest start among them. Applied to the stored counts, so a write costs the
   * same however many spans its trace already has.
   */
  private static final class Delta {
    int newSpans;
    int lateSpans;
    final Set<String> services = new TreeSet<>();
    Instant earliest;

    static Delta of(Map<UUID, Delta> touched, UUID traceId) {
      return touched.computeIfAbsent(traceId, k -> new Delta());
    }

    void add(ObjectNode span, boolean isNew) {
      if (isNew) {
        newSpans++;
      }
      String service = serviceName(span);
      if (service != null) {
        services.add(service);
      }
      Instant created = createdAt(span);
      if (created != null && (earliest == null || created.isBefore(earliest))) {
        earliest = created;
      }
    }
  }

  /**
   * Updates the summaries of changed traces: span count, late spans, the services that
   * contributed, and where they sort in the list (their own start, or for a stub the earliest of its spans).
   */
  private void refreshTraces(Connection c, Map<UUID, Delta> touched, Instant now) throws SQLException {
    refreshTraces(c, touched, now, Set.of());
  }

  /** As above, but for the traces in {@code inserted}, which were inserted with their summary. */
  private void refreshTraces(Connection c, Map<UUID, Delta> touched, Instant now, Set<UUID> inserted)
      throws SQLException {
    for (Map.Entry<UUID, Delta> e : touched.entrySet()) {
      UUID id = e.getKey();
      if (inserted.contains(id)) {
        continue;
      }
      Delta d = e.getValue();
      int count;
      int late;
      Set<String> services = new TreeSet<>(d.services);
      Instant sortAt;
      try (PreparedStatement s = c.prepareStatement("SELECT span_count, services, service_name,"
          + " created_at, sort_at, late_span_count FROM traces WHERE id = ?")) {
        s.setObject(1, id);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            continue;
          }
          count = rs.getInt(1) + d.newSpans;
          late = rs.getInt(6) + d.lateSpans;
          String stored = rs.getString(2);
          if (stored != null && !stored.isEmpty()) {
            services.addAll(Arrays.asList(stored.split("\n")));
          }
          if (rs.getString(3) != null) {
            services.add(rs.getString(3));
          }
          Instant created = instant(rs, 4);
          Instant current = instant(rs, 5);
          sortAt = created != null ? created
              : d.earliest != null && d.earliest.isBefore(current) ? d.earliest : current;
        }
      }
      try (PreparedStatement u = c.prepareStatement("UPDATE traces SET span_count = ?,"
          + " services = ?, sort_at = ?, updated_at = ?, late_span_count = ? WHERE id = ?")) {
        u.setInt(1, count);
        u.setString(2, String.join("\n", services));
        u.setObject(3, time(sortAt));
        u.setObject(4, time(now));
        u.setInt(5, late);
        u.setObject(6, id);
        u.executeUpdate();
      }
    }
  }

  // --- reads

  /** The trace (or stub) with its record. */
  public Optional<StoredRecord> trace(UUID id) {
    return read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + TRACE_COLUMNS + ", t.body FROM"
          + " traces t WHERE t.id = ?")) {
        s.setObject(1, id);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(traceRecord(rs, true)) : Optional.empty();
        }
      }
    });
  }

  /** The spans of a trace with their records, by start time. */
  public List<StoredRecord> spans(UUID traceId) {
    return read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + SPAN_COLUMNS + ", body FROM spans"
          + " WHERE trace_id = ? ORDER BY created_at NULLS LAST, seq")) {
        s.setObject(1, traceId);
        List<StoredRecord> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(spanRecord(rs, true));
          }
        }
        return out;
      }
    });
  }

  /**
   * The ids of a trace's spans, by start time: what a reader of a large trace holds, rather than
   * the spans themselves ({@link #spansByIds} reads them a page at a time).
   */
  public List<UUID> spanIds(UUID traceId) {
    return read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id FROM spans WHERE trace_id = ?"
          + " ORDER BY created_at NULLS LAST, seq")) {
        s.setObject(1, traceId);
        List<UUID> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getObject(1, UUID.class));
          }
        }
        return out;
      }
    });
  }

  /**
   * Each span's id and its parent's, in the order of {@link #spans}: a trace's shape, without
   * reading a record.
   */
  public List<UUID[]> spanParents(UUID traceId) {
    return read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, parent_id FROM spans WHERE trace_id = ?"
          + " ORDER BY created_at NULLS LAST, seq")) {
        s.setObject(1, traceId);
        List<UUID[]> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)});
          }
        }
        return out;
      }
    });
  }

  /** These spans with their records, in this order; one removed meanwhile is left out. */
  public List<StoredRecord> spans(List<UUID> ids) {
    return read(c -> {
      List<StoredRecord> out = new ArrayList<>(ids.size());
      try (PreparedStatement s = c.prepareStatement("SELECT " + SPAN_COLUMNS + ", body FROM spans"
          + " WHERE id = ?")) {
        for (UUID id : ids) {
          s.setObject(1, id);
          try (ResultSet rs = s.executeQuery()) {
            if (rs.next()) {
              out.add(spanRecord(rs, true));
            }
          }
        }
      }
      return out;
    });
  }

  /** A stored span with its record as stored (JSON text, unparsed): for writing it out as is. */
  public record RawSpan(StoredRecord span, String body) {}

  /**
   * These spans, in this order, each with its record's JSON as stored; a span removed meanwhile
   * is left out.
   */
  public List<RawSpan> spansByIds(List<UUID> ids) {
    return read(c -> {
      List<RawSpan> out = new ArrayList<>(ids.size());
      try (PreparedStatement s = c.prepareStatement("SELECT " + SPAN_COLUMNS + ", body FROM spans"
          + " WHERE id = ?")) {
        for (UUID id : ids) {
          s.setObject(1, id);
          try (ResultSet rs = s.executeQuery()) {
            if (rs.next()) {
              out.add(new RawSpan(spanRecord(rs, false), rs.getString("body")));
            }
          }
        }
      }
      return out;
    });
  }

  public Optional<StoredRecord> span(UUID id) {
    return read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + SPAN_COLUMNS + ", body FROM spans"
          + " WHERE id = ?")) {
        s.setObject(1, id);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(spanRecord(rs, true)) : Optional.empty();
        }
      }
    });
  }

  /** Whether the trace, or any of its spans, was logged to the project. */
  public boolean traceInProject(UUID traceId, UUID projectId) {
    return read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM traces t WHERE t.id = ? AND"
          + " (t.project_id = ? OR EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = t.id"
          + " AND s.project_id = ?))")) {
        s.setObject(1, traceId);
        s.setObject(2, projectId);
        s.setObject(3, projectId);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /** Trace summaries (no records), newest first. */
  public List<StoredRecord> traces(TraceQuery q) {
    return read(c -> {
      StringBuilder sql = new StringBuilder("SELECT " + TRACE_COLUMNS + " FROM traces t WHERE 1 = 1");
      List<Object> args = new ArrayList<>();
      if (q.projectId() != null) {
        sql.append(" AND (t.project_id = ? OR EXISTS (SELECT 1 FROM spans s WHERE"
            + " s.trace_id = t.id AND s.project_id = ?))");
        args.add(q.projectId());
        args.add(q.projectId());
      }
      if (q.logStreamId() != null) {
        sql.append(" AND (t.log_stream_id = ? OR EXISTS (SELECT 1 FROM spans s WHERE"
            + " s.trace_id = t.id AND s.log_stream_id = ?))");
        args.add(q.logStreamId());
        args.add(q.logStreamId());
      }
      if (q.text() != null && !q.text().isBlank()) {
        String like = "%" + q.text().trim().toLowerCase(Locale.ROOT)
            .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        sql.append(" AND (LOWER(t.name) LIKE ? ESCAPE '\\' OR CAST(t.id AS VARCHAR) LIKE ? ESCAPE '\\'"
            + " OR LOWER(t.services) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM spans s WHERE"
            + " s.trace_id = t.id AND (LOWER(s.name) LIKE ? ESCAPE '\\'"
            + " OR CAST(s.id AS VARCHAR) LIKE ? ESCAPE '\\')))");
        for (int i = 0; i < 5; i++) {
          args.add(like);
        }
      }
      sql.append(" ORDER BY t.sort_at DESC, t.seq DESC LIMIT ?");
      args.add(Math.max(1, q.limit()));
      try (PreparedStatement s = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          s.setObject(i + 1, args.get(i));
        }
        List<StoredRecord> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(traceRecord(rs, false));
          }
        }
        return out;
      }
    });
  }

  /** Traces stored, stubs included. */
  public long traceCount() {
    return count("traces");
  }

  public long spanCount() {
    return count("spans");
  }

  public long pendingUpdateCount() {
    return count("pending_updates");
  }

  private long count(String table) {
    return read(c -> {
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  // --- retention

  /** Traces (with their spans) removed in one transaction: the write lock is let go between. */
  private static final int PRUNE_CHUNK = 500;

  /**
   * Removes traces (with their spans) first seen more than {@code maxAge} ago, then the oldest
   * beyond the newest {@code maxTraces}; and updates still waiting for their record after
   * {@code maxAge}, and beyond the newest {@value #MAX_PENDING_UPDATES}. Zero or null disables a
   * limit. Traces go a few hundred per transaction, so ingest waits at most for one of those;
   * what each limit removed is counted in {@link #stats()}.
   *
   * @return how many traces were removed
   */
  public int prune(long maxTraces, Duration maxAge) {
    return prune(maxTraces, 0, maxAge);
  }

  /**
   * As {@link #prune(long, Duration)}, and then removes the oldest traces, whole, while more than
   * {@code maxSpans} spans are stored (0: no limit).
   */
  public int prune(long maxTraces, long maxSpans, Duration maxAge) {
    int removed = 0;
    if (maxAge != null && !maxAge.isZero() && !maxAge.isNegative()) {
      OffsetDateTime cutoff = time(clock.instant().minus(maxAge));
      int n;
      do {
        long[] gone = write(c -> deleteOldest(c, "received_at < ?", cutoff));
        n = (int) gone[0];
        removed += n;
        agedTraces.addAndGet(gone[0]);
        agedSpans.addAndGet(gone[1]);
      } while (n == PRUNE_CHUNK);
      write(c -> {
        try (PreparedStatement s = c.prepareStatement(
            "DELETE FROM pending_updates WHERE received_at < ?")) {
          s.setObject(1, cutoff);
          if (s.executeUpdate() > 0) {
            pendingRows = -1;
          }
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE created_at < ?")) {
          s.setObject(1, cutoff);
          s.executeUpdate();
        }
        return null;
      });
    }
    if (maxTraces > 0) {
      int n;
      do {
        long[] gone = write(c -> {
          Long cutoffSeq = null;
          try (PreparedStatement s = c.prepareStatement(
              "SELECT seq FROM traces ORDER BY seq DESC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
            s.setLong(1, maxTraces);
            try (ResultSet rs = s.executeQuery()) {
              if (rs.next()) {
                cutoffSeq = rs.getLong(1);
              }
            }
          }
          return cutoffSeq == null ? new long[2] : deleteOldest(c, "seq <= ?", cutoffSeq);
        });
        n = (int) gone[0];
        removed += n;
        evictedTraces.addAndGet(gone[0]);
        evictedSpans.addAndGet(gone[1]);
      } while (n == PRUNE_CHUNK);
      if (evictedTraces.get() > 0 && !limitWarned) {
        limitWarned = true;
        LOG.warning("the console holds its limit of " + maxTraces + " traces: the oldest are"
            + " removed as new ones arrive (counted in /api/stats); raise --max-traces to keep more");
      }
    }
    if (maxSpans > 0) {
      long[] gone;
      do {
        gone = write(c -> {
          long excess = spanRows(c) - maxSpans;
          return excess <= 0 ? new long[2] : deleteOldestSpans(c, excess);
        });
        removed += (int) gone[0];
        spanLimitTraces.addAndGet(gone[0]);
        spanLimitSpans.addAndGet(gone[1]);
      } while (gone[0] > 0);
      if (spanLimitTraces.get() > 0 && !spanLimitWarned) {
        spanLimitWarned = true;
        LOG.warning("the console holds its limit of " + maxSpans + " spans: the oldest traces are"
            + " removed as new spans arrive (counted in /api/stats); raise --max-spans to keep more");
      }
    }
    long dropped = write(c -> {
      Long pendingCutoff = null;
      try (PreparedStatement s = c.prepareStatement(
          "SELECT seq FROM pending_updates ORDER BY seq DESC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
        s.setLong(1, MAX_PENDING_UPDATES);
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next()) {
            pendingCutoff = rs.getLong(1);
          }
        }
      }
      if (pendingCutoff == null) {
        return 0L;
      }
      try (PreparedStatement s = c.prepareStatement("DELETE FROM pending_updates WHERE seq <= ?")) {
        s.setLong(1, pendingCutoff);
        pendingRows = -1;
        return (long) s.executeUpdate();
      }
    });
    droppedUpdates.addAndGet(dropped);
    if (removed > 0) {
      Listener l = listener;
      try {
        l.pruned(removed);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "storage listener failed", e);
      }
    }
    return removed;
  }

  private static long spanRows(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM spans")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Deletes the oldest traces, at most {@value #PRUNE_CHUNK}, whose spans add up to at least
   * {@code excess}: {traces, spans}.
   */
  private static long[] deleteOldestSpans(Connection c, long excess) throws SQLException {
    Long cutoff = null;
    long sum = 0;
    try (PreparedStatement s = c.prepareStatement("SELECT seq, span_count FROM traces ORDER BY seq"
        + " FETCH FIRST " + PRUNE_CHUNK + " ROWS ONLY")) {
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next() && sum < excess) {
          cutoff = rs.getLong(1);
          sum += rs.getLong(2);
        }
      }
    }
    return cutoff == null ? new long[2] : deleteOldest(c, "seq <= ?", cutoff);
  }

  /** Deletes at most {@value #PRUNE_CHUNK} of the oldest traces matching, with their spans: {traces, spans}. */
  private static long[] deleteOldest(Connection c, String where, Object arg) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM traces WHERE " + where
        + " ORDER BY seq FETCH FIRST " + PRUNE_CHUNK + " ROWS ONLY")) {
      s.setObject(1, arg);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
    }
    long spans = 0;
    try (PreparedStatement ds = c.prepareStatement("DELETE FROM spans WHERE trace_id = ?");
         PreparedStatement dt = c.prepareStatement("DELETE FROM traces WHERE id = ?")) {
      for (UUID id : ids) {
        ds.setObject(1, id);
        spans += ds.executeUpdate();
        dt.setObject(1, id);
        dt.executeUpdate();
      }
    }
    return new long[] {ids.size(), spans};
  }

  /**
   * What the console has received and what its limits removed, since it started; and what it
   * holds now.
   *
   * @param tracesReceived trace records received (Galileo's traces ingest)
   * @param spansReceived span records received (Galileo's ingest and OTLP), retries included
   * @param tracesEvicted traces removed because more than {@code --max-traces} were kept
   * @param spansEvicted their spans
   * @param tracesEvictedForSpans traces removed because more than {@code --max-spans} spans were kept
   * @param spansEvictedForSpans their spans
   * @param tracesExpired traces removed for being older than {@code --max-age-days}
   * @param spansExpired their spans
   * @param updatesDropped updates that waited for a record beyond the limit, or too long
   */
  public record Stats(long tracesReceived, long spansReceived, long tracesEvicted,
      long spansEvicted, long tracesEvictedForSpans, long spansEvictedForSpans, long tracesExpired, long spansExpired, long updatesDropped,
      long tracesStored, long spansStored, long updatesWaiting) {}

  public Stats stats() {
    return new Stats(tracesReceived.get(), spansReceived.get(), evictedTraces.get(),
        evictedSpans.get(), spanLimitTraces.get(), spanLimitSpans.get(), agedTraces.get(), agedSpans.get(), droppedUpdates.get(),
        traceCount(), spanCount(), pendingUpdateCount());
  }

  /**
   * Runs {@code action} (off the request's thread is the caller's business) each time this many
   * traces were added since it last ran: retention then need not wait for its next period while
   * traces pour in faster than it removes them.
   */
  public void onGrowth(long newTraces, long newSpans, Runnable action) {
    this.growthEvery = newTraces;
    this.growthSpansEvery = newSpans;
    this.onGrowth = action;
  }

  private void received(int traces, int spans) {
    tracesReceived.addAndGet(traces);
    spansReceived.addAndGet(spans);
    Runnable action = onGrowth;
    long addedSpans = newSpans.addAndGet(spans);
    if (action != null && (growthEvery > 0 && newTraces.get() >= growthEvery
        || growthSpansEvery > 0 && addedSpans >= growthSpansEvery)) {
      newTraces.set(0);
      newSpans.set(0);
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "retention could not be started", e);
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (MEMORY.equals(location)) {
        // Kept open by DB_CLOSE_DELAY=-1 until told: free its memory.
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
          s.execute("SHUTDOWN");
        } catch (SQLException e) {
          LOG.log(Level.FINE, "database shutdown", e);
        }
      }
      // A file database closes, cleanly, with its last connection.
      pool.dispose();
    } finally {
      writeLock.unlock();
    }
  }

  // --- rows

  /** A trace or span row being merged into. */
  private static final class Row {
    UUID id;
    long seq;
    UUID traceId;
    UUID parentId;
    UUID projectId;
    UUID logStreamId;
    UUID experimentId;
    String type;
    boolean isComplete;
    /** When a trace was first stored complete; null while it is not. */
    Instant completedAt;
    boolean isStub;
    /** When a span first arrived (or was updated) after its trace was complete; null if never. */
    Instant lateAt;
    Instant receivedAt;
    ObjectNode body;
    Set<String> patched;
    /** Whether the row is in the table: saved with UPDATE, else INSERT. */
    boolean stored;

    static Row newTrace(UUID id, long seq, UUID projectId, Instant now) {
      Row r = new Row();
      r.id = id;
      r.seq = seq;
      r.traceId = id;
      r.projectId = projectId;
      r.type = "trace";
      r.receivedAt = now;
      r.body = Json.object();
      r.patched = new LinkedHashSet<>();
      return r;
    }

    static Row newSpan(UUID id, long seq, UUID traceId, UUID projectId, Instant now) {
      Row r = newTrace(id, seq, projectId, now);
      r.traceId = traceId;
      r.type = null;
      return r;
    }
  }

  private static Row loadTrace(Connection c, UUID id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT seq, project_id, log_stream_id,"
        + " experiment_id, is_complete, is_stub, received_at, patched, body, completed_at FROM traces"
        + " WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Row r = new Row();
        r.stored = true;
        r.id = id;
        r.traceId = id;
        r.type = "trace";
        r.seq = rs.getLong(1);
        r.projectId = rs.getObject(2, UUID.class);
        r.logStreamId = rs.getObject(3, UUID.class);
        r.experimentId = rs.getObject(4, UUID.class);
        r.isComplete = rs.getBoolean(5);
        r.isStub = rs.getBoolean(6);
        r.receivedAt = instant(rs, 7);
        r.patched = RecordMerge.decode(rs.getString(8));
        r.body = Json.parseStored(rs.getString(9));
        r.completedAt = instant(rs, 10);
        return r;
      }
    }
  }

  private static Row loadSpan(Connection c, UUID id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT seq, trace_id, parent_id, project_id,"
        + " log_stream_id, experiment_id, type, received_at, patched, body, late_at FROM spans"
        + " WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Row r = new Row();
        r.stored = true;
        r.id = id;
        r.seq = rs.getLong(1);
        r.traceId = rs.getObject(2, UUID.class);
        r.parentId = rs.getObject(3, UUID.class);
        r.projectId = rs.getObject(4, UUID.class);
        r.logStreamId = rs.getObject(5, UUID.class);
        r.experimentId = rs.getObject(6, UUID.class);
        r.type = rs.getString(7);
        r.receivedAt = instant(rs, 8);
        r.patched = RecordMerge.decode(rs.getString(9));
        r.body = Json.parseStored(rs.getString(10));
        r.lateAt = instant(rs, 11);
        return r;
      }
    }
  }

  private static final String TRACE_FIELDS = "seq, project_id, log_stream_id, experiment_id,"
      + " session_id, type, name, created_at, sort_at, duration_ns, status_code, service_name,"
      + " is_complete, is_stub, patched, received_at, updated_at, completed_at, body";
  private static final String SPAN_FIELDS = "seq, trace_id, parent_id, project_id, log_stream_id,"
      + " experiment_id, type, name, created_at, duration_ns, status_code, service_name, patched,"
      + " received_at, updated_at, late_at, body";

  private static void saveTrace(Connection c, Row r, Instant now) throws SQLException {
    saveTrace(c, r, now, null);
  }

  /**
   * Inserts a trace row new in this transaction with the summary of its spans written in it
   * ({@code d}): what {@link #refreshTraces} would have set right after, without reading it back.
   */
  private static void insertTrace(Connection c, Row r, Instant now, Delta d) throws SQLException {
    saveTrace(c, r, now, d != null ? d : new Delta());
  }

  private static void saveTrace(Connection c, Row r, Instant now, Delta d) throws SQLException {
    String sql = r.stored
        ? "UPDATE traces SET " + TRACE_FIELDS.replace(",", " = ?,")
            .replace("sort_at = ?", "sort_at = COALESCE(?, sort_at)") + " = ? WHERE id = ?"
        : "INSERT INTO traces (" + TRACE_FIELDS + ", span_count, services, late_span_count, id) VALUES ("
            + "?, ".repeat(TRACE_FIELDS.split(",").length) + "?, ?, ?, ?)";
    if (r.isComplete && r.completedAt == null) {
      r.completedAt = now;
    }
    try (PreparedStatement s = c.prepareStatement(sql)) {
      Instant created = createdAt(r.body);
      Instant sortAt = created != null || r.stored ? created : r.receivedAt;
      if (created == null && !r.stored && d != null && d.earliest != null && d.earliest.isBefore(sortAt)) {
        sortAt = d.earliest; // a stub sorts by its earliest span
      }
      String service = serviceName(r.body);
      int i = 1;
      s.setLong(i++, r.seq);
      s.setObject(i++, r.projectId);
      s.setObject(i++, r.logStreamId);
      s.setObject(i++, r.experimentId);
      s.setObject(i++, IngestRequests.uuid(r.body.get("session_id")));
      s.setString(i++, "trace");
      s.setString(i++, clip(Json.text(r.body, "name")));
      s.setObject(i++, time(created));
      s.setObject(i++, time(sortAt));
      setLong(s, i++, longAt(r.body.path("metrics").get("duration_ns")));
      setLong(s, i++, longAt(r.body.get("status_code")));
      s.setString(i++, service);
      s.setBoolean(i++, r.isComplete);
      s.setBoolean(i++, r.isStub);
      s.setString(i++, RecordMerge.encode(r.patched));
      s.setObject(i++, time(r.receivedAt));
      s.setObject(i++, time(now));
      s.setObject(i++, time(r.completedAt));
      s.setString(i++, Json.write(r.body));
      if (!r.stored) {
        Set<String> services = new TreeSet<>();
        if (d != null) {
          services.addAll(d.services);
          if (service != null) {
            services.add(service);
          }
        }
        s.setInt(i++, d == null ? 0 : d.newSpans);
        s.setString(i++, String.join("\n", services));
        s.setInt(i++, d == null ? 0 : d.lateSpans);
      }
      s.setObject(i, r.id);
      s.executeUpdate();
    }
    r.stored = true;
  }

  private static void saveSpan(Connection c, Row r, Instant now) throws SQLException {
    String sql = r.stored
        ? "UPDATE spans SET " + SPAN_FIELDS.replace(",", " = ?,") + " = ? WHERE id = ?"
        : "INSERT INTO spans (" + SPAN_FIELDS + ", id) VALUES ("
            + "?, ".repeat(SPAN_FIELDS.split(",").length) + "?)";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      s.setLong(i++, r.seq);
      s.setObject(i++, r.traceId);
      s.setObject(i++, r.parentId);
      s.setObject(i++, r.projectId);
      s.setObject(i++, r.logStreamId);
      s.setObject(i++, r.experimentId);
      s.setString(i++, r.type);
      s.setString(i++, clip(Json.text(r.body, "name")));
      s.setObject(i++, time(createdAt(r.body)));
      setLong(s, i++, longAt(r.body.path("metrics").get("duration_ns")));
      setLong(s, i++, longAt(r.body.get("status_code")));
      s.setString(i++, serviceName(r.body));
      s.setString(i++, RecordMerge.encode(r.patched));
      s.setObject(i++, time(r.receivedAt));
      s.setObject(i++, time(now));
      s.setObject(i++, time(r.lateAt));
      s.setString(i++, Json.write(r.body));
      s.setObject(i, r.id);
      s.executeUpdate();
    }
    r.stored = true;
  }

  private static StoredRecord traceRecord(ResultSet rs, boolean withBody) throws SQLException {
    String services = rs.getString("services");
    return new StoredRecord(
        rs.getObject("id", UUID.class),
        rs.getObject("id", UUID.class),
        null,
        rs.getObject("project_id", UUID.class),
        rs.getObject("log_stream_id", UUID.class),
        rs.getObject("experiment_id", UUID.class),
        rs.getObject("session_id", UUID.class),
        rs.getString("type"),
        rs.getString("name"),
        instant(rs, "created_at"),
        nullableLong(rs, "duration_ns"),
        nullableLong(rs, "status_code"),
        rs.getString("service_name"),
        rs.getBoolean("is_complete"),
        rs.getBoolean("is_stub"),
        rs.getInt("span_count"),
        services == null || services.isEmpty() ? List.of() : Arrays.asList(services.split("\n")),
        instant(rs, "received_at"),
        instant(rs, "updated_at"),
        instant(rs, "completed_at"),
        rs.getInt("late_span_count"),
        null,
        withBody ? Json.parseStored(rs.getString("body")) : null);
  }

  private static StoredRecord spanRecord(ResultSet rs, boolean withBody) throws SQLException {
    String service = rs.getString("service_name");
    return new StoredRecord(
        rs.getObject("id", UUID.class),
        rs.getObject("trace_id", UUID.class),
        rs.getObject("parent_id", UUID.class),
        rs.getObject("project_id", UUID.class),
        rs.getObject("log_stream_id", UUID.class),
        rs.getObject("experiment_id", UUID.class),
        null,
        rs.getString("type"),
        rs.getString("name"),
        instant(rs, "created_at"),
        nullableLong(rs, "duration_ns"),
        nullableLong(rs, "status_code"),
        service,
        false,
        false,
        0,
        service == null ? List.of() : List.of(service),
        instant(rs, "received_at"),
        instant(rs, "updated_at"),
        null,
        0,
        instant(rs, "late_at"),
        withBody ? Json.parseStored(rs.getString("body")) : null);
  }

  // --- projects and log streams, inside a transaction

  private Project ensureProject(Connection c, UUID id) throws SQLException {
    Project p = projectById(c, id);
    if (p != null) {
      return p;
    }
    // An SDK that resolved its project before this console's database was reset still logs by
    // id: keep its records under a project named after the id rather than refuse them.
    String name = id.toString();
    for (int n = 2; projectByName(c, name) != null; n++) {
      name = id + " (" + n + ")";
    }
    return insertProject(c, id, name, "gen_ai");
  }

  private void ensureLogStream(Connection c, UUID projectId, UUID id, Loc loc, Problems p)
      throws SQLException {
    if (id == null) {
      return;
    }
    LogStream s = logStreamById(c, id);
    if (s == null) {
      String name = id.toString();
      List<LogStream> existing = logStreams(c, projectId);
      for (int n = 2; hasName(existing, name); n++) {
        name = id + " (" + n + ")";
      }
      insertLogStream(c, id, projectId, name);
    } else if (!s.projectId().equals(projectId)) {
      p.add(loc, "value_error", "Value error, log stream " + id
          + " belongs to another project, " + s.projectId(), null);
    }
  }

  private static boolean hasName(Collection<LogStream> streams, String name) {
    return streams.stream().anyMatch(s -> s.name().equals(name));
  }

  private Project insertProject(Connection c, UUID id, String name, String type) throws SQLException {
    Instant now = clock.instant();
    try (PreparedStatement s = c.prepareStatement("INSERT INTO projects (id, name, type,"
        + " created_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
      s.setObject(1, id);
      s.setString(2, name);
      s.setString(3, type);
      s.setObject(4, time(now));
      s.setObject(5, time(now));
      s.executeUpdate();
    }
    return new Project(id, name, type, now, now);
  }

  private LogStream insertLogStream(Connection c, UUID id, UUID projectId, String name)
      throws SQLException {
    Instant now = clock.instant();
    try (PreparedStatement s = c.prepareStatement("INSERT INTO log_streams (id, project_id, name,"
        + " created_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
      s.setObject(1, id);
      s.setObject(2, projectId);
      s.setString(3, name);
      s.setObject(4, time(now));
      s.setObject(5, time(now));
      s.executeUpdate();
    }
    return new LogStream(id, projectId, name, now, now);
  }

  private static Project projectById(Connection c, UUID id) throws SQLException {
    return oneProject(c, "SELECT id, name, type, created_at, updated_at FROM projects WHERE id = ?", id);
  }

  private static Project projectByName(Connection c, String name) throws SQLException {
    return oneProject(c, "SELECT id, name, type, created_at, updated_at FROM projects WHERE name = ?", name);
  }

  private static Project oneProject(Connection c, String sql, Object arg) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, arg);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? project(rs) : null;
      }
    }
  }

  private static Project project(ResultSet rs) throws SQLException {
    return new Project(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
        instant(rs, 4), instant(rs, 5));
  }

  private static List<LogStream> logStreams(Connection c, UUID projectId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, project_id, name, created_at,"
        + " updated_at FROM log_streams WHERE project_id = ? ORDER BY created_at, name")) {
      s.setObject(1, projectId);
      List<LogStream> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(logStream(rs));
        }
      }
      return out;
    }
  }

  private static LogStream logStreamById(Connection c, UUID id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, project_id, name, created_at,"
        + " updated_at FROM log_streams WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? logStream(rs) : null;
      }
    }
  }

  private static LogStream logStream(ResultSet rs) throws SQLException {
    return new LogStream(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
        rs.getString(3), instant(rs, 4), instant(rs, 5));
  }

  // --- values

  /**
   * The next record sequence number. The database sequence hands out blocks (its value v is the
   * block [v * SEQ_BLOCK, v * SEQ_BLOCK + SEQ_BLOCK)), so numbers keep growing across restarts and
   * above those of earlier versions, which took one value a record, for one query per block.
   */
  private long nextSeq(Connection c) throws SQLException {
    if (seqNext >= seqEnd) {
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("VALUES NEXT VALUE FOR record_seq")) {
        rs.next();
        seqNext = rs.getLong(1) * SEQ_BLOCK;
        seqEnd = seqNext + SEQ_BLOCK;
      }
    }
    return seqNext++;
  }

  private static Instant createdAt(ObjectNode body) {
    return Timestamps.parse(Json.text(body, "created_at"));
  }

  static String serviceName(ObjectNode body) {
    JsonNode v = body.path("user_metadata").get("service.name");
    return v != null && v.isValueNode() && !v.isNull() && !v.asText().isEmpty()
        ? clip(v.asText()) : null;
  }

  private static Long longAt(JsonNode v) {
    return v != null && v.isNumber() && v.canConvertToLong() ? v.asLong() : null;
  }

  private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.BIGINT);
    } else {
      s.setLong(i, v);
    }
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static String clip(String s) {
    return s == null || s.length() <= MAX_COLUMN_CHARS ? s : s.substring(0, MAX_COLUMN_CHARS);
  }

  private static OffsetDateTime time(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  // --- transactions

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T write(Work<T> work) {
    writeLock.lock();
    try {
      ensureOpen();
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException | Error e) {
          pendingRows = -1;
          try {
            c.rollback();
          } catch (SQLException rollback) {
            e.addSuppressed(rollback);
          }
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        throw new StorageException(e);
      }
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T read(Work<T> work) {
    ensureOpen();
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StorageException(e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException(new SQLException("the console's database is closed"));
    }
  }

  private void changed(Set<UUID> traceIds, Map<UUID, UUID> spanIds) {
    if (traceIds.isEmpty()) {
      return;
    }
    try {
      listener.recordsChanged(Set.copyOf(traceIds), Map.copyOf(spanIds));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "storage listener failed", e);
    }
  }

  /** The database failed: answered with 500, never shown as the client's fault. */
  public static final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StorageException(SQLException cause) {
      super("database error: " + cause.getMessage(), cause);
    }
  }
}
