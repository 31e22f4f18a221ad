package ai.galileo.tracing.console.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which ids of one ingest request are stored already, as traces (and whether complete) or as
 * spans: looked up a few dozen ids a query, instead of two or three primary-key queries a record,
 * and kept in step with what the transaction writes. Almost every id an SDK sends is new, so most
 * records then need no query of their own at all.
 */
final class KnownRecords {
  /** Ids a query; the statement always has this many parameters, so H2 parses it once. */
  private static final int CHUNK = 64;
  private static final String IN = "(" + "?, ".repeat(CHUNK - 1) + "?)";

  private final Set<UUID> spans = new HashSet<>();
  /** Trace id to whether it is complete. */
  private final Map<UUID, Boolean> traces = new HashMap<>();

  private KnownRecords() {}

  /** Looks up which of {@code ids} are stored traces and which are stored spans. */
  static KnownRecords lookUp(Connection c, Collection<UUID> ids) throws SQLException {
    KnownRecords known = new KnownRecords();
    List<UUID> all = new ArrayList<>(new HashSet<>(ids));
    if (all.isEmpty()) {
      return known;
    }
    try (PreparedStatement t = c.prepareStatement("SELECT id, is_complete FROM traces WHERE id IN " + IN);
         PreparedStatement s = c.prepareStatement("SELECT id FROM spans WHERE id IN " + IN)) {
      for (int from = 0; from < all.size(); from += CHUNK) {
        bind(t, all, from);
        try (ResultSet rs = t.executeQuery()) {
          while (rs.next()) {
            known.traces.put(rs.getObject(1, UUID.class), rs.getBoolean(2));
          }
        }
        bind(s, all, from);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            known.spans.add(rs.getObject(1, UUID.class));
          }
        }
      }
    }
    return known;
  }

  /** Binds a chunk of ids, the last one repeated to fill the statement's parameters. */
  private static void bind(PreparedStatement s, List<UUID> ids, int from) throws SQLException {
    int last = Math.min(from + CHUNK, ids.size()) - 1;
    for (int i = 0; i < CHUNK; i++) {
      s.setObject(i + 1, ids.get(Math.min(from + i, last)));
    }
  }

  boolean isSpan(UUID id) {
    return spans.contains(id);
  }

  /** Whether a trace (or a stub of one) is stored with this id. */
  boolean isTrace(UUID id) {
    return traces.containsKey(id);
  }

  /** Whether the trace was stored complete before this request. */
  boolean isComplete(UUID id) {
    return Boolean.TRUE.equals(traces.get(id));
  }

  void addSpan(UUID id) {
    spans.add(id);
  }

  /** A trace the transaction wrote; whether it was complete before the request stays as looked up. */
  void addTrace(UUID id) {
    traces.putIfAbsent(id, Boolean.FALSE);
  }
}
