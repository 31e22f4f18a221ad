package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.obj;
import static ai.galileo.tracing.console.Api.ok;
import static ai.galileo.tracing.console.Records.span;
import static ai.galileo.tracing.console.Records.spansIngest;
import static ai.galileo.tracing.console.Records.trace;
import static ai.galileo.tracing.console.Records.tracesIngest;
import static ai.galileo.tracing.console.Records.withSpans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database file: it survives restarts, is migrated on start, and is kept within bounds. */
class StorageTest {
  @TempDir
  Path dir;

  GalileoConsole.Builder fileConsole(Path db) {
    return RunningConsole.defaults().database(db.toString());
  }

  @Test
  void tracesProjectsAndPendingUpdatesSurviveARestart() throws Exception {
    Path db = dir.resolve("console.mv.db");
    UUID project;
    UUID stream;
    UUID traceId = UUID.randomUUID();
    UUID spanId = UUID.randomUUID();
    UUID early = UUID.randomUUID();
    try (GalileoConsole console = fileConsole(db).start()) {
      Api api = Api.of(console, "/v2");
      project = api.project("rag-demo");
      stream = api.logStream(project, "default");
      ok(api.post("/projects/" + project + "/traces", tracesIngest(stream, false,
          withSpans(trace(traceId, "before restart"), span("tool", spanId, "kept", "svc")))));
      ok(api.patch("/projects/" + project + "/spans/" + early,
          obj("span_id", early.toString(), "output", "waited across a restart")));
      assertThat(console.databaseLocation()).isEqualTo(db.toString());
    }
    assertThat(Files.exists(db)).isTrue();
    try (GalileoConsole console = fileConsole(db).start()) {
      Api api = Api.of(console, "");
      assertThat(api.project("rag-demo")).isEqualTo(project);
      assertThat(api.logStream(project, "default")).isEqualTo(stream);
      JsonNode t = ok(api.get("/projects/" + project + "/traces/" + traceId)).json();
      assertThat(t.path("name").asText()).isEqualTo("before restart");
      assertThat(t.path("spans").get(0).path("name").asText()).isEqualTo("kept");
      ok(api.post("/projects/" + project + "/spans", spansIngest(stream, traceId, traceId,
          span("tool", early, "late span", "svc"))));
      assertThat(ok(api.get("/projects/" + project + "/spans/" + early)).path("output").asText())
          .isEqualTo("waited across a restart");
    }
  }

  @Test
  void aDatabaseGivenWithoutTheH2EndingIsTheSameFile() throws Exception {
    Path db = dir.resolve("sub/dir/traces");
    try (GalileoConsole console = fileConsole(db).start()) {
      Api.of(console, "").project("p");
      assertThat(console.databaseLocation()).isEqualTo(db + ".mv.db");
    }
    try (GalileoConsole console = fileConsole(dir.resolve("sub/dir/traces.mv.db")).start()) {
      assertThat(ok(Api.of(console, "").get("/projects?project_name=p")).json()).hasSize(1);
    }
  }

  @Test
  void theSchemaIsCreatedOnceAndADatabaseFromANewerConsoleIsRefused() throws Exception {
    Path db = dir.resolve("schema");
    try (GalileoConsole console = fileConsole(db).start()) {
      Api.of(console, "").project("p");
    }
    try (GalileoConsole console = fileConsole(db).start()) {
      assertThat(ok(Api.of(console, "").get("/projects")).json()).hasSize(1);
    }
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db, "sa", "");
         Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE console_schema SET version = 999");
    }
    assertThatThrownBy(() -> fileConsole(db).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("newer");
  }

  @Test
  void retentionKeepsTheNewestTracesUpToTheLimit() throws Exception {
    try (GalileoConsole console = RunningConsole.defaults().maxTraces(3).start()) {
      Api api = Api.of(console, "/v2");
      UUID project = api.project("p");
      UUID[] ids = new UUID[5];
      for (int i = 0; i < 5; i++) {
        ids[i] = UUID.randomUUID();
        ok(api.post("/projects/" + project + "/traces", tracesIngest(null, true,
            withSpans(trace(ids[i], "t" + i), span("tool", UUID.randomUUID(), "s", "svc")))));
      }
      assertThat(console.pruneNow()).isEqualTo(2);
      assertThat(api.get("/projects/" + project + "/traces/" + ids[0]).status()).isEqualTo(404);
      assertThat(api.get("/projects/" + project + "/traces/" + ids[1]).status()).isEqualTo(404);
      for (int i = 2; i < 5; i++) {
        assertThat(api.get("/projects/" + project + "/traces/" + ids[i]).status()).isEqualTo(200);
      }
      JsonNode list = ok(api.withPrefix("").get("/api/traces")).path("traces");
      assertThat(list).hasSize(3);
      assertThat(console.pruneNow()).isZero();
    }
  }

  @Test
  void retentionDropsTracesAndWaitingUpdatesOlderThanTheMaximumAge() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T00:00:00Z"));
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    try (GalileoConsole console = RunningConsole.defaults().clock(clock).maxAge(Duration.ofDays(7))
        .retentionInterval(Duration.ofHours(1)).start()) {
      Api api = Api.of(console, "/v2");
      UUID project = api.project("p");
      UUID old = UUID.randomUUID();
      ok(api.post("/projects/" + project + "/traces", tracesIngest(null, true, trace(old, "old"))));
      UUID waiting = UUID.randomUUID();
      ok(api.patch("/projects/" + project + "/spans/" + waiting,
          obj("span_id", waiting.toString(), "output", "never")));
      now.set(now.get().plus(Duration.ofDays(6)));
      UUID recent = UUID.randomUUID();
      ok(api.post("/projects/" + project + "/traces", tracesIngest(null, true, trace(recent, "recent"))));
      now.set(now.get().plus(Duration.ofDays(2)));

      assertThat(console.pruneNow()).isEqualTo(1);
      assertThat(api.get("/projects/" + project + "/traces/" + old).status()).isEqualTo(404);
      assertThat(api.get("/projects/" + project + "/traces/" + recent).status()).isEqualTo(200);
      // The update for a span that never came is gone: a span arriving now starts fresh.
      ok(api.post("/projects/" + project + "/spans", spansIngest(null, recent, recent,
          span("tool", waiting, "s", "svc"))));
      assertThat(ok(api.get("/projects/" + project + "/spans/" + waiting)).path("output").isMissingNode())
          .isTrue();
    }
  }

  @Test
  void retentionRunsPeriodicallyWithoutBeingAsked() throws Exception {
    try (GalileoConsole console = RunningConsole.defaults().maxTraces(1)
        .retentionInterval(Duration.ofMillis(50)).start()) {
      Api api = Api.of(console, "/v2");
      UUID project = api.project("p");
      for (int i = 0; i < 3; i++) {
        ok(api.post("/projects/" + project + "/traces", tracesIngest(null, true,
            trace(UUID.randomUUID(), "t" + i))));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      List<?> left;
      do {
        Thread.sleep(20);
        left = Api.JSON.convertValue(ok(api.withPrefix("").get("/api/traces")).path("traces"), List.class);
      } while (left.size() > 1 && System.nanoTime() < deadline);
      assertThat(left).hasSize(1);
    }
  }
}
