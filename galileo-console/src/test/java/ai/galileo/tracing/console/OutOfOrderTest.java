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
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Distributed traces arrive out of order: spans before their trace, an update before the ingest
 * it updates, a trace re-posted with more spans, spans after the trace was completed. All are
 * accepted and merged by id; nothing is replaced or lost. (Spans after the completion are marked
 * late, as Galileo refuses them; with --strict the console refuses them too: LateSpansTest.)
 */
class OutOfOrderTest {
  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  Api api;
  UUID project;
  UUID stream;

  @BeforeEach
  void setUp() {
    api = console.v2();
    project = api.project("rag-demo");
    stream = api.logStream(project, "default");
  }

  JsonNode getTrace(UUID id) {
    return ok(api.get("/projects/" + project + "/traces/" + id)).json();
  }

  JsonNode getSpan(UUID id) {
    return ok(api.get("/projects/" + project + "/spans/" + id)).json();
  }

  void postTraces(ObjectNode body) {
    ok(api.post("/projects/" + project + "/traces", body));
  }

  void postSpans(ObjectNode body) {
    ok(api.post("/projects/" + project + "/spans", body));
  }

  @Test
  void spansThatArriveBeforeTheirTraceAreKeptUnderAStubThatTheTraceFillsIn() {
    UUID traceId = UUID.randomUUID();
    UUID server = UUID.randomUUID();
    postSpans(spansIngest(stream, traceId, traceId, span("workflow", server, "POST /retrieve", "retrieval")));

    JsonNode stub = getTrace(traceId);
    assertThat(stub.path("type").asText()).isEqualTo("stub_trace");
    assertThat(stub.path("id").asText()).isEqualTo(traceId.toString());
    assertThat(stub.path("spans").get(0).path("id").asText()).isEqualTo(server.toString());

    postTraces(tracesIngest(stream, true, trace(traceId, "answer question")));
    JsonNode t = getTrace(traceId);
    assertThat(t.path("type").asText()).isEqualTo("trace");
    assertThat(t.path("name").asText()).isEqualTo("answer question");
    assertThat(t.path("num_spans").asInt()).isEqualTo(1);
    assertThat(t.path("spans").get(0).path("name").asText()).isEqualTo("POST /retrieve");
  }

  @Test
  void aSpanWhoseParentSpanHasNotArrivedIsShownUnderTheTraceUntilItDoes() {
    UUID traceId = UUID.randomUUID();
    UUID parent = UUID.randomUUID();
    UUID child = UUID.randomUUID();
    postTraces(tracesIngest(stream, false, trace(traceId, "t")));
    postSpans(spansIngest(stream, traceId, parent, span("tool", child, "late parent", "retrieval")));
    assertThat(getTrace(traceId).path("spans").get(0).path("id").asText()).isEqualTo(child.toString());

    postSpans(spansIngest(stream, traceId, traceId, span("workflow", parent, "parent", "orchestrator")));
    JsonNode top = getTrace(traceId).path("spans");
    assertThat(top).hasSize(1);
    assertThat(top.get(0).path("id").asText()).isEqualTo(parent.toString());
    assertThat(top.get(0).path("spans").get(0).path("id").asText()).isEqualTo(child.toString());
  }

  @Test
  void aSpanUpdateThatArrivesBeforeItsSpanIsAppliedWhenTheSpanArrives() {
    UUID traceId = UUID.randomUUID();
    UUID spanId = UUID.randomUUID();
    postTraces(tracesIngest(stream, false, trace(traceId, "t")));
    ok(api.patch("/projects/" + project + "/spans/" + spanId, obj("span_id", spanId.toString(),
        "output", "the answer", "status_code", 200, "duration_ns", 42, "tags", List.of("late"))));
    assertThat(api.get("/projects/" + project + "/spans/" + spanId).status()).isEqualTo(404);

    ObjectNode start = span("tool", spanId, "lookup", "retrieval");
    start.putArray("tags").add("early");
    postSpans(spansIngest(stream, traceId, traceId, start));
    JsonNode s = getSpan(spanId);
    assertThat(s.path("output").asText()).isEqualTo("the answer");
    assertThat(s.path("status_code").asInt()).isEqualTo(200);
    assertThat(s.path("metrics").path("duration_ns").asLong()).isEqualTo(42);
    assertThat(s.path("name").asText()).isEqualTo("lookup");
    assertThat(s.path("tags")).extracting(JsonNode::asText).containsExactlyInAnyOrder("early", "late");
  }

  @Test
  void aTraceUpdateThatArrivesBeforeItsTraceIsAppliedWhenTheTraceArrives() {
    UUID traceId = UUID.randomUUID();
    ok(api.patch("/projects/" + project + "/traces/" + traceId, obj("trace_id", traceId.toString(),
        "output", "final", "is_complete", true, "duration_ns", 10)));
    postTraces(tracesIngest(stream, false, trace(traceId, "t")));
    JsonNode t = getTrace(traceId);
    assertThat(t.path("output").asText()).isEqualTo("final");
    assertThat(t.path("is_complete").asBoolean()).isTrue();
    assertThat(t.path("metrics").path("duration_ns").asLong()).isEqualTo(10);
  }

