package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.obj;
import static ai.galileo.tracing.console.Api.ok;
import static ai.galileo.tracing.console.Records.span;
import static ai.galileo.tracing.console.Records.spansIngest;
import static ai.galileo.tracing.console.Records.trace;
import static ai.galileo.tracing.console.Records.tracesIngest;
import static ai.galileo.tracing.console.Records.withSpans;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Galileo refuses a span sent for a trace that is already complete ("Trace is marked as
 * complete"). The console keeps such a span and marks it late, so the loss shows; with
 * {@code --strict} it refuses it the same way Galileo does.
 */
class LateSpansTest {
  static final String REASON = "arrived after the trace was complete: Galileo rejects this";

  /** What every test here needs: a project, a log stream, and shortcuts to post and read. */
  abstract static class Base {
    Api api;
    UUID project;
    UUID stream;

    abstract RunningConsole console();

    @BeforeEach
    void setUp() {
      api = console().v2();
      project = api.project("late");
      stream = api.logStream(project, "default");
    }

    Api.Answer postTraces(Object body) {
      return api.post("/projects/" + project + "/traces", body);
    }

    Api.Answer postSpans(Object body) {
      return api.post("/projects/" + project + "/spans", body);
    }

    Api.Answer patchTrace(UUID traceId, Object... fields) {
      Object[] kv = new Object[fields.length + 2];
      kv[0] = "trace_id";
      kv[1] = traceId.toString();
      System.arraycopy(fields, 0, kv, 2, fields.length);
      return api.patch("/projects/" + project + "/traces/" + traceId, obj(kv));
    }

    Api.Answer patchSpan(UUID spanId, Object... fields) {
      Object[] kv = new Object[fields.length + 2];
      kv[0] = "span_id";
      kv[1] = spanId.toString();
      System.arraycopy(fields, 0, kv, 2, fields.length);
      return api.patch("/projects/" + project + "/spans/" + spanId, obj(kv));
    }

    /** The trace as the web view reads it: {@code {"trace": ..., "spans": [...]}}. */
    JsonNode view(UUID traceId) {
      return ok(console().bare().get("/api/traces/" + traceId)).json();
    }

    static JsonNode spanIn(JsonNode view, UUID spanId) {
      for (JsonNode s : view.path("spans")) {
        if (s.path("id").asText().equals(spanId.toString())) {
          return s;
        }
      }
      throw new AssertionError("no span " + spanId + " in " + view);
    }
  }

  @Nested
  class ByDefault extends Base {
    @RegisterExtension
    final RunningConsole console = RunningConsole.inMemory();

    @Override
    RunningConsole console() {
      return console;
    }

    @Test
    void aSpanPostedAfterTheTraceWasCompletedIsKeptAndMarkedLate() {
      UUID traceId = UUID.randomUUID();
      UUID early = UUID.randomUUID();
      UUID late = UUID.randomUUID();
      ok(postTraces(tracesIngest(stream, false, trace(traceId, "t"))));
      ok(postSpans(spansIngest(stream, traceId, traceId, span("tool", early, "on time", "svc"))));
      assertThat(view(traceId).path("trace").path("completed_at").isNull()).as("not complete yet").isTrue();
      ok(patchTrace(traceId, "is_complete", true, "output", "answer"));

      ok(postSpans(spansIngest(stream, traceId, traceId, span("tool", late, "after the end", "audit"))));

      JsonNode v = view(traceId);
      assertThat(v.path("trace").path("is_complete").asBoolean()).isTrue();
      assertThat(v.path("trace").path("completed_at").asText()).isNotEmpty();
      assertThat(v.path("trace").path("late_span_count").asInt()).isEqualTo(1);
      JsonNode marked = spanIn(v, late);
      assertThat(marked.path("late").asBoolean()).isTrue();
      assertThat(marked.path("late_reason").asText()).isEqualTo(REASON);
      assertThat(marked.path("late_at").asText()).isNotEmpty();
      assertThat(marked.path("record").path("name").asText()).as("kept whole").isEqualTo("after the end");
      JsonNode onTime = spanIn(v, early);
      assertThat(onTime.path("late").asBoolean()).isFalse();
      assertThat(onTime.path("late_reason").isNull()).isTrue();
      JsonNode listed = ok(console.bare().get("/api/traces")).path("traces").get(0);
      assertThat(listed.path("late_span_count").asInt()).isEqualTo(1);
    }

    @Test
    void spansNestedInALaterPostOfACompleteTraceAreLateAndThoseThatCameWithTheCompletionAreNot() {
      UUID traceId = UUID.randomUUID();
      UUID withCompletion = UUID.randomUUID();
      UUID reposted = UUID.randomUUID();
      ok(postTraces(tracesIngest(stream, true,
          withSpans(trace(traceId, "t"), span("workflow", withCompletion, "first", "svc")))));
      ok(postTraces(tracesIngest(stream, true,
          withSpans(trace(traceId, "t"), span("workflow", reposted, "second", "svc")))));

      JsonNode v = view(traceId);
      assertThat(spanIn(v, withCompletion).path("late").asBoolean()).isFalse();
      assertThat(spanIn(v, reposted).path("late").asBoolean()).isTrue();
      assertThat(v.path("trace").path("late_span_count").asInt()).isEqualTo(1);
    }

    @Test
    void anUpdateOfASpanPostedBeforeTheCompletionIsLateWhenItComesAfterIt() {
      UUID traceId = UUID.randomUUID();
      UUID spanId = UUID.randomUUID();
      ok(postTraces(tracesIngest(stream, false, trace(traceId, "t"))));
      ok(postSpans(spansIngest(stream, traceId, traceId, span("tool", spanId, "slow tool", "svc"))));
      ok(patchTrace(traceId, "is_complete", true));
      assertThat(spanIn(view(traceId), spanId).path("late").asBoolean()).isFalse();

      ok(patchSpan(spanId, "output", "finally", "duration_ns", 5));

      JsonNode v = view(traceId);
      JsonNode s = spanIn(v, spanId);
      assertThat(s.path("late").asBoolean()).isTrue();
      assertThat(s.path("late_reason").asText()).isEqualTo(REASON);
      assertThat(s.path("record").path("output").asText()).isEqualTo("finally");
      assertThat(v.path("trace").path("late_span_count").asInt()).isEqualTo(1);
      // Late once is late: a second late update does not count it twice.
      ok(patchSpan(spanId, "output", "again"));
      assertThat(view(traceId).path("trace").path("late_span_count").asInt()).isEqualTo(1);
    }

    @Test
    void aRepeatedCompletionOrALaterUpdateOfTheTraceItselfIsNoSpanAndIsApplied() {
      UUID traceId = UUID.randomUUID();
      ok(postTraces(tracesIngest(stream, true, trace(traceId, "t"))));
      String completedAt = view(traceId).path("trace").path("completed_at").asText();
      ok(patchTrace(traceId, "is_complete", true, "output", "the final answer"));
      JsonNode t = view(traceId).path("trace");
      assertThat(t.path("record").path("output").asText()).isEqualTo("the final answer");
      assertThat(t.path("late_span_count").asInt()).isZero();
      assertThat(t.path("completed_at").asText()).as("completed once").isEqualTo(completedAt);
    }

    @Test
    void spansThatArriveBeforeTheirTraceIsCompletedAreNeverLate() {
      UUID traceId = UUID.randomUUID();
      UUID before = UUID.randomUUID();
      // Before the trace's own record (kept under a stub), then the trace completes.
      ok(postSpans(spansIngest(stream, traceId, traceId, span("tool", before, "early", "retrieval"))));
      ok(postTraces(tracesIngest(stream, true, trace(traceId, "t"))));
      JsonNode v = view(traceId);
      assertThat(spanIn(v, before).path("late").asBoolean()).isFalse();
      assertThat(v.path("trace").path("late_span_count").asInt()).isZero();
    }

    @Test
    void theLiveFeedCarriesTheMark() throws Exception {
      UUID traceId = UUID.randomUUID();
      ok(postTraces(tracesIngest(stream, true, trace(traceId, "t"))));
      LiveUpdatesTest.Client client = LiveUpdatesTest.Client.connect(
          URI.create("ws://127.0.0.1:" + console.console().livePort() + "/live"),
          "http://127.0.0.1:" + console.console().port());
      try {
        client.send("{\"subscribe\": \"" + traceId + "\"}");
        client.await(m -> m.path("type").asText().equals("subscribed"));
        UUID late = UUID.randomUUID();
        ok(postSpans(spansIngest(stream, traceId, traceId, span("tool", late, "late", "svc"))));
        JsonNode s = client.await(m -> m.path("type").asText().equals("span"));
        assertThat(s.path("span").path("id").asText()).isEqualTo(late.toString());
        assertThat(s.path("span").path("late").asBoolean()).isTrue();
        assertThat(s.path("span").path("late_reason").asText()).isEqualTo(REASON);
        client.await(m -> m.path("type").asText().equals("trace")
            && m.path("trace").path("late_span_count").asInt() == 1);
      } finally {
        client.close();
      }
    }

    @Test
    void galileosOwnTraceRecordIsUnchangedByTheMark() {
      UUID traceId = UUID.randomUUID();
      UUID late = UUID.randomUUID();
      ok(postTraces(tracesIngest(stream, true, trace(traceId, "t"))));
      ok(postSpans(spansIngest(stream, traceId, traceId, span("tool", late, "late", "svc"))));
      JsonNode s = ok(api.get("/projects/" + project + "/spans/" + late)).json();
      assertThat(s.has("late")).as("the /v2 records keep Galileo's shape").isFalse();
    }
  }

  @Nested
  class Strict extends Base {
    @RegisterExtension
    final RunningConsole console = RunningConsole.with(b -> b.strict(true));

    @Override
    RunningConsole console() {
      return console;
    }

    static void assertRefused(Api.Answer a) {
      assertThat(a.status()).as(a.toString()).isEqualTo(400);
      assertThat(a.raw().headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(a.json()).isEqualTo(Api.parse("{\"detail\": \"Trace is marked as complete\"}"));
    }

    @Test
    void aSpanForACompleteTraceIsRefusedAsGalileoRefusesItAndNothingIsStored() {
      UUID traceId = UUID.randomUUID();
      ok(postTraces(tracesIngest(stream, true, trace(traceId, "t"))));
      UUID late = UUID.randomUUID();

      assertRefused(postSpans(spansIngest(stream, traceId, traceId, span("tool", late, "late", "svc"))));

      assertThat(api.get("/projects/" + project + "/spans/" + late).status()).isEqualTo(404);
      assertThat(view(traceId).path("spans")).isEmpty();
      assertThat(view(traceId).path("trace").path("span_count").asInt()).isZero();
    }

    @Test
    void aRequestWithOneLateSpanIsRefusedWhole() {
      UUID complete = UUID.randomUUID();
      ok(postTraces(tracesIngest(stream, true, trace(complete, "done"))));
      UUID fresh = UUID.randomUUID();
      UUID freshSpan = UUID.randomUUID();
      UUID lateSpan = UUID.randomUUID();
      Api.Answer a = postTraces(tracesIngest(stream, false,
          withSpans(trace(fresh, "new"), span("tool", freshSpan, "fine", "svc")),
          withSpans(trace(complete, "done"), span("tool", lateSpan, "late", "svc"))));

      assertRefused(a);
      assertThat(console.bare().get("/api/traces/" + fresh).status()).as("not stored").isEqualTo(404);
      assertThat(api.get("/projects/" + project + "/spans/" + freshSpan).status()).isEqualTo(404);
      assertThat(api.get("/projects/" + project + "/spans/" + lateSpan).status()).isEqualTo(404);
    }

    @Test
    void theUpdateOfASpanPostedBeforeTheCompletionIsRefusedAfterIt() {
      UUID traceId = UUID.randomUUID();
      UUID spanId = UUID.randomUUID();
      ok(postTraces(tracesIngest(stream, false, trace(traceId, "t"))));
      ok(postSpans(spansIngest(stream, traceId, traceId, span("tool", spanId, "slow tool", "svc"))));
      ok(patchTrace(traceId, "is_complete", true));

      assertRefused(patchSpan(spanId, "output", "too late"));

      JsonNode s = spanIn(view(traceId), spanId);
      assertThat(s.path("record").has("output")).isFalse();
      assertThat(s.path("late").asBoolean()).isFalse();
    }

    @Test
    void whatComesBeforeTheCompletionAndTheTracesOwnUpdatesAreAccepted() {
      UUID traceId = UUID.randomUUID();
      UUID spanId = UUID.randomUUID();
      ok(postSpans(spansIngest(stream, traceId, traceId, span("tool", spanId, "early", "svc"))));
      ok(postTraces(tracesIngest(stream, true,
          withSpans(trace(traceId, "t"), span("llm", UUID.randomUUID(), "with it", "svc")))));
      ok(patchTrace(traceId, "is_complete", true, "output", "repeated completion"));
      JsonNode v = view(traceId);
      assertThat(v.path("spans")).hasSize(2);
      assertThat(v.path("trace").path("record").path("output").asText()).isEqualTo("repeated completion");
    }
  }

  @Nested
  class AcrossRestarts {
    @TempDir
    Path dir;

    @Test
    void theMarksSurviveARestartAndADatabaseFromBeforeThemIsMigrated() throws Exception {
      Path db = dir.resolve("late");
      UUID project;
      UUID done = UUID.randomUUID();
      UUID old = UUID.randomUUID();
      try (GalileoConsole c = RunningConsole.defaults().database(db.toString()).start()) {
        Api api = Api.of(c, "");
        project = api.project("p");
        ok(api.post("/projects/" + project + "/traces", tracesIngest(null, true, trace(old, "old"))));
      }
      // As the first schema had it: no completion time, no late marks.
      try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db, "sa", "");
           Statement s = c.createStatement()) {
        s.executeUpdate("ALTER TABLE traces DROP COLUMN completed_at");
        s.executeUpdate("ALTER TABLE traces DROP COLUMN late_span_count");
        s.executeUpdate("ALTER TABLE spans DROP COLUMN late_at");
        s.executeUpdate("UPDATE console_schema SET version = 1");
      }
      Map<UUID, UUID> lateByTrace = new HashMap<>();
      try (GalileoConsole c = RunningConsole.defaults().database(db.toString()).start()) {
        Api api = Api.of(c, "");
        assertThat(ok(api.get("/api/traces/" + old)).path("trace").path("completed_at").asText())
            .as("a guess for traces completed before").isNotEmpty();
        ok(api.post("/projects/" + project + "/traces", tracesIngest(null, true, trace(done, "done"))));
        for (UUID t : new UUID[] {old, done}) {
          UUID s = UUID.randomUUID();
          lateByTrace.put(t, s);
          ok(api.post("/projects/" + project + "/spans", spansIngest(null, t, t, span("tool", s, "late", "svc"))));
        }
      }
      try (GalileoConsole c = RunningConsole.defaults().database(db.toString()).start()) {
        Api api = Api.of(c, "");
        for (UUID t : new UUID[] {old, done}) {
          JsonNode v = ok(api.get("/api/traces/" + t)).json();
          assertThat(v.path("trace").path("late_span_count").asInt()).isEqualTo(1);
          assertThat(Base.spanIn(v, lateByTrace.get(t)).path("late").asBoolean()).isTrue();
        }
      }
    }
  }
}
