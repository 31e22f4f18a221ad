package ai.galileo.tracing.core.export;

import ai.galileo.tracing.galileoapifake.GalileoApiFake;
import ai.galileo.tracing.galileoapifake.RecordedRequest;

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
import ai.galileo.tracing.core.internal.SdkVersion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The galileo exporter end to end: a real tracer sends over HTTP to a fake of Galileo's API that
 * checks every body against the OpenAPI schema and merges what it receives by id.
 */
class GalileoExportTest {
  private final GalileoApiFake api = GalileoApiFake.start();

  @AfterEach
  void close() {
    api.close();
  }

  GalileoTracer tracer(Mode mode) {
    return tracer(mode, api.apiKey());
  }

  GalileoTracer tracer(Mode mode, String apiKey) {
    return GalileoTracer.builder()
        .config(GalileoConfig.builder()
            .mode(mode)
            .apiUrl(URI.create(api.baseUrl()))
            .apiKey(apiKey)
            .project("rag-demo")
            .logStream("orchestrator")
            .serviceName("orchestrator")
            .set("GALILEO_EXPORT_DELAY_MS", "20")
            .set("GALILEO_RETRY_INITIAL_BACKOFF_MS", "50")
            .set("GALILEO_RETRY_MAX_ELAPSED_MS", "15000")
            .build())
        .shutdownHook(false)
        .build();
  }

  /** One RAG request with every span type, as the example pipeline makes it. */
  static UUID ragTrace(GalileoTracer tracer) {
    Span trace = tracer.traceBuilder("answer question").setInput("What did Galileo Galilei research?").start();
    try (Scope t = trace.makeCurrent()) {
      Span agent = tracer.spanBuilder("plan", SpanType.AGENT).setInput("decide steps").start();
      try (Scope a = agent.makeCurrent()) {
        Span workflow = tracer.spanBuilder("retrieve context", SpanType.WORKFLOW).setInput("question").start();
        try (Scope w = workflow.makeCurrent()) {
          tracer.spanBuilder("search", SpanType.RETRIEVER).setInput("Galileo research").start()
              .end(Content.documents(Document.of("He studied motion.", Map.of("source", "kb", "score", 0.9))));
          tracer.spanBuilder("format", SpanType.TOOL).setInput("docs").start().end("context");
        }
        workflow.end();
        Span llm = tracer.spanBuilder("answer", SpanType.LLM)
            .setInput(Content.messages(Message.system("Answer briefly."), Message.user("What did he research?")))
            .setModel("local-answerer").start();
        llm.setTokens(12, 7).setTemperature(0.0);
        llm.end(Content.message(Message.assistant("Motion, astronomy and optics.")));
      }
      agent.end();
    }
    trace.end();
    return trace.context().traceId();
  }

  @Test
  void batchModeSendsEachTraceWholeWithEverySpanTypeAndValidBodies() {
    GalileoTracer tracer = tracer(Mode.BATCH);
    UUID traceId = ragTrace(tracer);
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(10));

    assertThat(receipt.completed()).isTrue();
    assertThat(receipt.sent()).isEqualTo(6);
    assertThat(receipt.failed()).isZero();
    api.assertNoViolations();
    List<RecordedRequest> ingests = api.requests(GalileoApiFake.Route.INGEST_TRACES);
    assertThat(ingests).hasSize(1);
    assertThat(ingests.get(0).body().path("is_complete").asBoolean()).isTrue();
    assertThat(ingests.get(0).header("X-Galileo-SDK")).isEqualTo("galileo-java/" + SdkVersion.VERSION);
    assertThat(api.requests(GalileoApiFake.Route.UPDATE_SPAN)).isEmpty();

