package ai.galileo.tracing.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the load runner as {@code benchmarks/load --smoke} does (200 spans/s for 3 s, every subject and
 * both baselines in child JVMs, the sink in another) so that a broken runner fails the build. It
 * asserts what must hold at any speed: every span delivered and counted by the receiver (the measured
 * run's apart from the warm-up's), the right
 * OpenTelemetry release loaded, and a report with the rows and targets; no figure is judged.
 */
class LoadRunnerSmokeTest {

  @Test
  void smokeRunDeliversEverySpanOfEverySubjectAndWritesTheReport() throws Exception {
    Path out = Path.of("target", "load-smoke");
    LoadOptions options = LoadOptions.parse("--smoke", "--out", out.toString(), "--otel-jars", "target/load-otel",
        "--classes", "target/classes",
        "--drain-seconds", "20");

    ArrayNode rows = new LoadRunner(options).run();

    Map<String, JsonNode> bySubject = new HashMap<>();
    rows.forEach(r -> bySubject.put(r.get("subject").asText(), r));
    assertThat(bySubject).containsOnlyKeys("galileo", "otlp", "otel", "galileo-none", "otel-none");
    rows.forEach(r -> assertThat(r.path("error").asText()).as(r.get("subject") + " failed").isEmpty());
    for (String subject : new String[] {"galileo", "otlp", "otel"}) {
      JsonNode r = bySubject.get(subject);
      long made = r.get("generated").asLong();
      assertThat(made).as(subject + " made").isEqualTo(600);
      assertThat(r.get("delivered").asLong()).as(subject + " delivered").isEqualTo(made);
      assertThat(r.get("received").asLong()).as(subject + " counted by the sink").isEqualTo(made);
      assertThat(r.get("dropped").asLong()).as(subject + " dropped").isZero();
      assertThat(r.has("exportMicrosPerSpan")).as(subject + " export CPU").isTrue();
      assertThat(r.get("ends").asLong()).as(subject + " ends timed").isEqualTo(made);
      // The warm-up (1 s at the same rate) runs first, is delivered, and is counted apart.
      long warmup = r.get("warmupSpans").asLong();
      assertThat(warmup).as(subject + " warm-up spans").isEqualTo(200);
      assertThat(r.get("deliveredWithWarmup").asLong()).as(subject + " delivered with the warm-up").isEqualTo(made + warmup);
      assertThat(r.has("exportMicrosPerSpanWithWarmup")).as(subject + " export CPU with the warm-up").isTrue();
    }
    assertThat(bySubject.get("otel").get("otelSdk").asText()).contains("1.68.0");
    assertThat(bySubject.get("otel").get("otelIncubator").asText()).as("OpenTelemetry's incubating API").isEqualTo("absent");
    String md = Files.readString(out.resolve("load-smoke.md"));
    assertThat(md).contains("## End to end export (issue #23)", "smoke mode", "| ours, Galileo route (distributed) |",
        "| ours, `otlp` |", "| OpenTelemetry SDK (BatchSpanProcessor + OTLP/HTTP) |",
        "export CPU per span <= 0.8x OpenTelemetry's", "after 1 s of warm-up", "with warm-up: export µs/span");
  }
}
