package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.ok;
import static ai.galileo.tracing.console.Records.span;
import static ai.galileo.tracing.console.Records.trace;
import static ai.galileo.tracing.console.Records.tracesIngest;
import static ai.galileo.tracing.console.Records.withSpans;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limits the console keeps, and that reaching one shows: what retention removed is counted
 * in {@code GET /api/stats}; retention runs as soon as traces pour in, not only each period.
 * And a large trace's spans can be read a page at a time.
 */
class LimitsTest {
  @RegisterExtension
  // Under 100 traces: retention starts early after 100 new traces, which the first test must not
  // reach (it removes what is beyond the limit itself).
  final RunningConsole console = RunningConsole.with(b -> b.maxTraces(50)
      .retentionInterval(Duration.ofHours(1)));

  @Test
  void tracesBeyondTheLimitAreEvictedAndCountedWithTheirSpans() {
    Api api = console.v2();
    UUID project = api.project("p");
    post(api, project, 60, 2);
    assertThat(console.console().pruneNow()).isEqualTo(10);
    JsonNode stats = ok(console.bare().get("/api/stats")).json();
    assertThat(stats.path("traces_evicted").asLong()).isEqualTo(10);
    assertThat(stats.path("spans_evicted").asLong()).isEqualTo(20);
    assertThat(stats.path("traces_stored").asLong()).isEqualTo(50);
    assertThat(stats.path("spans_stored").asLong()).isEqualTo(100);
    assertThat(stats.path("traces_received").asLong()).isEqualTo(60);
    assertThat(stats.path("limits").path("max_traces").asLong()).isEqualTo(50);
    assertThat(stats.path("limits").path("max_traces_reached").asBoolean()).isTrue();
    assertThat(stats.path("heap").path("max_bytes").asLong()).isPositive();
  }

  @Test
  void theOldestTracesGoWholeWhenMoreSpansThanTheLimitAreKept() throws Exception {
    try (GalileoConsole c = RunningConsole.defaults().maxTraces(0).maxSpans(10)
        .retentionInterval(Duration.ofHours(1)).start()) {
      Api api = Api.of(c, "/v2");
      UUID project = api.project("p");
      post(api, project, 6, 3);
      c.pruneNow();
      JsonNode stats = ok(Api.of(c, "").get("/api/stats")).json();
      assertThat(stats.path("traces_evicted_for_spans").asLong()).isEqualTo(3);
      assertThat(stats.path("spans_evicted_for_spans").asLong()).isEqualTo(9);
      assertThat(stats.path("spans_stored").asLong()).isEqualTo(9);
      assertThat(stats.path("traces_stored").asLong()).isEqualTo(3);
      assertThat(stats.path("limits").path("max_spans").asLong()).isEqualTo(10);
      assertThat(stats.path("limits").path("max_spans_reached").asBoolean()).isTrue();
      assertThat(stats.path("traces_evicted").asLong()).as("the trace limit is off").isZero();
    }
  }

  @Test
  void retentionDoesNotWaitForItsPeriodWhenTracesPourIn() throws Exception {
    Api api = console.v2();
    UUID project = api.project("p");
    post(api, project, 250, 1);
    // Retention's period is an hour: only the growth of the store can have started it.
    JsonNode stats = ok(console.bare().get("/api/stats")).json();
    for (int i = 0; i < 600 && stats.path("traces_evicted").asLong() == 0; i++) {
      Thread.sleep(50);
      stats = ok(console.bare().get("/api/stats")).json();
    }
    assertThat(stats.path("traces_evicted").asLong()).isPositive();
  }

  @Test
  void aTracesSpansAreReadAPageAtATime() {
    Api api = console.v2();
    UUID project = api.project("p");
    UUID traceId = UUID.randomUUID();
    ObjectNode t = trace(traceId, "paged");
    List<ObjectNode> spans = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ObjectNode s = span("tool", UUID.randomUUID(), "step " + i, "svc");
      s.put("created_at", "2026-01-02T03:04:0" + i + "Z");
      spans.add(s);
    }
    ok(api.post("/projects/" + project + "/traces", tracesIngest(null, true,
        withSpans(t, spans.toArray(ObjectNode[]::new)))));

    JsonNode page = ok(console.bare().get("/api/traces/" + traceId + "?offset=1&limit=2")).json();
    assertThat(page.path("span_total").asInt()).isEqualTo(5);
    assertThat(page.path("next_offset").asInt()).isEqualTo(3);
    assertThat(page.path("spans")).extracting(s -> s.path("name").asText()).containsExactly("step 1", "step 2");
    assertThat(page.path("spans").get(0).path("record").path("name").asText()).isEqualTo("step 1");
    assertThat(page.path("trace").path("name").asText()).isEqualTo("paged");

    JsonNode last = ok(console.bare().get("/api/traces/" + traceId + "?offset=4&limit=2")).json();
    assertThat(last.path("spans")).extracting(s -> s.path("name").asText()).containsExactly("step 4");
    assertThat(last.path("next_offset").isNull()).isTrue();

    JsonNode all = ok(console.bare().get("/api/traces/" + traceId)).json();
    assertThat(all.path("spans")).hasSize(5);
    assertThat(console.bare().get("/api/traces/" + traceId + "?limit=x").status()).isEqualTo(422);
  }

  private static void post(Api api, UUID project, int traces, int spansEach) {
    for (int i = 0; i < traces; i++) {
      ObjectNode t = trace(UUID.randomUUID(), "t" + i);
      ObjectNode[] spans = new ObjectNode[spansEach];
      for (int k = 0; k < spansEach; k++) {
        spans[k] = span("tool", UUID.randomUUID(), "s" + k, "svc");
      }
      ok(api.post("/projects/" + project + "/traces", tracesIngest(null, true, withSpans(t, spans))));
    }
  }
}
