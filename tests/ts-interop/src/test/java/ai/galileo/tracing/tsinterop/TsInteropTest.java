package ai.galileo.tracing.tsinterop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.console.GalileoConsole;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A Java orchestrator (galileo-core in distributed mode, the JDK HttpClient through
 * galileo-transport-jdkhttp, with client spans) calls a retrieval service written with Galileo's
 * TypeScript SDK; both log to the real console over loopback, and the test reads the trace back.
 *
 * <p>The TypeScript SDK continues a trace by reading the trace and the parent span back from the
 * API, so they must be there before the call arrives. The orchestrator's export delay is a minute
 * in every test, so that nothing reaches the console on its own before the call: what arrives
 * before it is what GALILEO_INGEST_PARENTS_FIRST (or an explicit flush) sent, never a race.
 */
@DisabledOnOs(OS.WINDOWS)
class TsInteropTest {
  private static final String PROJECT = "ts-interop";
  private static final String QUESTION = "What did Galileo Galilei study about motion?";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient PLAIN = HttpClient.newHttpClient();

  private static String skipReason;
  private static TsPeer peer;
  private GalileoConsole console;
  private TsPeer.Service retrieval;

  @BeforeAll
  static void installTypeScriptSdk() throws Exception {
    skipReason = TsPeer.missingTools();
    if (skipReason == null) {
      peer = TsPeer.install();
    }
  }

  @BeforeEach
  void startConsoleAndRetrievalService(TestInfo test) throws Exception {
    Assumptions.assumeTrue(skipReason == null, skipReason); // reported on each test, as skipped
    console = GalileoConsole.builder().host("127.0.0.1").port(0).database(":memory:").start();
    Path log = Paths.get(System.getProperty("ts.peer.dir"))
        .resolve("retrieval-" + test.getTestMethod().orElseThrow().getName() + ".log");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GALILEO_API_URL", console.url().toString());
    env.put("GALILEO_API_KEY", "ts-interop-key");
    env.put("GALILEO_PROJECT", PROJECT);
    env.put("GALILEO_LOG_STREAM", "retrieval-ts");
    env.put("GALILEO_LOG_LEVEL", "error"); // the SDK's own log is silent by default
    retrieval = peer.start(env, log);
  }

  @AfterEach
  void stopBoth() {
    try {
      if (retrieval != null) {
        retrieval.close();
      }
    } finally {
      if (console != null) {
        console.close();
      }
    }
  }

