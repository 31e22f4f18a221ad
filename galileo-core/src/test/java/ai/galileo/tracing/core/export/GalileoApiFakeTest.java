package ai.galileo.tracing.core.export;

import ai.galileo.tracing.galileoapifake.GalileoApiFake;
import ai.galileo.tracing.galileoapifake.CannedResponse;
import ai.galileo.tracing.galileoapifake.RecordedRequest;
import ai.galileo.tracing.galileoapifake.OpenApiSchemas;

import static ai.galileo.tracing.core.export.TestSpans.span;
import static ai.galileo.tracing.core.export.TestSpans.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.export.GalileoJson;
import ai.galileo.tracing.core.internal.export.SpanNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fake speaks the spec's ingest subset, checks what it gets, and fails on request. */
class GalileoApiFakeTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final UUID PROJECT = UUID.fromString("9b7c6d5e-4f3a-4b2c-9d1e-0f1a2b3c4d5e");

  final GalileoApiFake api = GalileoApiFake.start();
  final GalileoJson json = new GalileoJson("galileo-java/test", 100_000);
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void close() {
    api.close();
  }

  HttpResponse<String> send(String method, String path, byte[] body, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
        .timeout(Duration.ofSeconds(5))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body))
        .header(GalileoApiFake.SDK_HEADER, "galileo-java/test");
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (key != null) {
      b.header(GalileoApiFake.API_KEY_HEADER, key);
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> send(String method, String path, byte[] body) {
    return send(method, path, body, api.apiKey());
  }

  HttpResponse<String> send(String method, String path, String body) {
    return send(method, path, body.getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode parse(HttpResponse<String> r) {
    return parse(r.body().getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode parse(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The answer's body, after checking it against the response schema. */
  static JsonNode answer(HttpResponse<String> r, String schema) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode node = parse(r);
    if (node.isArray()) {
      node.forEach(e -> assertThat(OpenApiSchemas.get().validate(schema, e)).isEmpty());
    } else {
      assertThat(OpenApiSchemas.get().validate(schema, node)).isEmpty();
    }
    return node;
  }

  String traces() {
    return "/v2/projects/" + PROJECT + "/traces";
  }

  String spans() {
    return "/v2/projects/" + PROJECT + "/spans";
  }

  UUID withProjectAndLogStream() {
    api.addProject(PROJECT, "p");
    return api.addLogStream(PROJECT, "default");
  }

  @Test
  void healthcheckNeedsNoKey() {
    JsonNode body = answer(send("GET", "/v2/healthcheck", null, null), "HealthcheckResponse");

    assertThat(body.path("message").asText()).isEqualTo("ok");
  }

  @Test
  void aMissingOrWrongKeyGets401WithADetail() {
    HttpResponse<String> missing = send("GET", "/v2/projects", null, null);
    HttpResponse<String> wrong = send("POST", "/v2/projects", json.projectCreate("p"), "nope");

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(parse(missing).path("detail").asText()).isNotEmpty();
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(api.projectId("p")).as("nothing created").isNull();
    assertThat(api.requests()).extracting(RecordedRequest::status).containsExactly(401, 401);
    assertThat(api.requests().get(1).sdk()).isEqualTo("galileo-java/test");

    api.expectApiKey("rotated");
    assertThat(send("POST", "/v2/projects", json.projectCreate("p"), "rotated").statusCode())
        .isEqualTo(200);
  }

  @Test
  void projectsAreFoundByNameAndCreatedOnce() {
    JsonNode first = answer(send("POST", "/v2/projects", json.projectCreate("my project")),
        "ProjectCreateResponse");
    JsonNode again = answer(send("POST", "/v2/projects", json.projectCreate("my project")),
        "ProjectCreateResponse");
    send("POST", "/v2/projects", json.projectCreate("other"));

    assertThat(again.path("id")).isEqualTo(first.path("id"));
    UUID id = GalileoJson.readId(first.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(id).isEqualTo(api.projectId("my project"));

    HttpResponse<String> found = send("GET",
        "/v2/projects?project_name=" + URLEncoder.encode("my project", StandardCharsets.UTF_8),
        (byte[]) null);
    assertThat(answer(found, "ProjectDB")).hasSize(1);
    assertThat(GalileoJson.findIdByName(found.body().getBytes(StandardCharsets.UTF_8),
        "my project")).isEqualTo(id);
    assertThat(answer(send("GET", "/v2/projects", (byte[]) null), "ProjectDB")).hasSize(2);
    assertThat(parse(send("GET", "/v2/projects?project_name=none", (byte[]) null))).isEmpty();
    api.assertNoViolations();
  }

  @Test
  void logStreamsAreFoundByNameAndCreatedOnceInTheirProject() {
    api.addProject(PROJECT, "p");
    String path = "/v2/projects/" + PROJECT + "/log_streams";

    JsonNode first = answer(send("POST", path, json.logStreamCreate("default")),
        "LogStreamResponse");
    JsonNode again = answer(send("POST", path, json.logStreamCreate("default")),
        "LogStreamResponse");
    HttpResponse<String> list = send("GET", path, (byte[]) null);

    assertThat(again.path("id")).isEqualTo(first.path("id"));
    assertThat(answer(list, "LogStreamResponse")).hasSize(1);
    assertThat(GalileoJson.findIdByName(list.body().getBytes(StandardCharsets.UTF_8), "default"))
        .isEqualTo(UUID.fromString(first.path("id").asText()))
        .isEqualTo(api.logStreamId(PROJECT, "default"));
    api.assertNoViolations();
  }

  @Test
  void sessionsAreCreated() {
    UUID logStream = withProjectAndLogStream();

    JsonNode session = answer(send("POST", "/v2/projects/" + PROJECT + "/sessions",
        json.sessionCreate(logStream, "chat", "ext-1")), "SessionCreateResponse");

    assertThat(session.path("name").asText()).isEqualTo("chat");
    assertThat(api.sessionsById()).containsKey(UUID.fromString(session.path("id").asText()));
    api.assertNoViolations();
  }

  @Test
  void anUnknownProjectOrLogStreamIsNotFound() {
    SpanData t = trace("t").build();
    byte[] body = json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true);

    assertThat(send("POST", traces(), body).statusCode()).isEqualTo(404);
    api.addProject(PROJECT, "p");
    byte[] unknownStream =
        json.tracesIngest(UUID.randomUUID(), null, List.of(SpanNode.leaf(t)), true);
    assertThat(send("POST", traces(), unknownStream).statusCode()).isEqualTo(404);
    assertThat(api.violations()).hasSize(2);
    assertThat(api.tracesById()).isEmpty();
  }

  // --- checking bodies

  @Test
  void aWrongFieldTypeIsRecordedAndRejected() {
    withProjectAndLogStream();
    SpanData t = trace("t").build();
    ObjectNode body = (ObjectNode) parse(json.tracesIngest(null, null,
        List.of(SpanNode.leaf(t)), true));
    ((ObjectNode) body.path("traces").path(0)).put("status_code", "500");

    HttpResponse<String> r = send("POST", traces(), body.toString());

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(parse(r).path("detail").path(0).path("msg").asText()).contains("status_code");
    assertThat(api.requests().get(0).violations()).anyMatch(v -> v.contains("status_code"));
    assertThat(api.tracesById()).isEmpty();
    assertThatThrownBy(api::assertNoViolations).isInstanceOf(AssertionError.class)
        .hasMessageContaining("/traces/0/status_code");
  }

  @Test
  void aUuidThatIsNotVersion4IsRejected() {
    withProjectAndLogStream();
    UUID v1 = UUID.fromString("6f1e0b2c-3a4d-1e5f-8a9b-0c1d2e3f4a5b");
    SpanData t = trace("t").id(v1).build();

    HttpResponse<String> r =
        send("POST", traces(), json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true));

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(api.violations()).anyMatch(v -> v.contains("/traces/0/id") && v.contains("uuid4"));
    assertThat(send("PATCH", spans() + "/" + v1, json.spanUpdate(null,
        span(SpanType.TOOL, "s", t).id(v1).build())).statusCode()).isEqualTo(422);
    assertThat(api.requests().get(1).violations()).anyMatch(v -> v.contains("span_id"));
  }

  @ParameterizedTest
  @CsvSource({
      "6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b, true",
      "6F1E0B2C-3A4D-4E5F-8A9B-0C1D2E3F4A5B, true",
      "6f1e0b2c-3a4d-4e5f-bA9b-0c1d2e3f4a5b, true",
      "6f1e0b2c-3a4d-1e5f-8a9b-0c1d2e3f4a5b, false", // version 1
      "6f1e0b2c-3a4d-4e5f-ca9b-0c1d2e3f4a5b, false", // Microsoft variant
      "00000000-0000-0000-0000-000000000000, false",
      "6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b, false",
      "{6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b}, false",
      "6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5, false",
      "6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5g, false"
  })
  void uuid4AcceptsOnlyCanonicalVersion4(String value, boolean valid) {
    JsonNode body = MAPPER.createObjectNode().put("span_id", value);

    assertThat(OpenApiSchemas.get().validate("LogSpanUpdateRequest", body).isEmpty())
        .isEqualTo(valid);
  }

  @Test
  void undeclaredFieldsBadTimestampsAndBrokenBodiesAreViolations() {
    withProjectAndLogStream();
    SpanData t = trace("t").build();
    ObjectNode body = (ObjectNode) parse(json.tracesIngest(null, null,
        List.of(SpanNode.leaf(t)), true));
    ObjectNode record = (ObjectNode) body.path("traces").path(0);
    record.put("created_at", "2026-07-07 15:55:01");
    record.put("durationNs", 5);

    send("POST", traces(), body.toString());
    HttpResponse<String> notJson = send("POST", traces(), "{\"traces\": [");
    HttpResponse<String> noType = send("POST", traces(),
        json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true), api.apiKey());

    assertThat(api.requests().get(0).violations())
        .anyMatch(v -> v.contains("created_at"))
        .anyMatch(v -> v.contains("durationNs"));
    assertThat(notJson.statusCode()).isEqualTo(422);
    assertThat(api.requests().get(1).violations()).anyMatch(v -> v.contains("not JSON"));
    assertThat(noType.statusCode()).as("well-formed, so accepted").isEqualTo(200);
  }

  @Test
  void idsThatContradictTheirNestingAreRejected() {
    withProjectAndLogStream();
    SpanData t = trace("t").build();
    SpanData stray = span(SpanType.TOOL, "stray", UUID.randomUUID(), t.spanId()).build();

    HttpResponse<String> r = send("POST", traces(), json.tracesIngest(null, null,
        List.of(new SpanNode(t, List.of(SpanNode.leaf(stray)))), true));

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(api.violations()).anyMatch(v -> v.contains("trace_id"));
    assertThat(api.spansById()).isEmpty();
  }

  @Test
  void unknownRoutesAndMethodsAreViolations() {
    assertThat(send("GET", "/v2/projects/" + PROJECT + "/nothing", (byte[]) null).statusCode())
        .isEqualTo(404);
    assertThat(send("DELETE", "/v2/projects", (byte[]) null).statusCode()).isEqualTo(405);
    assertThat(send("GET", "/projects", (byte[]) null).statusCode()).as("no /v2").isEqualTo(404);
    assertThat(api.violations()).hasSize(3);
  }

  // --- merging by id

  @Test
  void ingestsAndUpdatesMergeByIdLikeTheBackend() {
    UUID logStream = withProjectAndLogStream();
    SpanData started = trace("request").input("q").started().build();
    SpanData wf = span(SpanType.WORKFLOW, "wf", started).started().build();
    SpanData llm = span(SpanType.LLM, "llm", wf).input("q").started().build();

    JsonNode ingested = answer(send("POST", traces(), json.tracesIngest(logStream, null,
        List.of(new SpanNode(started, List.of(SpanNode.leaf(wf)))), false)),
        "LogTracesIngestResponse");
    answer(send("POST", spans(), json.spansIngest(logStream, started.traceId(), wf.spanId(),
        List.of(SpanNode.leaf(llm)))), "LogSpansIngestResponse");
    SpanData llmEnded = span(SpanType.LLM, "llm", wf).id(llm.spanId()).input("q")
        .output(Content.message(Message.assistant("a"))).tags("t1").duration(7).build();
    answer(send("PATCH", spans() + "/" + llm.spanId(), json.spanUpdate(logStream, llmEnded)),
        "LogSpanUpdateResponse");
    send("POST", spans(), json.spansIngest(logStream, started.traceId(), wf.spanId(),
        List.of(SpanNode.leaf(llmEnded))));
    SpanData ended = trace("request").id(started.traceId()).input("q").output("a").build();
    answer(send("PATCH", traces() + "/" + started.traceId(),
        json.traceUpdate(logStream, ended, true)), "LogTraceUpdateResponse");

    api.assertNoViolations();
    assertThat(ingested.path("traces_count").asInt()).isEqualTo(1);
    assertThat(ingested.path("spans_count").asInt()).isEqualTo(1);
    ObjectNode traceRecord = api.tracesById().get(started.traceId());
    assertThat(traceRecord.path("is_complete").asBoolean()).isTrue();
    assertThat(traceRecord.path("output").asText()).isEqualTo("a");
    assertThat(traceRecord.path("metrics").path("duration_ns").asLong()).isEqualTo(1_500_000L);
    assertThat(traceRecord.path("log_stream_id").asText()).isEqualTo(logStream.toString());
    assertThat(traceRecord.has("spans")).as("stored flat").isFalse();
    ObjectNode llmRecord = api.spansById().get(llm.spanId());
    assertThat(llmRecord.path("parent_id").asText()).isEqualTo(wf.spanId().toString());
    assertThat(llmRecord.path("output").path("content").asText()).isEqualTo("a");
    assertThat(llmRecord.path("metrics").path("duration_ns").asLong()).isEqualTo(7);
    assertThat(llmRecord.path("tags").toString()).isEqualTo("[\"t1\"]");
    assertThat(api.childrenOf(started.traceId())).extracting(n -> n.path("name").asText())
        .containsExactly("wf");
    assertThat(api.postCount(llm.spanId())).as("a duplicate shows").isEqualTo(2);
    assertThat(api.patchCount(llm.spanId())).isEqualTo(1);
    assertThat(api.postCount(started.traceId())).isEqualTo(1);
    assertThat(api.spansById()).hasSize(2);
  }

  @Test
  void aSpanForATraceAlreadyCompleteIsRefusedAsGalileoRefusesIt() {
    UUID logStream = withProjectAndLogStream();
    SpanData started = trace("request").input("q").started().build();
    SpanData wf = span(SpanType.WORKFLOW, "wf", started).started().build();
    answer(send("POST", traces(), json.tracesIngest(logStream, null,
        List.of(new SpanNode(started, List.of(SpanNode.leaf(wf)))), false)), "LogTracesIngestResponse");
    SpanData ended = trace("request").id(started.traceId()).input("q").output("a").build();
    answer(send("PATCH", traces() + "/" + started.traceId(), json.traceUpdate(logStream, ended, true)),
        "LogTraceUpdateResponse");

    SpanData late = span(SpanType.TOOL, "late", wf).build();
    var post = send("POST", spans(), json.spansIngest(logStream, started.traceId(), wf.spanId(),
        List.of(SpanNode.leaf(late))));
    SpanData wfEnded = span(SpanType.WORKFLOW, "wf", started).id(wf.spanId()).output("x").build();
    var patch = send("PATCH", spans() + "/" + wf.spanId(), json.spanUpdate(logStream, wfEnded));
    var again = send("POST", traces(), json.tracesIngest(logStream, null,
        List.of(SpanNode.leaf(ended)), true));

    for (var refused : List.of(post, patch, again)) {
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).isEqualTo("{\"detail\":\"Trace is marked as complete\"}");
    }
    assertThat(api.spansById()).doesNotContainKey(late.spanId());
    assertThat(api.spansById().get(wf.spanId()).has("output")).isFalse();
    assertThat(api.lateRejections()).isEqualTo(3);
    assertThat(api.violations()).hasSize(3).allMatch(v -> v.contains("Trace is marked as complete (trace "));
  }

  @Test
  void aSpanCanBeReadBackByIdAndIsNotFoundBeforeItArrives() {
    UUID logStream = withProjectAndLogStream();
    SpanData t = trace("t").build();
    SpanData s = span(SpanType.TOOL, "s", t).duration(5).build();
    assertThat(send("GET", spans() + "/" + s.spanId(), (byte[]) null).statusCode()).isEqualTo(404);
    answer(send("POST", traces(), json.tracesIngest(logStream, null,
        List.of(new SpanNode(t, List.of(SpanNode.leaf(s)))), true)), "LogTracesIngestResponse");
    var span = send("GET", spans() + "/" + s.spanId(), (byte[]) null);
    assertThat(span.statusCode()).isEqualTo(200);
    assertThat(span.body()).contains("\"duration_ns\":5");
    assertThat(send("GET", traces() + "/" + t.traceId(), (byte[]) null).statusCode()).isEqualTo(200);
    api.assertNoViolations();
  }

  @Test
  void updatingWhatWasNeverIngestedIsNotFound() {
    UUID logStream = withProjectAndLogStream();
    SpanData t = trace("t").build();
    SpanData s = span(SpanType.TOOL, "s", t).build();

    assertThat(send("PATCH", spans() + "/" + s.spanId(), json.spanUpdate(logStream, s))
        .statusCode()).isEqualTo(404);
    assertThat(send("PATCH", traces() + "/" + t.traceId(), json.traceUpdate(logStream, t, true))
        .statusCode()).isEqualTo(404);
    assertThat(send("PATCH", spans() + "/" + UUID.randomUUID(), json.spanUpdate(logStream, s))
        .statusCode()).as("path and body disagree").isEqualTo(422);
    assertThat(api.violations()).hasSize(3);
  }

  // --- failures on request

  @Test
  void cannedFailuresAnswerTheNextIngestsInOrder() {
    withProjectAndLogStream();
    api.enqueue(CannedResponse.of(500));
    api.enqueue(CannedResponse.of(429).withRetryAfter("2").withBody("{\"detail\":\"slow down\"}"));
    SpanData t = trace("t").build();
    byte[] body = json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true);

    HttpResponse<String> projects = send("GET", "/v2/projects", (byte[]) null);
    HttpResponse<String> first = send("POST", traces(), body);
    HttpResponse<String> second = send("POST", traces(), body);
    HttpResponse<String> third = send("POST", traces(), body);

    assertThat(projects.statusCode()).as("not an ingest").isEqualTo(200);
    assertThat(first.statusCode()).isEqualTo(500);
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(parse(second).path("detail").asText()).isEqualTo("slow down");
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(api.postCount(t.traceId())).as("failed requests store nothing").isEqualTo(1);
    assertThat(api.cannedLeft()).isZero();
    api.assertNoViolations();
  }

  @Test
  void aCannedResponseCanTargetAnyRoute() {
    api.enqueue(CannedResponse.of(503).withRetryAfter("1").onAnyRoute());

    assertThat(send("GET", "/v2/projects", (byte[]) null).statusCode()).isEqualTo(503);
    assertThat(send("GET", "/v2/projects", (byte[]) null).statusCode()).isEqualTo(200);
  }

  @Test
  void aDelayOutlastsAShortClientTimeout() throws Exception {
    withProjectAndLogStream();
    api.delay(Duration.ofMillis(500));
    SpanData t = trace("t").build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(api.baseUrl() + traces()))
        .timeout(Duration.ofMillis(100))
        .header(GalileoApiFake.API_KEY_HEADER, api.apiKey())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(
            json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true)))
        .build();

    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    // The server still processed it: the client cannot know, so a retry would duplicate it.
    api.awaitRequests(GalileoApiFake.Route.INGEST_TRACES, 1, Duration.ofSeconds(5));
    assertThat(api.postCount(t.traceId())).isEqualTo(1);
  }

  @Test
  void downRefusesConnectionsAndUpServesOnTheSamePort() throws Exception {
    api.addProject(PROJECT, "p");
    int port = api.port();
    assertThat(send("GET", "/v2/healthcheck", (byte[]) null).statusCode()).isEqualTo(200);

    api.down();
    assertThat(api.isDown()).isTrue();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v2/healthcheck")).build();
    assertThatThrownBy(() -> client.send(health, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);

    api.up();
    assertThat(api.port()).isEqualTo(port);
    assertThat(client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    assertThat(api.projectId("p")).as("the store survives").isEqualTo(PROJECT);
  }
}
