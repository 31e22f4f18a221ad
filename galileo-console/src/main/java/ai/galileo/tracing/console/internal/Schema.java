package ai.galileo.tracing.console.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database schema, as an ordered list of migrations. On start the console applies those the
 * database has not had yet and records the version reached; a database written by a newer console
 * is refused rather than misread. H2 commits each DDL statement as it runs, so every statement is
 * written to be re-run safely ({@code IF NOT EXISTS}): a migration cut short by a crash is simply
 * applied again on the next start.
 *
 * <p>Records are stored flat: one row per trace and one per span, each with its merged JSON
 * ({@code body}) and the columns the console queries by. A PATCH for a record not seen yet waits
 * in {@code pending_updates} until the record arrives.
 */
final class Schema {
  /**
   * Migration N (1-based) takes a database from version N-1 to N. Never edit one that was
   * released: add one.
   */
  static final List<List<String>> MIGRATIONS = List.of(
      List.of(
          """
          CREATE TABLE IF NOT EXISTS projects (
            id UUID PRIMARY KEY,
            name VARCHAR(1000) NOT NULL,
            type VARCHAR(64),
            created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
            updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
            CONSTRAINT projects_name UNIQUE (name)
          )""",
          """
          CREATE TABLE IF NOT EXISTS log_streams (
            id UUID PRIMARY KEY,
            project_id UUID NOT NULL REFERENCES projects (id),
            name VARCHAR(1000) NOT NULL,
            created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
            updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
            CONSTRAINT log_streams_name UNIQUE (project_id, name)
          )""",
          """
          CREATE TABLE IF NOT EXISTS sessions (
            id UUID PRIMARY KEY,
            project_id UUID NOT NULL,
            log_stream_id UUID,
            name VARCHAR(1000),
            external_id VARCHAR(1000),
            previous_session_id UUID,
            created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
            body CHARACTER LARGE OBJECT NOT NULL
          )""",
          """
          CREATE TABLE IF NOT EXISTS traces (
            id UUID PRIMARY KEY,
            seq BIGINT NOT NULL,
            project_id UUID NOT NULL,
            log_stream_id UUID,
            experiment_id UUID,
            session_id UUID,
            type VARCHAR(32) NOT NULL,
            name VARCHAR(1000),
            created_at TIMESTAMP(6) WITH TIME ZONE,
            sort_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
            duration_ns BIGINT,
            status_code BIGINT,
            service_name VARCHAR(1000),
            is_complete BOOLEAN NOT NULL,
            is_stub BOOLEAN NOT NULL,
            span_count INT NOT NULL,
            services VARCHAR(100000) NOT NULL,
            patched VARCHAR(100000) NOT NULL,
            received_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
            updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
            body CHARACTER LARGE OBJECT NOT NULL
          )""",
          "CREATE INDEX IF NOT EXISTS traces_sort ON traces (sort_at DESC, seq DESC)",
          "CREATE INDEX IF NOT EXISTS traces_seq ON traces (seq)",
          "CREATE INDEX IF NOT EXISTS traces_received ON traces (received_at)",
          "CREATE INDEX IF NOT EXISTS traces_project ON traces (project_id, log_stream_id)",
          """
          CREATE TABLE IF NOT EXISTS spans (
            id UUID PRIMARY KEY,
            seq BIGINT NOT NULL,
            trace_id UUID NOT NULL,
            parent_id UUID,
            project_id UUID NOT NULL,
            log_stream_id UUID,
            experiment_id UUID,
            type VARCHAR(32) NOT NULL,
            name VARCHAR(1000),
            created_at TIMESTAMP(6) WITH TIME ZONE,
            duration_ns BIGINT,
            status_code BIGINT,
            service_name VARCHAR(1000),
            patched VARCHAR(100000) NOT NULL,
            received_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
            updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
            body CHARACTER LARGE OBJECT NOT NULL
          )""",
          "CREATE INDEX IF NOT EXISTS spans_trace ON spans (trace_id)",
          """
          CREATE TABLE IF NOT EXISTS pending_updates (
            seq BIGINT NOT NULL PRIMARY KEY,
            target_id UUID NOT NULL,
            kind VARCHAR(8) NOT NULL,
            project_id UUID NOT NULL,
            received_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
            is_complete BOOLEAN,
            body CHARACTER LARGE OBJECT NOT NULL
          )""",
          "CREATE INDEX IF NOT EXISTS pending_target ON pending_updates (target_id)",
          "CREATE INDEX IF NOT EXISTS pending_received ON pending_updates (received_at)",
          "CREATE SEQUENCE IF NOT EXISTS record_seq"),
      // 2: Galileo refuses spans for a trace once it is complete; the console marks them. When a
      // trace became complete, how many of its spans came late, and when a span first did.
      List.of(
          "ALTER TABLE traces ADD COLUMN IF NOT EXISTS completed_at TIMESTAMP(6) WITH TIME ZONE",
          "ALTER TABLE traces ADD COLUMN IF NOT EXISTS late_span_count INT DEFAULT 0 NOT NULL",
          "ALTER TABLE spans ADD COLUMN IF NOT EXISTS late_at TIMESTAMP(6) WITH TIME ZONE",
          // Traces completed before the column: their last change is the best guess there is.
          "UPDATE traces SET completed_at = updated_at WHERE is_complete AND completed_at IS NULL"));

  private Schema() {}

  static int latest() {
    return MIGRATIONS.size();
  }

  /**
   * Brings the database to the latest version.
   *
   * @return the version the database had before
   * @throws IllegalStateException when the database is newer than this console
   */
  static int migrate(Connection c) throws SQLException {
    int version = currentVersion(c);
    if (version > latest()) {
      throw new IllegalStateException("the database has schema version " + version
          + ", newer than this console's " + latest() + ": use a newer galileo-console");
    }
    for (int v = version; v < latest(); v++) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : MIGRATIONS.get(v)) {
          s.execute(sql);
        }
        s.executeUpdate("UPDATE console_schema SET version = " + (v + 1));
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    return version;
  }

  static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS console_schema (version INT NOT NULL)");
      try (ResultSet rs = s.executeQuery("SELECT version FROM console_schema")) {
        if (rs.next()) {
          return rs.getInt(1);
        }
      }
      s.executeUpdate("INSERT INTO console_schema (version) VALUES (0)");
      return 0;
    }
  }
}