  @Test
  void withParentsFirstTheTypeScriptServiceContinuesTheJavaTraceUnderTheCallingSpan() throws Exception {
    Run run = orchestrate(true);

    JsonNode tracing = run.answer().path("tracing");
    assertThat(tracing.path("error").isNull())
        .as("the service's answer: %s\n%s", run.answer(), retrieval.log()).isTrue();
    assertThat(tracing.path("trace_id").asText()).isEqualTo(run.traceId().toString());
    String clientSpanId = tracing.path("parent_id").asText();
    assertThat(tracing.path("continued_under").path("id").asText()).isEqualTo(clientSpanId);
    assertThat(run.answer().path("documents")).hasSize(1);
    assertThat(retrieval.log()).as("the SDK's log").doesNotContain("not found");

    assertThat(traceIds()).as("traces in the console").containsExactly(run.traceId().toString());
    JsonNode detail = get("/api/traces/" + run.traceId());
    JsonNode trace = detail.path("trace");
    assertThat(trace.path("name").asText()).isEqualTo("answer question");
    assertThat(trace.path("is_stub").asBoolean()).isFalse();
    assertThat(trace.path("is_complete").asBoolean()).isTrue();
    assertThat(trace.path("services")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("orchestrator", "retrieval-ts");

    Map<String, JsonNode> spans = byName(detail);
    JsonNode call = spans.get("call retrieval");
    JsonNode client = spans.values().stream()
        .filter(s -> s.path("id").asText().equals(clientSpanId)).findFirst().orElseThrow();
    JsonNode server = spans.get("POST /retrieve");
    JsonNode search = spans.get("search knowledge base");
    assertThat(spans).as("spans of the trace").containsOnlyKeys(
        "call retrieval", client.path("name").asText(), "POST /retrieve", "search knowledge base", "answer");
    assertThat(tracing.path("continued_under").path("name").asText()).isEqualTo(client.path("name").asText());

    // The Java side: trace > call retrieval > the client span of the HTTP call; the answer.
    assertThat(call.path("id").asText()).isEqualTo(run.callId().toString());
    assertThat(call.path("parent_id").asText()).isEqualTo(run.traceId().toString());
    assertThat(client.path("parent_id").asText()).isEqualTo(run.callId().toString());
    assertThat(client.path("type").asText()).isEqualTo("workflow");
    assertThat(spans.get("answer").path("parent_id").asText()).isEqualTo(run.traceId().toString());
    for (JsonNode s : List.of(call, client, spans.get("answer"))) {
      assertThat(s.path("service_name").asText()).isEqualTo("orchestrator");
      assertThat(s.path("log_stream_name").asText()).isEqualTo("orchestrator");
    }

    // The TypeScript side, under the span whose id the call carried. Version 1.33.1 sends every
    // span of a continued logger with that span as parent, its retriever too, and concluding its
    // workflow span updates that span instead of its own (see the README).
    for (JsonNode s : List.of(server, search)) {
      assertThat(s.path("parent_id").asText()).isEqualTo(clientSpanId);
      assertThat(s.path("service_name").asText()).isEqualTo("retrieval-ts");
      assertThat(s.path("log_stream_name").asText()).isEqualTo("retrieval-ts");
    }
    assertThat(server.path("type").asText()).isEqualTo("workflow");
    assertThat(server.path("record").has("output")).as("the TypeScript workflow span's record").isFalse();
    assertThat(client.path("record").path("output").asText()).isEqualTo("1 document");
    assertThat(search.path("type").asText()).isEqualTo("retriever");
    assertThat(search.path("record").path("input").asText()).isEqualTo(QUESTION);
    JsonNode documents = search.path("record").path("output");
    assertThat(documents).hasSize(1);
    assertThat(documents.get(0).path("content").asText()).contains("motion");
    assertThat(documents.get(0).path("metadata").path("source").asText()).isEqualTo("kb");
  }

  @Test
  void withoutParentsFirstTheTypeScriptServiceCannotContinueTheTraceAndItsSpansAreMissing() throws Exception {
    Run run = orchestrate(false);

    JsonNode tracing = run.answer().path("tracing");
    assertThat(tracing.path("trace_id").asText()).isEqualTo(run.traceId().toString());
    assertThat(tracing.path("continued_under").isNull()).as("the service's answer: %s", run.answer()).isTrue();
    assertThat(tracing.path("error").asText()).isEqualTo("A trace needs to be created in order to add a span.");
    assertThat(retrieval.log()).as("the SDK's log: both reads failed")
        .contains("status code 404 with output: Trace not found", "status code 404 with output: Span not found");
    assertThat(run.answer().path("documents")).as("the service still answers").isNotEmpty();

    // The Java trace arrives whole once flushed, but nothing of the TypeScript service.
    assertThat(traceIds()).as("traces in the console").containsExactly(run.traceId().toString());
    JsonNode detail = get("/api/traces/" + run.traceId());
    assertThat(detail.path("trace").path("is_complete").asBoolean()).isTrue();
    assertThat(detail.path("trace").path("services")).extracting(JsonNode::asText).containsExactly("orchestrator");
    assertThat(byName(detail)).hasSize(3).containsKeys("call retrieval", "answer")
        .doesNotContainKeys("POST /retrieve", "search knowledge base");
  }

  @Test
  void withoutParentsFirstButWithTheTraceDeliveredTheTypeScriptSpansLoseTheirCallingSpan() throws Exception {
    Run run = orchestrate(false, true);

    // It finds the trace, not the span the call was made under, and continues under the trace.
    JsonNode tracing = run.answer().path("tracing");
    assertThat(tracing.path("error").isNull()).as("the service's answer: %s", run.answer()).isTrue();
    assertThat(tracing.path("parent_id").asText()).isEqualTo(run.callId().toString());
    assertThat(tracing.path("continued_under").path("id").asText()).isEqualTo(run.traceId().toString());
    assertThat(retrieval.log()).as("the SDK's log")
        .contains("status code 404 with output: Span not found").doesNotContain("Trace not found");

    assertThat(traceIds()).as("traces in the console").containsExactly(run.traceId().toString());
    Map<String, JsonNode> spans = byName(get("/api/traces/" + run.traceId()));
    assertThat(spans).containsOnlyKeys("call retrieval", "POST /retrieve", "search knowledge base", "answer");
    JsonNode server = spans.get("POST /retrieve");
    assertThat(server.path("parent_id").asText()).as("parent of the TypeScript workflow span")
        .isEqualTo(run.traceId().toString());
    assertThat(spans.get("search knowledge base").path("parent_id").asText()).isEqualTo(server.path("id").asText());
    assertThat(server.path("record").path("output").asText()).isEqualTo("1 document");
  }

  record Run(UUID traceId, UUID callId, JsonNode answer) {}

  private Run orchestrate(boolean parentsFirst) throws Exception {
    return orchestrate(parentsFirst, false);
  }

  /**
   * The orchestrator: a trace, a workflow span around the HTTP call to the retrieval service (which
   * adds a client span), an LLM span; then it ends the trace and waits for delivery.
   *
   * @param traceDeliveredFirst instead of the tracing client, send the headers by hand after
   *     waiting until the trace is delivered: what happens without GALILEO_INGEST_PARENTS_FIRST
   *     when the trace, posted open as the headers leave, wins the race with the service's reads
   */
  private Run orchestrate(boolean parentsFirst, boolean traceDeliveredFirst) throws Exception {
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder()
            .mode(Mode.DISTRIBUTED)
            .apiUrl(console.url())
            .project(PROJECT)
            .logStream("orchestrator")
            .serviceName("orchestrator")
            .ingestParentsFirst(parentsFirst)
            .set("GALILEO_EXPORT_DELAY_MS", "60000")
            .build())
        .shutdownHook(false)
        .build();
    try {
      HttpClient http = JdkHttpTracing.builder(tracer).clientSpans(true).build().client(HttpClient.newHttpClient());
      JsonNode answer;
      UUID callId;
      Span trace = tracer.traceBuilder("answer question").setInput(Content.text(QUESTION)).start();
      try (Scope t = trace.makeCurrent()) {
        Span call = tracer.spanBuilder("call retrieval", SpanType.WORKFLOW).setInput(Content.text(QUESTION)).start();
        callId = call.context().spanId();
        try (Scope c = call.makeCurrent()) {
          HttpRequest.Builder request = HttpRequest.newBuilder(retrieval.uri().resolve("/retrieve"))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("query", QUESTION).toString()));
          HttpClient client = http;
          if (traceDeliveredFirst) {
            tracer.tracingHeaders().forEach(request::header);
            assertThat(tracer.flush(Duration.ofSeconds(30)).completed()).isTrue();
            client = PLAIN;
          }
          HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).as("%s\n%s", response.body(), retrieval.log()).isEqualTo(200);
          answer = JSON.readTree(response.body());
        }
        List<String> context = new ArrayList<>();
        answer.path("documents").forEach(d -> context.add(d.asText()));
        call.setOutput(Content.text(String.join("\n", context))).end();
        tracer.spanBuilder("answer", SpanType.LLM)
            .setInput(Content.messages(Message.user(QUESTION))).setModel("local").start()
            .setOutput(Content.message(Message.assistant("Galileo Galilei studied pendulums and falling bodies.")))
            .end();
      }
      trace.setOutput(Content.text("Galileo Galilei studied pendulums and falling bodies.")).end();
      DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(30));
      assertThat(receipt.completed()).as(receipt.toString()).isTrue();
      assertThat(receipt.failed()).as(receipt.toString()).isZero();
      assertThat(retrieval.log()).as("the retrieval service's output").doesNotContain("BLOCKED");
      return new Run(trace.context().traceId(), callId, answer);
    } finally {
      tracer.close(); // a no-op after the shutdown above; stops it when a check failed first
    }
  }

  private List<String> traceIds() throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    get("/api/traces").path("traces").forEach(t -> ids.add(t.path("id").asText()));
    return ids;
  }

  private static Map<String, JsonNode> byName(JsonNode detail) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    detail.path("spans").forEach(s -> assertThat(out.put(s.path("name").asText(), s))
        .as("another span named %s", s.path("name").asText()).isNull());
    return out;
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    URI uri = console.url().resolve(path);
    HttpResponse<String> r = PLAIN.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", uri, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
