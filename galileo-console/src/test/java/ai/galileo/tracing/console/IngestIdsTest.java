package ai.galileo.tracing.console;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An ingest looks its ids up together, before it writes, and inserts new traces once with their
 * spans' summary: ids that clash are still refused, whether the other record is stored or in the
 * same request, and a new trace's summary is what it was when it was written and then updated.
 */
class IngestIdsTest {
  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  Api api;
  UUID project;
  UUID stream;

  @BeforeEach
  void setUp() {
    api = console.v2();
    project = api.project("ids");
    stream = api.logStream(project, "default");
  }

  Api.Answer postTraces(ObjectNode body) {
    return api.post("/projects/" + project + "/traces", body);
  }

  Api.Answer postSpans(ObjectNode body) {
    return api.post("/projects/" + project + "/spans", body);
  }

  long storedRecords() {
    JsonNode s = ok(console.bare().get("/api/stats")).json();
    return s.path("traces_stored").asLong() + s.path("spans_stored").asLong();
  }

  @Test
  void aSpanWithTheIdOfATraceInTheSameRequestIsRefusedAndNothingIsStored() {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    Api.Answer a = postTraces(tracesIngest(stream, true, trace(first, "first"),
        withSpans(trace(second, "second"), span("tool", first, "clash", "svc"))));
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.text()).contains("is the id of a trace, not of a span");
    assertThat(a.path("detail").get(0).path("loc").toString())
        .isEqualTo("[\"body\",\"traces\",1,\"spans\",0,\"id\"]");
    assertThat(storedRecords()).isZero();
  }

  @Test
  void idsClashingWithStoredRecordsAreRefusedWhicheverWayRound() {
    UUID traceId = UUID.randomUUID();
    UUID spanId = UUID.randomUUID();
    ok(postTraces(tracesIngest(stream, false, withSpans(trace(traceId, "t"),
        span("workflow", spanId, "w", "svc")))));

    Api.Answer traceAsSpan = postTraces(tracesIngest(stream, true, trace(spanId, "not a trace")));
    assertThat(traceAsSpan.status()).isEqualTo(422);
    assertThat(traceAsSpan.text()).contains("is the id of a span, not of a trace");

    UUID other = UUID.randomUUID();
    Api.Answer spanAsTrace = postSpans(spansIngest(stream, other, other, span("tool", traceId, "x", "svc")));
    assertThat(spanAsTrace.status()).isEqualTo(422);
    assertThat(spanAsTrace.text()).contains("is the id of a trace, not of a span");

    Api.Answer underASpan = postSpans(spansIngest(stream, spanId, spanId, span("tool", other, "y", "svc")));
    assertThat(underASpan.status()).isEqualTo(422);
    assertThat(underASpan.text()).contains("is a span, not a trace");
    assertThat(storedRecords()).isEqualTo(2);
  }

  @Test
  void aTraceSentTwiceInOneRequestIsOneTraceWithTheSpansOfBoth() {
    UUID traceId = UUID.randomUUID();
    ok(postTraces(tracesIngest(stream, true,
        withSpans(trace(traceId, "once"), span("llm", UUID.randomUUID(), "a", "alpha")),
        withSpans(trace(traceId, "twice"), span("tool", UUID.randomUUID(), "b", "beta")))));
    JsonNode view = ok(console.bare().get("/api/traces/" + traceId)).json();
    assertThat(view.path("trace").path("name").asText()).isEqualTo("twice");
    assertThat(view.path("trace").path("span_count").asInt()).isEqualTo(2);
    assertThat(view.path("trace").path("services")).extracting(JsonNode::asText)
        .containsExactly("alpha", "beta", "orchestrator");
    JsonNode stats = ok(console.bare().get("/api/stats")).json();
    assertThat(stats.path("traces_stored").asLong()).isEqualTo(1);
    assertThat(stats.path("spans_stored").asLong()).isEqualTo(2);
  }

  @Test
  void aNewTracesSummaryCountsItsSpansAndKeepsCountingLaterOnes() {
    UUID traceId = UUID.randomUUID();
    UUID workflow = UUID.randomUUID();
    ok(postTraces(tracesIngest(stream, false, withSpans(trace(traceId, "t"),
        withSpans(span("workflow", workflow, "w", "front"), span("llm", UUID.randomUUID(), "l", "front"))))));
    ok(postSpans(spansIngest(stream, traceId, workflow, span("tool", UUID.randomUUID(), "later", "back"))));
    JsonNode summary = ok(console.bare().get("/api/traces/" + traceId)).path("trace");
    assertThat(summary.path("span_count").asInt()).isEqualTo(3);
    assertThat(summary.path("services")).extracting(JsonNode::asText).containsExactly("back", "front", "orchestrator");
  }

  @Test
  void aStubMadeBySpansCountsThemAndSortsByTheEarliest() {
    UUID stubbed = UUID.randomUUID();
    ObjectNode early = span("workflow", UUID.randomUUID(), "early", "svc");
    early.put("created_at", "2020-01-01T00:00:00Z");
    ObjectNode late = span("tool", UUID.randomUUID(), "late", "svc");
    late.put("created_at", "2020-01-02T00:00:00Z");
    ok(postSpans(spansIngest(stream, stubbed, stubbed, late, early)));
    UUID newer = UUID.randomUUID();
    ok(postTraces(tracesIngest(stream, true, trace(newer, "newer"))));

    JsonNode stub = ok(console.bare().get("/api/traces/" + stubbed)).path("trace");
    assertThat(stub.path("span_count").asInt()).isEqualTo(2);
    List<String> order = new ArrayList<>();
    ok(console.bare().get("/api/traces")).path("traces").forEach(t -> order.add(t.path("id").asText()));
    assertThat(order).as("newest first: the stub sorts by its spans of 2020")
        .containsExactly(newer.toString(), stubbed.toString());
  }
}
