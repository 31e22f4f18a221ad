package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.obj;
import static ai.galileo.tracing.console.Api.ok;
import static ai.galileo.tracing.console.Records.span;
import static ai.galileo.tracing.console.Records.spansIngest;
import static ai.galileo.tracing.console.Records.trace;
import static ai.galileo.tracing.console.Records.tracesIngest;
import static ai.galileo.tracing.console.Records.withSpans;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input: 422 in Galileo's validation-error shape naming the bad field, 413 for oversized
 * bodies, 415 for bodies that are not JSON; the server never crashes, and what was stored before
 * stays as it was.
 */
class BadInputTest {
  @RegisterExtension
  final RunningConsole console = RunningConsole.with(b -> b.maxBodyBytes(64 * 1024));

  Api api;
  UUID project;
  UUID stream;
  UUID traceId;
  String traces;
  String spans;

  @BeforeEach
  void setUp() {
    api = console.v2();
    project = api.project("rag-demo");
    stream = api.logStream(project, "default");
    traceId = UUID.randomUUID();
    traces = "/projects/" + project + "/traces";
    spans = "/projects/" + project + "/spans";
    ok(api.post(traces, tracesIngest(stream, true, withSpans(trace(traceId, "kept"),
        span("tool", UUID.randomUUID(), "kept span", "svc")))));
  }

  /** Asserts a 422 with a detail at {@code loc}; the detail's type. */
  static String assert422(Api.Answer a, Object... loc) {
    assertThat(a.status()).as(a.toString()).isEqualTo(422);
    JsonNode detail = a.path("detail");
    assertThat(detail.isArray()).isTrue();
    List<String> locs = new ArrayList<>();
    for (JsonNode d : detail) {
      assertThat(d.has("msg")).isTrue();
      assertThat(d.has("type")).isTrue();
      locs.add(d.path("loc").toString());
    }
    String want = Api.JSON.valueToTree(loc).toString();
    assertThat(locs).as(a.toString()).contains(want);
    for (JsonNode d : detail) {
      if (d.path("loc").toString().equals(want)) {
        return d.path("type").asText();
      }
    }
    throw new AssertionError();
  }

  void assertNothingChanged() {
    JsonNode t = ok(api.get("/projects/" + project + "/traces/" + traceId)).json();
    assertThat(t.path("name").asText()).isEqualTo("kept");
    assertThat(t.path("num_spans").asInt()).isEqualTo(1);
    assertThat(api.get("/healthcheck").status()).isEqualTo(200);
  }

  @Test
  void malformedJsonIs422JsonInvalid() {
    for (String body : List.of("{", "{\"traces\": [}", "nope", "{} {}", "{\"a\":1,\"a\":2}", "")) {
      Api.Answer a = api.send("POST", traces, body, "application/json");
      assertThat(a.status()).as(body).isEqualTo(422);
      assertThat(a.path("detail").get(0).path("type").asText()).as(body).isEqualTo("json_invalid");
      assertThat(a.path("detail").get(0).path("loc").get(0).asText()).isEqualTo("body");
    }
    assertNothingChanged();
  }

  @Test
  void missingAndEmptyListsAreNamed() {
    assertThat(assert422(api.post(traces, obj("log_stream_id", stream.toString())), "body", "traces"))
        .isEqualTo("missing");
    assertThat(assert422(api.post(traces, obj("traces", List.of())), "body", "traces"))
        .isEqualTo("too_short");
    assertThat(assert422(api.post(traces, obj("traces", "x")), "body", "traces")).isEqualTo("list_type");
    assertThat(assert422(api.post(spans, obj("spans", List.of())), "body", "trace_id")).isEqualTo("missing");
    assert422(api.post(spans, obj("spans", List.of())), "body", "parent_id");
    assert422(api.post(traces, List.of(1, 2)), "body");
    assertNothingChanged();
  }

  @Test
  void badIdsAreNamedByTheirPlaceInTheBody() {
    ObjectNode t = trace(UUID.randomUUID(), "t");
    t.put("id", "not-a-uuid");
    assertThat(assert422(api.post(traces, tracesIngest(stream, true, t)), "body", "traces", 0, "id"))
        .isEqualTo("uuid_parsing");

    ObjectNode nested = span("tool", UUID.randomUUID(), "s", "svc");
    nested.put("parent_id", 12);
    assert422(api.post(traces, tracesIngest(stream, true,
        withSpans(trace(UUID.randomUUID(), "t"), withSpans(span("workflow", UUID.randomUUID(), "w", "svc"), nested)))),
        "body", "traces", 0, "spans", 0, "spans", 0, "parent_id");

    ObjectNode body = spansIngest(stream, traceId, traceId, span("tool", UUID.randomUUID(), "s", "svc"));
    body.put("trace_id", "1234");
    assert422(api.post(spans, body), "body", "trace_id");
    ObjectNode badStream = tracesIngest(stream, true, trace(UUID.randomUUID(), "t"));
    badStream.put("log_stream_id", "zzz");
    assert422(api.post(traces, badStream), "body", "log_stream_id");
    assertNothingChanged();
  }

