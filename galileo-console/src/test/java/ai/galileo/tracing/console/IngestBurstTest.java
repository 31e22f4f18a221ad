package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many batch posts at once, more than the console has threads for: every one is answered 200,
 * and every trace and span it held can be read back, counted by the console as received.
 */
class IngestBurstTest {
  private static final int CLIENTS = 24;
  private static final int POSTS_EACH = 10;
  private static final int TRACES_PER_POST = 10;

  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  @Test
  void aBurstOfConcurrentBatchPostsLosesNothing() throws Exception {
    Api api = console.v2();
    UUID project = api.project("burst");
    UUID logStream = api.logStream(project, "burst");
    ConcurrentLinkedQueue<ObjectNode> sent = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<List<Integer>>> answers = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        answers.add(clients.submit(() -> {
          List<Integer> statuses = new ArrayList<>();
          go.await();
          for (int p = 0; p < POSTS_EACH; p++) {
            ObjectNode body = Api.parse(new String(IngestLoad.batch(logStream, TRACES_PER_POST),
                java.nio.charset.StandardCharsets.UTF_8));
            body.withArray("traces").forEach(t -> sent.add((ObjectNode) t));
            statuses.add(api.post("/projects/" + project + "/traces", body).status());
          }
          return statuses;
        }));
      }
      go.countDown();
      for (Future<List<Integer>> f : answers) {
        assertThat(f.get()).containsOnly(200);
      }
    } finally {
      clients.shutdownNow();
    }

    int traces = CLIENTS * POSTS_EACH * TRACES_PER_POST;
    assertThat(sent).hasSize(traces);
    JsonNode stats = ok(console.bare().get("/api/stats")).json();
    assertThat(stats.path("traces_received").asLong()).isEqualTo(traces);
    assertThat(stats.path("spans_received").asLong()).isEqualTo(traces * 4L);
    assertThat(stats.path("traces_stored").asLong()).isEqualTo(traces);
    assertThat(stats.path("spans_stored").asLong()).isEqualTo(traces * 4L);
    assertThat(stats.path("traces_evicted").asLong()).isZero();
    for (ObjectNode t : sent) {
      String id = t.path("id").asText();
      JsonNode read = ok(console.bare().get("/api/traces/" + id)).json();
      Set<String> want = new HashSet<>();
      ((ArrayNode) t.path("spans")).forEach(s -> want.add(s.path("id").asText()));
      Set<String> got = new HashSet<>();
      read.path("spans").forEach(s -> got.add(s.path("id").asText()));
      assertThat(got).as("spans of trace %s", id).isEqualTo(want);
      assertThat(read.path("trace").path("span_count").asInt()).isEqualTo(4);
      assertThat(read.path("trace").path("is_complete").asBoolean()).isTrue();
    }
  }
}
