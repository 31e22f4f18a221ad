package ai.galileo.tracing.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A 60,000-span trace, accepted over OTLP, read back whole from a console in a JVM of its own
 * with a 256 MiB heap: the answer is written as it is read, so it fits, and the console answers
 * afterwards. (Built in memory, that answer ran such a console out of memory and the
 * OutOfMemoryError ended the JDK server's own threads.)
 */
class LargeTraceChildJvmTest {
  private static final Pattern LISTENING = Pattern.compile("Galileo console listening on (http://\\S+)");
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private static final int SPANS = 60_000;
  private static final int PER_POST = 2_000;
  /** ~200 characters of input and of output a span, so the trace holds ~30 MB of records. */
  private static final String TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(5);

  @Test
  void aSixtyThousandSpanTraceIsReadBackWholeWithin256MiBAndTheConsoleAnswersAfterwards() throws Exception {
    Process console = start();
    try {
      URI base = URI.create(awaitUrl(console));
      UUID traceId = UUID.randomUUID();
      for (int from = 1; from <= SPANS; from += PER_POST) {
        List<Span> spans = new ArrayList<>();
        for (int i = from; i < from + PER_POST && i <= SPANS; i++) {
          // Span 1 is the root; every other hangs under one of the first tenth, a wide tree.
          spans.add(OtlpIntakeTest.span(traceId, i, i == 1 ? 0 : 1 + (i % 6_000), "step " + i)
              .addAttributes(OtlpIntakeTest.attr("input.value", TEXT + i))
              .addAttributes(OtlpIntakeTest.attr("output.value", TEXT))
              .build());
        }
        ExportTraceServiceRequest request = OtlpIntakeTest.request("big", spans.toArray(Span[]::new));
        HttpResponse<byte[]> r = OtlpIntakeTest.post(base, request.toByteArray(), "application/x-protobuf",
            null, Map.of());
        assertThat(r.statusCode()).as("post of spans %d..", from).isEqualTo(200);
        assertThat(ExportTraceServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();
      }

      HttpResponse<InputStream> read = CLIENT.send(HttpRequest.newBuilder(base.resolve("/api/traces/" + traceId))
          .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(read.statusCode()).isEqualTo(200);
      long[] counted = countSpans(read.body());
      // The root span is a span of the trace, and also gave the trace its record.
      assertThat(counted[0]).as("spans in the answer").isEqualTo(SPANS);
      assertThat(counted[1]).as("span_total").isEqualTo(SPANS);

      assertThat(console.isAlive()).isTrue();
      HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(base.resolve("/healthcheck")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<byte[]> more = OtlpIntakeTest.post(base, OtlpIntakeTest.request("big",
          OtlpIntakeTest.span(UUID.randomUUID(), 7, 0, "after").build()).toByteArray(),
          "application/x-protobuf", null, Map.of());
      assertThat(more.statusCode()).as("an ingest after the read").isEqualTo(200);
      HttpResponse<String> again = CLIENT.send(HttpRequest.newBuilder(
          base.resolve("/api/traces/" + traceId + "?limit=10")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(Api.JSON.readTree(again.body()).path("spans").size()).isEqualTo(10);
    } finally {
      console.destroy();
      if (!console.waitFor(20, TimeUnit.SECONDS)) {
        console.destroyForcibly();
      }
    }
  }

  /** {spans in the "spans" array, the "span_total" field}, read as a stream. */
  private static long[] countSpans(InputStream body) throws Exception {
    long spans = 0;
    long total = -1;
    try (JsonParser p = Api.JSON.getFactory().createParser(body)) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("spans") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            p.skipChildren();
            spans++;
          }
        } else if (field.equals("span_total")) {
          total = p.getLongValue();
        } else {
          p.skipChildren();
        }
      }
    }
    return new long[] {spans, total};
  }

  private static Process start() throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "--port", "0", "--db", ":memory:").redirectErrorStream(true).start();
  }

  /** Reads the console's output up to the line that says it listens, then keeps draining it. */
  private static String awaitUrl(Process p) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            String l;
            while ((l = out.readLine()) != null) {
              System.out.println("[console] " + l);
            }
          } catch (Exception e) {
            // the process ended
          }
        }, "console-output");
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new AssertionError("the console ended before listening");
  }
}