  @Test
  void anIngestRetriedAfterItsUpdateDoesNotUndoTheUpdate() {
    UUID traceId = UUID.randomUUID();
    UUID spanId = UUID.randomUUID();
    ObjectNode start = span("workflow", spanId, "call", "orchestrator");
    postTraces(tracesIngest(stream, false, trace(traceId, "t")));
    postSpans(spansIngest(stream, traceId, traceId, start));
    ok(api.patch("/projects/" + project + "/spans/" + spanId, obj("span_id", spanId.toString(),
        "input", "the real input", "output", "done")));
    ObjectNode retried = span("workflow", spanId, "call", "orchestrator");
    retried.put("input", "");
    retried.put("output", "");
    postSpans(spansIngest(stream, traceId, traceId, retried));
    JsonNode s = getSpan(spanId);
    assertThat(s.path("input").asText()).isEqualTo("the real input");
    assertThat(s.path("output").asText()).isEqualTo("done");
  }

  @Test
  void aTraceRepostedWithMoreSpansKeepsTheSpansItHadAndMergesItsFields() {
    UUID traceId = UUID.randomUUID();
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    ObjectNode t1 = withSpans(trace(traceId, "t"), span("tool", first, "first", "orchestrator"));
    t1.putArray("tags").add("a");
    t1.withObjectProperty("user_metadata").put("user", "ada");
    postTraces(tracesIngest(stream, false, t1));

    ObjectNode t2 = withSpans(trace(traceId, "t"), span("tool", second, "second", "orchestrator"));
    t2.putArray("tags").add("b");
    t2.remove("input");
    t2.putNull("output");
    t2.withObjectProperty("user_metadata").put("step", "2");
    postTraces(tracesIngest(stream, true, t2));

    JsonNode t = getTrace(traceId);
    assertThat(t.path("num_spans").asInt()).isEqualTo(2);
    List<String> names = new ArrayList<>();
    t.path("spans").forEach(s -> names.add(s.path("name").asText()));
    assertThat(names).containsExactlyInAnyOrder("first", "second");
    assertThat(t.path("input").asText()).as("not re-sent: kept").isEqualTo("question");
    assertThat(t.path("tags")).extracting(JsonNode::asText).containsExactly("a", "b");
    assertThat(t.path("user_metadata").path("user").asText()).isEqualTo("ada");
    assertThat(t.path("user_metadata").path("step").asText()).isEqualTo("2");
    assertThat(t.path("is_complete").asBoolean()).isTrue();
  }

  @Test
  void spansAfterTheTraceWasCompletedJoinItMarkedLateAndItStaysComplete() {
    UUID traceId = UUID.randomUUID();
    postTraces(tracesIngest(stream, false, trace(traceId, "t")));
    ok(api.patch("/projects/" + project + "/traces/" + traceId,
        obj("trace_id", traceId.toString(), "is_complete", true, "output", "answer")));
    UUID late = UUID.randomUUID();
    postSpans(spansIngest(stream, traceId, traceId, span("tool", late, "fire and forget", "audit")));
    // A delayed copy of the trace's first post says it is not complete: completion stands.
    postTraces(tracesIngest(stream, false, trace(traceId, "t")));

    JsonNode t = getTrace(traceId);
    assertThat(t.path("is_complete").asBoolean()).isTrue();
    assertThat(t.path("output").asText()).isEqualTo("answer");
    assertThat(t.path("spans").get(0).path("id").asText()).isEqualTo(late.toString());
    // Galileo would have refused it: the console keeps it, and says so (LateSpansTest).
    JsonNode view = ok(console.bare().get("/api/traces/" + traceId)).json();
    assertThat(view.path("spans").get(0).path("late").asBoolean()).isTrue();
    assertThat(view.path("trace").path("late_span_count").asInt()).isEqualTo(1);
  }

  @Test
  void spansFromTwoServicesInTwoLogStreamsMergeIntoOneTrace() {
    UUID other = api.logStream(project, "retrieval");
    UUID traceId = UUID.randomUUID();
    UUID call = UUID.randomUUID();
    postSpans(spansIngest(other, traceId, call, span("retriever", UUID.randomUUID(), "search", "retrieval")));
    postTraces(tracesIngest(stream, true, withSpans(trace(traceId, "t"),
        span("workflow", call, "call retrieval", "orchestrator"))));
    JsonNode t = getTrace(traceId);
    assertThat(t.path("run_id").asText()).as("the trace's own log stream").isEqualTo(stream.toString());
    JsonNode callNode = t.path("spans").get(0);
    assertThat(callNode.path("spans").get(0).path("name").asText()).isEqualTo("search");
    JsonNode summary = ok(console.bare().get("/api/traces/" + traceId)).path("trace");
    assertThat(summary.path("services")).extracting(JsonNode::asText)
        .containsExactly("orchestrator", "retrieval");
  }

  @Test
  void concurrentIngestsOfOneTraceLoseNothing() throws Exception {
    UUID traceId = UUID.randomUUID();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Api.Answer>> results = new ArrayList<>();
      List<UUID> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        UUID id = UUID.randomUUID();
        ids.add(id);
        int n = i;
        results.add(pool.submit(() -> n % 10 == 0
            ? api.post("/projects/" + project + "/traces", tracesIngest(stream, false,
                withSpans(trace(traceId, "t"), span("tool", id, "s" + n, "svc"))))
            : api.post("/projects/" + project + "/spans",
                spansIngest(stream, traceId, traceId, span("tool", id, "s" + n, "svc")))));
      }
      for (Future<Api.Answer> f : results) {
        assertThat(f.get().status()).isEqualTo(200);
      }
      JsonNode t = getTrace(traceId);
      assertThat(t.path("type").asText()).isEqualTo("trace");
      assertThat(t.path("num_spans").asInt()).isEqualTo(40);
    } finally {
      pool.shutdownNow();
    }
  }
}
