package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.OtlpIntakeTest.post;
import static ai.galileo.tracing.console.OtlpIntakeTest.request;
import static ai.galileo.tracing.console.OtlpIntakeTest.span;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.internal.W3CIds;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Galileo routes' rules on {@code /v1/traces}: the key, the size limit, strict late spans. */
class OtlpIntakeRulesTest {
  private static final String PROTOBUF = "application/x-protobuf";

  @Test
  void theConsolesKeyIsNeededAsForGalileosRoutes() throws Exception {
    try (GalileoConsole c = RunningConsole.defaults().apiKey("k-123").start()) {
      byte[] body = request("svc", span(UUID.randomUUID(), 7, 0, "s").build()).toByteArray();
      URI url = c.url();

      var none = post(url, body, PROTOBUF, null, Map.of());
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(OtlpIntakeTest.statusMessage(none.body())).isEqualTo("Not authenticated");
      assertThat(post(url, body, PROTOBUF, null, Map.of("Authorization", "Bearer wrong"))
          .statusCode()).isEqualTo(401);
      assertThat(post(url, body, PROTOBUF, null, Map.of("Authorization", "Bearer k-123"))
          .statusCode()).isEqualTo(200);
      assertThat(post(url, body, PROTOBUF, null, Map.of("Galileo-API-Key", "k-123"))
          .statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aBodyOverTheLimitIs413CompressedOrNot() throws Exception {
    try (GalileoConsole c = RunningConsole.defaults().maxBodyBytes(2_000).start()) {
      StringBuilder big = new StringBuilder("{\"resourceSpans\": [], \"x\": \"");
      big.append("a".repeat(10_000)).append("\"}");
      byte[] raw = big.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(post(c.url(), raw, "application/json", null, Map.of()).statusCode()).isEqualTo(413);
      byte[] zipped = OtlpIntakeTest.gzip(raw);
      assertThat(zipped.length).isLessThan(2_000);
      assertThat(post(c.url(), zipped, "application/json", "gzip", Map.of()).statusCode())
          .isEqualTo(413);
    }
  }

  @Test
  void strictRefusesSpansOfACompletedTraceOneByOneAndMarkModeMarksThem() throws Exception {
    for (boolean strict : new boolean[] {true, false}) {
      try (GalileoConsole c = RunningConsole.defaults().strict(strict).start()) {
        Api api = Api.of(c, "/v2");
        UUID project = api.project("p");
        UUID stream = api.logStream(project, "s");
        UUID traceId = UUID.randomUUID();
        Api.ok(api.post("/projects/" + project + "/traces", Records.tracesIngest(stream, true,
            Records.trace(traceId, "done"))));
        UUID other = UUID.randomUUID();
        var r = post(c.url(), request("svc",
            span(traceId, 9, W3CIds.parentIdOf(traceId), "late").build(),
            span(other, 10, 0, "fine").build()).toByteArray(), PROTOBUF, null, Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        var partial = ExportTraceServiceResponse.parseFrom(r.body()).getPartialSuccess();
        var detail = Api.of(c, "").get("/api/traces/" + traceId).json();
        if (strict) {
          assertThat(partial.getRejectedSpans()).isEqualTo(1);
          assertThat(partial.getErrorMessage()).contains("\"late\"").contains("Trace is marked as complete");
          assertThat(detail.path("spans")).isEmpty();
        } else {
          assertThat(partial.getRejectedSpans()).isZero();
          assertThat(detail.path("spans").get(0).path("late").asBoolean()).isTrue();
          assertThat(detail.path("spans").get(0).path("parent_id").asText()).isEqualTo(traceId.toString());
          assertThat(detail.path("trace").path("late_span_count").asInt()).isEqualTo(1);
        }
        assertThat(Api.of(c, "").get("/api/traces/" + W3CIds.asV4(
            other.getMostSignificantBits(), other.getLeastSignificantBits())).status()).isEqualTo(200);
      }
    }
  }
}
