package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * This SDK, unchanged, logs a distributed trace made by two services into the console, each
 * service to its own log stream, and the console shows one merged trace.
 */
class SdkEndToEndTest {
  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  GalileoTracer service(String name, Mode mode) {
    return GalileoTracer.builder()
        .config(GalileoConfig.builder()
            .mode(mode)
            .apiUrl(URI.create(console.console().url().toString()))
            .project("rag-demo")
            .logStream(name)
            .serviceName(name)
            .set("GALILEO_EXPORT_DELAY_MS", "20")
            .set("GALILEO_RETRY_INITIAL_BACKOFF_MS", "50")
            .set("GALILEO_RETRY_MAX_ELAPSED_MS", "10000")
            .build())
        .shutdownHook(false)
        .build();
  }

  @Test
  void aTwoServiceDistributedTraceArrivesAsOneMergedTrace() {
    GalileoTracer orchestrator = service("orchestrator", Mode.DISTRIBUTED);
    GalileoTracer retrieval = service("retrieval", Mode.DISTRIBUTED);
    UUID traceId;
    UUID callId;
    Span trace = orchestrator.traceBuilder("answer question")
        .setInput(Content.text("What did Galileo study?")).start();
    traceId = trace.context().traceId();
    try (Scope t = trace.makeCurrent()) {
      Span call = orchestrator.spanBuilder("call retrieval", SpanType.WORKFLOW).start();
      callId = call.context().spanId();
      Map<String, String> headers;
      try (Scope c = call.makeCurrent()) {
        headers = new HashMap<>(orchestrator.tracingHeaders());
      }
      // The retrieval service, handling the request: its spans continue the caller's trace.
      Context remote = retrieval.extractHeaders(headers);
      Span server = retrieval.spanBuilder("POST /retrieve", SpanType.WORKFLOW).setParent(remote).start();
      try (Scope s = server.makeCurrent()) {
        retrieval.spanBuilder("search", SpanType.RETRIEVER).setInput(Content.text("Galileo")).start()
            .setOutput(Content.documents(Document.of("He studied motion.", Map.of("source", "kb"))))
            .end();
      }
      server.setOutput(Content.text("1 document")).end();
      assertThat(retrieval.flush(Duration.ofSeconds(10)).failed()).isZero();
      call.setOutput(Content.text("1 document")).end();

      Span llm = orchestrator.spanBuilder("answer", SpanType.LLM)
          .setInput(Content.messages(Message.user("What did Galileo study?"))).setModel("local").start();
      llm.setTokens(5, 3).setOutput(Content.message(Message.assistant("Motion."))).end();
    }
    trace.setOutput(Content.text("Motion.")).end();
    DeliveryReceipt a = orchestrator.shutdown(Duration.ofSeconds(10));
    DeliveryReceipt b = retrieval.shutdown(Duration.ofSeconds(10));
    assertThat(a.failed()).as(a.toString()).isZero();
    assertThat(b.failed()).as(b.toString()).isZero();

    JsonNode detail = ok(console.bare().get("/api/traces/" + traceId)).json();
    JsonNode summary = detail.path("trace");
    assertThat(summary.path("name").asText()).isEqualTo("answer question");
    assertThat(summary.path("is_complete").asBoolean()).isTrue();
    assertThat(summary.path("is_stub").asBoolean()).isFalse();
    assertThat(summary.path("project_name").asText()).isEqualTo("rag-demo");
    assertThat(summary.path("log_stream_name").asText()).isEqualTo("orchestrator");
    assertThat(summary.path("span_count").asInt()).isEqualTo(4);
    assertThat(summary.path("services")).extracting(JsonNode::asText)
        .containsExactly("orchestrator", "retrieval");
    assertThat(summary.path("record").path("output").asText()).isEqualTo("Motion.");

    Map<String, JsonNode> byName = new HashMap<>();
    detail.path("spans").forEach(s -> byName.put(s.path("name").asText(), s));
    assertThat(byName).containsOnlyKeys("call retrieval", "POST /retrieve", "search", "answer");
    JsonNode server = byName.get("POST /retrieve");
    assertThat(server.path("parent_id").asText()).isEqualTo(callId.toString());
    assertThat(server.path("service_name").asText()).isEqualTo("retrieval");
    assertThat(server.path("log_stream_name").asText()).isEqualTo("retrieval");
    assertThat(byName.get("search").path("parent_id").asText()).isEqualTo(server.path("id").asText());
    assertThat(byName.get("search").path("record").path("output").get(0).path("metadata")
        .path("source").asText()).isEqualTo("kb");
    assertThat(byName.get("call retrieval").path("service_name").asText()).isEqualTo("orchestrator");
    assertThat(byName.get("call retrieval").path("record").path("output").asText()).isEqualTo("1 document");
    assertThat(byName.get("answer").path("record").path("metrics").path("num_input_tokens").asInt())
        .isEqualTo(5);

    // And Galileo's own GET of the trace gives the same tree, nested.
    JsonNode projects = ok(console.v2().get("/projects?project_name=rag-demo")).json();
    String project = projects.get(0).path("id").asText();
    JsonNode tree = ok(console.v2().get("/projects/" + project + "/traces/" + traceId)).json();
    assertThat(tree.path("num_spans").asInt()).isEqualTo(4);
    JsonNode callNode = tree.path("spans").get(0).path("name").asText().equals("call retrieval")
        ? tree.path("spans").get(0) : tree.path("spans").get(1);
    assertThat(callNode.path("spans").get(0).path("name").asText()).isEqualTo("POST /retrieve");
    assertThat(callNode.path("spans").get(0).path("spans").get(0).path("name").asText()).isEqualTo("search");
  }

  @Test
  void batchModeTracesArriveWholeAndSoDoTheirUpdates() {
    GalileoTracer tracer = service("batch-service", Mode.BATCH);
    Span trace = tracer.traceBuilder("batch trace").start();
    try (Scope t = trace.makeCurrent()) {
      tracer.spanBuilder("tool", SpanType.TOOL).setInput(Content.text("in")).start()
          .setOutput(Content.text("out")).end();
    }
    trace.end();
    assertThat(tracer.shutdown(Duration.ofSeconds(10)).failed()).isZero();
    JsonNode detail = ok(console.bare().get("/api/traces/" + trace.context().traceId())).json();
    assertThat(detail.path("trace").path("span_count").asInt()).isEqualTo(1);
    assertThat(detail.path("spans").get(0).path("record").path("output").asText()).isEqualTo("out");
  }
}
