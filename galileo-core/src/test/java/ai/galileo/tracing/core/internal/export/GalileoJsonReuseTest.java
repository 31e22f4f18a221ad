package ai.galileo.tracing.core.internal.export;

import static ai.galileo.tracing.core.export.TestSpans.span;
import static ai.galileo.tracing.core.export.TestSpans.trace;
import static ai.galileo.tracing.core.internal.export.GalileoJsonTest.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** GalileoJson reuses one writer and its buffer from body to body: no body sees another's bytes. */
class GalileoJsonReuseTest {
  final GalileoJson json = new GalileoJson("galileo-java/0.1.0", 100_000);

  @Test
  void aBodyAfterABodyThatFailedHalfWayHoldsNothingOfIt() {
    SpanData t = trace("t").input("first").build();
    SpanData llm = span(SpanType.LLM, "llm", t).build();
    SpanData child = span(SpanType.TOOL, "under the llm", llm).build();
    SpanNode bad = new SpanNode(t, List.of(new SpanNode(llm, List.of(SpanNode.leaf(child)))));
    assertThatThrownBy(() -> json.tracesIngest(null, null, List.of(bad), true))
        .isInstanceOf(IllegalArgumentException.class);

    SpanData other = trace("other").input("second").build();
    JsonNode body = valid("LogTracesIngestRequest",
        json.tracesIngest(null, null, List.of(SpanNode.leaf(other)), true));

    assertThat(body.path("traces").size()).isEqualTo(1);
    assertThat(body.path("traces").path(0).path("name").asText()).isEqualTo("other");
  }

  @Test
  void aLargeBodyThenASmallOneGivesTheSmallOneOnly() {
    SpanData big = trace("big").input("x".repeat(50_000)).build();
    json.tracesIngest(null, null, List.of(SpanNode.leaf(big)), true);
    SpanData small = trace("small").build();

    JsonNode body = valid("LogTracesIngestRequest",
        json.tracesIngest(null, null, List.of(SpanNode.leaf(small)), true));

    assertThat(body.path("traces").path(0).path("input").asText()).isEmpty();
  }

  @Test
  void bodiesTakenFromThePoolHoldWhatAStreamWouldBodyAfterBody() throws Exception {
    // The pooled body takes the writer's buffer and the writer the body's old one: sizes go up and
    // down so that each side grows, and every body must still be exactly its own request.
    BodyBuffers pool = new BodyBuffers(2);
    for (int i = 0; i < 12; i++) {
      String input = "x".repeat(i % 3 == 0 ? 100_000 + i : i);
      SpanData t = trace("t" + i).input(input).build();
      List<SpanNode> traces = List.of(new SpanNode(t, List.of(SpanNode.leaf(span(SpanType.TOOL, "tool", t).build()))));
      byte[] expected = json.tracesIngest(null, null, traces, true);

      BodyBuffers.Body body = pool.take();
      json.writeTracesIngest(body, null, null, traces, true);

      assertThat(body.toByteArray()).as("body %d", i).isEqualTo(expected);
      pool.give(body);
    }
  }

  @Test
  void aBodyThatHoldsBytesAlreadyIsAppendedTo() throws Exception {
    BodyBuffers.Body body = new BodyBuffers(1).take();
    body.write('[');
    SpanData t = trace("t").build();
    byte[] alone = json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true);

    json.writeTracesIngest(body, null, null, List.of(SpanNode.leaf(t)), true);

    assertThat(body.length()).isEqualTo(alone.length + 1);
    assertThat(body.bytes()[0]).isEqualTo((byte) '[');
  }

  @Test
  void bodiesWrittenOnSeveralThreadsAtOnceAreEachTheirOwn() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int task = 0; task < 8; task++) {
        String name = "trace-" + task;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 300; i++) {
            SpanData t = trace(name).input(name + "-" + i).build();
            SpanData wf = span(SpanType.WORKFLOW, name, t).build();
            JsonNode body = valid("LogTracesIngestRequest", json.tracesIngest(null, null,
                List.of(new SpanNode(t, List.of(SpanNode.leaf(wf)))), true));
            JsonNode rec = body.path("traces").path(0);
            if (body.path("traces").size() != 1 || !rec.path("input").asText().equals(name + "-" + i)
                || !rec.path("spans").path(0).path("name").asText().equals(name)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