    ObjectNode trace = api.tracesById().get(traceId);
    assertThat(trace.path("output").asText()).isEqualTo("Motion, astronomy and optics.");
    Map<UUID, ObjectNode> spans = api.spansById();
    assertThat(spans.values()).extracting(s -> s.path("type").asText())
        .containsExactlyInAnyOrder("agent", "workflow", "retriever", "tool", "llm");
    for (UUID id : spans.keySet()) {
      assertThat(api.postCount(id)).as("ingests of %s", id).isEqualTo(1);
    }
    ObjectNode llm = byName(spans, "answer");
    assertThat(llm.path("model").asText()).isEqualTo("local-answerer");
    assertThat(llm.path("metrics").path("num_total_tokens").asInt()).isEqualTo(19);
    assertThat(llm.path("user_metadata").path("service.name").asText()).isEqualTo("orchestrator");
    ObjectNode search = byName(spans, "search");
    assertThat(search.path("parent_id").asText()).isEqualTo(byName(spans, "retrieve context").path("id").asText());
    assertThat(search.path("output").get(0).path("metadata").path("score").asDouble()).isEqualTo(0.9);
  }

  @Test
  void distributedModePostsATraceOpenWhenHeadersLeaveAndCompletesItLast() {
    GalileoTracer tracer = tracer(Mode.DISTRIBUTED);
    Span trace = tracer.traceBuilder("answer question").setInput("q").start();
    Span workflow = tracer.spanBuilder("call retrieval", SpanType.WORKFLOW)
        .setParent(Context.root().with(trace)).setInput("q").start();
    Map<String, String> headers;
    try (Scope s = workflow.makeCurrent()) {
      headers = tracer.tracingHeaders(); // another service may now join the trace
    }
    assertThat(headers).containsKey("X-Galileo-Parent-ID");
    tracer.flush(Duration.ofSeconds(5));
    // The LLM span starts and ends between two sends: it goes out once, complete.
    Span llm = tracer.spanBuilder("answer", SpanType.LLM).setParent(Context.root().with(workflow))
        .setInput("q").setModel("m").start();
    llm.setTokens(3, 4).end("a");
    Span tool = tracer.spanBuilder("format", SpanType.TOOL).setParent(Context.root().with(trace))
        .setInput("docs").start();
    tool.end("context");
    workflow.end("retrieved");
    tracer.flush(Duration.ofSeconds(5));
    trace.end("final answer");
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(10));

    assertThat(receipt.failed()).isZero();
    api.assertNoViolations();
    UUID traceId = trace.context().traceId();
    RecordedRequest firstTracePost = api.requests(GalileoApiFake.Route.INGEST_TRACES).get(0);
    assertThat(firstTracePost.body().path("is_complete").asBoolean()).isFalse();
    assertThat(firstTracePost.body().path("traces").get(0).path("spans").size()).isZero();

    assertThat(api.postCount(traceId)).isEqualTo(1);
    assertThat(api.patchCount(traceId)).isEqualTo(1);
    // Only the trace is posted open: spans go once, complete (the other service's spans may
    // arrive before their parent; GALILEO_INGEST_PARENTS_FIRST posts the parents open first).
    for (Span once : List.of(workflow, llm, tool)) {
      assertThat(api.postCount(once.context().spanId())).isEqualTo(1);
      assertThat(api.patchCount(once.context().spanId())).isZero();
    }

    ObjectNode llmRecord = api.spansById().get(llm.context().spanId());
    assertThat(llmRecord.path("metrics").path("num_input_tokens").asInt()).isEqualTo(3);
    assertThat(api.spansById().get(workflow.context().spanId()).path("output").asText()).isEqualTo("retrieved");
    ObjectNode traceRecord = api.tracesById().get(traceId);
    assertThat(traceRecord.path("output").asText()).isEqualTo("final answer");

    RecordedRequest completion = api.requests(GalileoApiFake.Route.UPDATE_TRACE).get(0);
    assertThat(completion.body().path("is_complete").asBoolean()).isTrue();
    long lastSpanRequest = api.requests().stream()
        .filter(r -> r.route() == GalileoApiFake.Route.INGEST_SPANS || r.route() == GalileoApiFake.Route.UPDATE_SPAN)
        .mapToLong(RecordedRequest::sequence).max().orElseThrow();
    assertThat(completion.sequence()).isGreaterThan(lastSpanRequest);
  }

  @Test
  void distributedModeSendsATraceNoOtherServiceCanJoinInOneRequest() {
    GalileoTracer tracer = tracer(Mode.DISTRIBUTED);
    UUID traceId = ragTrace(tracer);
    assertThat(tracer.shutdown(Duration.ofSeconds(10)).failed()).isZero();

    api.assertNoViolations();
    assertThat(api.requests(GalileoApiFake.Route.INGEST_TRACES)).hasSize(1);
    assertThat(api.requests(GalileoApiFake.Route.INGEST_SPANS)).isEmpty();
    assertThat(api.requests(GalileoApiFake.Route.UPDATE_TRACE)).isEmpty();
    RecordedRequest post = api.requests(GalileoApiFake.Route.INGEST_TRACES).get(0);
    assertThat(post.body().path("is_complete").asBoolean()).isTrue();
    assertThat(api.tracesById()).containsOnlyKeys(traceId);
    assertThat(api.spansById()).hasSize(5);
  }

  @Test
  void distributedModeCarriesManySpansOfOneParentInOneRequest() {
    GalileoTracer tracer = tracer(Mode.DISTRIBUTED);
    Span trace = tracer.traceBuilder("fan out").start();
    tracer.flush(Duration.ofSeconds(5));
    for (int i = 0; i < 20; i++) {
      tracer.spanBuilder("tool-" + i, SpanType.TOOL).setParent(Context.root().with(trace)).start().end("ok");
    }
    tracer.flush(Duration.ofSeconds(5));
    trace.end();
    tracer.shutdown(Duration.ofSeconds(10));

    api.assertNoViolations();
    assertThat(api.childrenOf(trace.context().traceId())).hasSize(20);
    assertThat(api.requests(GalileoApiFake.Route.INGEST_SPANS)).hasSizeLessThanOrEqualTo(2);
    assertThat(api.requests(GalileoApiFake.Route.UPDATE_SPAN)).isEmpty();
  }

  @Test
  void aServiceContinuingARemoteParentPostsItsSpansIntoThatTraceAndNeverTheTrace() {
    UUID upstreamTrace = UUID.randomUUID();
    UUID upstreamParent = UUID.randomUUID();
    for (Mode mode : Mode.values()) {
      GalileoTracer tracer = tracer(mode);
      Context remote = tracer.extractHeaders(Map.of(
          "X-Galileo-Trace-ID", upstreamTrace.toString(), "X-Galileo-Parent-ID", upstreamParent.toString()));
      Span server = tracer.spanBuilder("POST /retrieve " + mode, SpanType.WORKFLOW).setParent(remote).start();
      try (Scope s = server.makeCurrent()) {
        tracer.spanBuilder("search " + mode, SpanType.RETRIEVER).start().end(Content.documents(Document.of("fact")));
      }
      server.end();
      assertThat(tracer.shutdown(Duration.ofSeconds(10)).failed()).isZero();
    }
    api.assertNoViolations();
    assertThat(api.tracesById()).isEmpty();
    assertThat(api.childrenOf(upstreamParent)).extracting(n -> n.path("name").asText())
        .containsExactlyInAnyOrder("POST /retrieve BATCH", "POST /retrieve DISTRIBUTED");
    assertThat(api.spansById().values()).allSatisfy(s ->
        assertThat(s.path("trace_id").asText()).isEqualTo(upstreamTrace.toString()));
  }

  @Test
  void projectAndLogStreamAreFoundByNameAndCreatedOnlyOnce() {
    for (int i = 0; i < 2; i++) {
      GalileoTracer tracer = tracer(Mode.BATCH);
      tracer.traceBuilder("t" + i).start().end();
      tracer.shutdown(Duration.ofSeconds(10));
    }
    api.assertNoViolations();
    assertThat(api.requests(GalileoApiFake.Route.CREATE_PROJECT)).hasSize(1);
    assertThat(api.requests(GalileoApiFake.Route.CREATE_LOG_STREAM)).hasSize(1);
    UUID project = api.projectId("rag-demo");
    assertThat(api.logStreamId(project, "orchestrator")).isNotNull();
    assertThat(api.requests(GalileoApiFake.Route.INGEST_TRACES))
        .allSatisfy(r -> assertThat(r.path()).startsWith("/v2/projects/" + project + "/"));
  }

  @Test
  void spansNeverEndedAreSentAtShutdownMarkedUnfinished() {
    GalileoTracer tracer = tracer(Mode.BATCH);
    Span trace = tracer.traceBuilder("abandoned").setInput("q").start();
    Span open = tracer.spanBuilder("hanging call", SpanType.TOOL).setParent(Context.root().with(trace)).start();
    open.setOutput("half done");
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(10));

    assertThat(receipt.completed()).isTrue();
    api.assertNoViolations();
    RecordedRequest ingest = api.requests(GalileoApiFake.Route.INGEST_TRACES).get(0);
    assertThat(ingest.body().path("is_complete").asBoolean()).isFalse();
    ObjectNode span = api.spansById().get(open.context().spanId());
    assertThat(span.path("user_metadata").path("unfinished").asText()).isEqualTo("true");
    assertThat(span.path("output").asText()).isEqualTo("half done");
  }

  @Test
  void hugeAndHostileContentArrivesAsValidJson() {
    GalileoTracer tracer = tracer(Mode.BATCH);
    String huge = "x".repeat(10 * 1024 * 1024);
    String hostile = "nul\u0000 bell\u0007 \uD83D\uDE00 \u202Eevil\u202C lone\uD800 low\uDC00 <script>";
    Span trace = tracer.traceBuilder("hostile").setInput(hostile).start();
    tracer.spanBuilder("big", SpanType.TOOL).setParent(Context.root().with(trace)).setInput(huge).start().end(hostile);
    trace.end(hostile);
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(20));

    assertThat(receipt.sent()).isEqualTo(2);
    api.assertNoViolations();
    ObjectNode big = byName(api.spansById(), "big");
    assertThat(big.path("input").asText()).hasSizeLessThan(1_000_100).contains("truncated");
    String output = big.path("output").asText();
    assertThat(output).contains("nul\u0000", "\uD83D\uDE00", "\u202Eevil").doesNotContain("\uD800", "\uDC00")
        .contains("\uFFFD");
  }

  @Test
  void aConfiguredSessionIsCreatedOnceAndTracesJoinIt() {
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder()
            .apiUrl(URI.create(api.baseUrl())).apiKey(api.apiKey()).project("sessions")
            .set("GALILEO_SESSION_NAME", "conversation-1").build())
        .shutdownHook(false)
        .build();
    tracer.traceBuilder("turn 1").start().end();
    tracer.flush(Duration.ofSeconds(5));
    tracer.traceBuilder("turn 2").start().end();
    tracer.shutdown(Duration.ofSeconds(10));

    api.assertNoViolations();
    assertThat(api.requests(GalileoApiFake.Route.CREATE_SESSION)).hasSize(1);
    UUID session = api.sessionsById().keySet().iterator().next();
    assertThat(api.requests(GalileoApiFake.Route.INGEST_TRACES)).hasSize(2)
        .allSatisfy(r -> assertThat(r.body().path("session_id").asText()).isEqualTo(session.toString()));
  }

  private static ObjectNode byName(Map<UUID, ObjectNode> records, String name) {
    return records.values().stream().filter(r -> name.equals(r.path("name").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no record named " + name));
  }

  static JsonNode first(List<RecordedRequest> requests) {
    return requests.get(0).body();
  }
}