  @Test
  void unknownOrMissingRecordTypesAreRefused() {
    assertThat(assert422(api.post(spans, spansIngest(stream, traceId, traceId,
        span("banana", UUID.randomUUID(), "s", "svc"))), "body", "spans", 0)).isEqualTo("union_tag_invalid");
    ObjectNode untyped = span("tool", UUID.randomUUID(), "s", "svc");
    untyped.remove("type");
    assertThat(assert422(api.post(spans, spansIngest(stream, traceId, traceId, untyped)), "body", "spans", 0))
        .isEqualTo("union_tag_not_found");
    ObjectNode notATrace = trace(UUID.randomUUID(), "t");
    notATrace.put("type", "llm");
    assert422(api.post(traces, tracesIngest(stream, true, notATrace)), "body", "traces", 0, "type");
    assertNothingChanged();
  }

  @Test
  void wrongTypesAreNamed() {
    ObjectNode t = trace(UUID.randomUUID(), "t");
    t.put("tags", "not a list");
    t.put("status_code", "200");
    t.put("created_at", "yesterday");
    t.put("name", 5);
    t.putArray("metrics");
    t.put("input", 3.5);
    t.putObject("user_metadata").putObject("nested");
    Api.Answer a = api.post(traces, tracesIngest(stream, true, t));
    assertThat(assert422(a, "body", "traces", 0, "tags")).isEqualTo("list_type");
    assertThat(assert422(a, "body", "traces", 0, "status_code")).isEqualTo("int_type");
    assert422(a, "body", "traces", 0, "created_at");
    assertThat(assert422(a, "body", "traces", 0, "name")).isEqualTo("string_type");
    assert422(a, "body", "traces", 0, "metrics");
    assert422(a, "body", "traces", 0, "input");
    assert422(a, "body", "traces", 0, "user_metadata", "nested");
    ObjectNode flag = tracesIngest(stream, true, trace(UUID.randomUUID(), "t"));
    flag.put("is_complete", "yes");
    assertThat(assert422(api.post(traces, flag), "body", "is_complete")).isEqualTo("bool_type");
    assertNothingChanged();
  }

  @Test
  void idsThatContradictTheirNestingAreRefusedAndNothingOfTheRequestIsStored() {
    UUID newTrace = UUID.randomUUID();
    ObjectNode wrongTrace = span("tool", UUID.randomUUID(), "s", "svc");
    wrongTrace.put("trace_id", UUID.randomUUID().toString());
    assert422(api.post(traces, tracesIngest(stream, true, withSpans(trace(newTrace, "t"), wrongTrace))),
        "body", "traces", 0, "spans", 0, "trace_id");
    assertThat(api.get("/projects/" + project + "/traces/" + newTrace).status()).isEqualTo(404);

    // A span id already used in another trace: the whole request is refused, the first part too.
    UUID spanId = UUID.randomUUID();
    UUID ownTrace = UUID.randomUUID();
    ok(api.post(spans, spansIngest(stream, ownTrace, ownTrace, span("tool", spanId, "mine", "svc"))));
    UUID otherTrace = UUID.randomUUID();
    UUID fresh = UUID.randomUUID();
    assert422(api.post(spans, spansIngest(stream, otherTrace, otherTrace,
        span("tool", fresh, "fresh", "svc"), span("tool", spanId, "stolen", "svc"))), "body", "spans", 1, "id");
    assertThat(api.get("/projects/" + project + "/spans/" + fresh).status()).isEqualTo(404);
    assertThat(ok(api.get("/projects/" + project + "/spans/" + spanId)).path("name").asText()).isEqualTo("mine");
    assertThat(api.get("/projects/" + project + "/traces/" + otherTrace).status()).isEqualTo(404);

    // A span's id posted as a trace, and a trace's id posted as a span.
    assert422(api.post(traces, tracesIngest(stream, true, trace(spanId, "not a trace"))),
        "body", "traces", 0, "id");
    UUID secondTrace = UUID.randomUUID();
    ok(api.post(traces, tracesIngest(stream, true, trace(secondTrace, "second"))));
    assert422(api.post(spans, spansIngest(stream, traceId, traceId, span("tool", secondTrace, "x", "s"))),
        "body", "spans", 0, "id");
    assert422(api.post(spans, spansIngest(stream, traceId, traceId, span("tool", traceId, "x", "s"))),
        "body", "spans", 0, "id");
    assertNothingChanged();
  }

  @Test
  void updatesNameTheirBadFields() {
    UUID id = UUID.randomUUID();
    String route = "/projects/" + project + "/spans/" + id;
    assert422(api.patch(route, obj("output", "x")), "body", "span_id");
    assert422(api.patch(route, obj("span_id", UUID.randomUUID().toString())), "body", "span_id");
    assert422(api.patch(route, obj("span_id", id.toString(), "duration_ns", "slow")), "body", "duration_ns");
    assert422(api.patch(route, obj("span_id", id.toString(), "tags", List.of(1))), "body", "tags", 0);
    assert422(api.patch("/projects/" + project + "/traces/" + traceId,
        obj("trace_id", traceId.toString(), "is_complete", "done")), "body", "is_complete");
    assertNothingChanged();
  }

  @Test
  void badPathIdsAre422AtThePath() {
    assertThat(assert422(api.get("/projects/not-a-uuid"), "path", "project_id")).isEqualTo("uuid_parsing");
    assert422(api.get("/projects/" + project + "/traces/xyz"), "path", "trace_id");
    assert422(api.post("/projects/123/traces", tracesIngest(stream, true, trace(UUID.randomUUID(), "t"))),
        "path", "project_id");
    assert422(api.patch("/projects/" + project + "/spans/%20", obj()), "path", "span_id");
  }

  @Test
  void projectAndLogStreamRequestsNameTheirBadFields() {
    assertThat(assert422(api.post("/projects", obj()), "body", "name")).isEqualTo("missing");
    assertThat(assert422(api.post("/projects", obj("name", "")), "body", "name")).isEqualTo("string_too_short");
    assert422(api.post("/projects", obj("name", "x", "type", "nonsense")), "body", "type");
    assert422(api.post("/projects/" + project + "/log_streams", obj("name", 7)), "body", "name");
    assert422(api.post("/login/api_key", obj()), "body", "api_key");
    assert422(api.post("/projects/" + project + "/sessions", obj("previous_session_id", "x")),
        "body", "previous_session_id");
  }

  @Test
  void bodiesThatDoNotSayTheyAreJsonAre415() {
    Api.Answer a = api.send("POST", traces, "{\"traces\": []}", "text/plain");
    assertThat(a.status()).isEqualTo(415);
    assertThat(api.send("POST", traces, "{}", null).status()).isEqualTo(415);
    assertNothingChanged();
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String big = "{\"traces\": [{\"name\": \"" + "x".repeat(70 * 1024) + "\"}]}";
    Api.Answer a = api.send("POST", traces, big, "application/json");
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.path("detail").asText()).contains("larger than");
    assertNothingChanged();
  }

  @Test
  void aDeclaredLengthOverTheLimitIs413BeforeTheBodyIsSent() throws Exception {
    URI base = console.console().url();
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v2" + traces + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: 5000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 413");
    }
    assertNothingChanged();
  }

  @Test
  void deeplyNestedJsonIsRefusedNotOverflowingTheStack() {
    String deep = "{\"traces\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertThat(api.send("POST", traces, deep, "application/json").status()).isEqualTo(422);
    StringBuilder spansDeep = new StringBuilder("{\"traces\": [{\"type\": \"trace\"");
    for (int i = 0; i < 120; i++) {
      spansDeep.append(", \"spans\": [{\"type\": \"workflow\"");
    }
    spansDeep.append("}]".repeat(120)).append("}]}");
    int status = api.send("POST", traces, spansDeep.toString(), "application/json").status();
    assertThat(status).isIn(200, 422);
    assertNothingChanged();
  }

  @Test
  void randomGarbageNeverCrashesTheServerOrCorruptsData() {
    Random random = new Random(42);
    List<String> routes = List.of(traces, spans, "/projects", "/login/api_key",
        "/projects/" + project + "/sessions", "/projects/" + project + "/log_streams",
        "/projects/" + project + "/traces/" + traceId, "/projects/" + project + "/spans/" + traceId);
    String[] fragments = {"{", "}", "[", "]", "\"traces\"", "\"spans\"", ":", ",", "null", "true",
        "\"type\"", "\"trace\"", "\"llm\"", "\"id\"", "\"" + traceId + "\"", "1e999", "-0", "\"\\u0000\"",
        "\"\\ud800\"", "\u00ff", "\"name\"", "12345678901234567890123"};
    for (int i = 0; i < 300; i++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(30);
      for (int j = 0; j < n; j++) {
        b.append(fragments[random.nextInt(fragments.length)]);
      }
      String route = routes.get(random.nextInt(routes.size()));
      String method = route.contains(traceId.toString()) ? "PATCH" : "POST";
      Api.Answer a = api.send(method, route, b.toString(), "application/json");
      assertThat(a.status()).as(method + " " + route + " " + b).isIn(200, 404, 422);
      if (a.status() != 200) {
        assertThat(a.json().has("detail")).isTrue();
      }
    }
    byte[] binary = new byte[2048];
    random.nextBytes(binary);
    assertThat(api.send("POST", traces, binary, "application/json").status()).isEqualTo(422);
    assertNothingChanged();
  }
}
