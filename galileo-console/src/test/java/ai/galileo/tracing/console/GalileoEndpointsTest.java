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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every route of the ingest subset, over real HTTP, under {@code /v2} (Galileo's Python SDK) and
 * without the prefix (Galileo's TypeScript SDK), answered in the shapes of the OpenAPI spec.
 */
class GalileoEndpointsTest {
  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  @Test
  void aSpanIsAnsweredWithItsDescendantsNestedAndNothingElseOfItsTrace() {
    Api api = console.v2();
    UUID project = api.project("nested");
    UUID traceId = UUID.randomUUID();
    UUID outer = UUID.randomUUID();
    UUID inner = UUID.randomUUID();
    UUID leaf = UUID.randomUUID();
    UUID sibling = UUID.randomUUID();
    ok(api.post("/projects/" + project + "/traces", Records.tracesIngest(null, true,
        Records.withSpans(Records.trace(traceId, "t"),
            Records.withSpans(Records.span("workflow", outer, "outer", "svc"),
                Records.withSpans(Records.span("workflow", inner, "inner", "svc"),
                    Records.span("tool", leaf, "leaf", "svc"))),
            Records.span("tool", sibling, "sibling", "svc")))));

    JsonNode o = ok(api.get("/projects/" + project + "/spans/" + outer)).json();
    assertThat(o.path("has_children").asBoolean()).isTrue();
    assertThat(o.path("spans")).extracting(x -> x.path("name").asText()).containsExactly("inner");
    JsonNode in = o.path("spans").get(0);
    assertThat(in.path("has_children").asBoolean()).isTrue();
    assertThat(in.path("spans")).extracting(x -> x.path("name").asText()).containsExactly("leaf");
    assertThat(in.path("spans").get(0).path("has_children").asBoolean()).isFalse();
    JsonNode l = ok(api.get("/projects/" + project + "/spans/" + leaf)).json();
    assertThat(l.path("has_children").asBoolean()).isFalse();
    assertThat(l.path("spans")).isEmpty();
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"/v2", ""})
  void healthcheckAnswersWithTheApiVersion(String prefix) {
    Api.Answer a = ok(console.api(prefix).get("/healthcheck"));
    assertThat(a.path("api_version").asText()).isEqualTo("v2");
    assertThat(a.path("message").asText()).isEqualTo("ok");
    assertThat(a.path("version").asText()).isNotEmpty();
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"/v2", ""})
  void apiKeyLoginReturnsABearerTokenShapedAsAJwt(String prefix) {
    Api.Answer a = ok(console.api(prefix).post("/login/api_key", obj("api_key", "any-key")));
    assertThat(a.path("token_type").asText()).isEqualTo("bearer");
    assertThat(a.path("access_token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"/v2", ""})
  void projectsAreCreatedIdempotentlyByNameAndFoundByName(String prefix) {
    Api api = console.api(prefix);
    Api.Answer created = ok(api.post("/projects", obj("name", "rag-demo", "type", "gen_ai")));
    String id = created.path("id").asText();
    assertThat(UUID.fromString(id)).isNotNull();
    assertThat(created.path("name").asText()).isEqualTo("rag-demo");
    assertThat(created.path("created_at").asText()).isNotEmpty();
    assertThat(created.path("updated_at").asText()).isNotEmpty();

    assertThat(ok(api.post("/projects", obj("name", "rag-demo"))).path("id").asText()).isEqualTo(id);
    api.post("/projects", obj("name", "other"));

    JsonNode found = ok(api.get("/projects?project_name=rag-demo&type=gen_ai")).json();
    assertThat(found.isArray()).isTrue();
    assertThat(found).hasSize(1);
    JsonNode p = found.get(0);
    assertThat(p.path("id").asText()).isEqualTo(id);
    for (String required : List.of("id", "created_by", "created_by_user", "runs", "created_at", "updated_at")) {
      assertThat(p.has(required)).as(required).isTrue();
    }
    assertThat(p.path("created_by_user").path("email").asText()).isNotEmpty();
    assertThat(ok(api.get("/projects?project_name=missing")).json()).isEmpty();
    assertThat(ok(api.get("/projects")).json()).hasSize(2);

    Api.Answer one = ok(api.get("/projects/" + id));
    assertThat(one.path("name").asText()).isEqualTo("rag-demo");
    assertThat(api.get("/projects/" + UUID.randomUUID()).status()).isEqualTo(404);
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"/v2", ""})
  void logStreamsAreCreatedIdempotentlyByNameListedAndFetched(String prefix) {
    Api api = console.api(prefix);
    UUID project = api.project("rag-demo");
    Api.Answer created = ok(api.post("/projects/" + project + "/log_streams", obj("name", "orchestrator")));
    String id = created.path("id").asText();
    assertThat(created.path("project_id").asText()).isEqualTo(project.toString());
    assertThat(created.path("name").asText()).isEqualTo("orchestrator");
    assertThat(ok(api.post("/projects/" + project + "/log_streams", obj("name", "orchestrator")))
        .path("id").asText()).isEqualTo(id);
    api.logStream(project, "retrieval");

    JsonNode list = ok(api.get("/projects/" + project + "/log_streams")).json();
    List<String> names = new ArrayList<>();
    list.forEach(s -> names.add(s.path("name").asText()));
    assertThat(names).containsExactly("orchestrator", "retrieval");
    assertThat(list.get(0).path("num_traces").isNull()).isTrue();

    Api.Answer one = ok(api.get("/projects/" + project + "/log_streams/" + id));
    assertThat(one.path("name").asText()).isEqualTo("orchestrator");
    assertThat(api.get("/projects/" + project + "/log_streams/" + UUID.randomUUID()).status()).isEqualTo(404);
    UUID other = api.project("other");
    assertThat(api.get("/projects/" + other + "/log_streams/" + id).status())
        .as("a log stream is found only under its project").isEqualTo(404);
    assertThat(api.get("/projects/" + UUID.randomUUID() + "/log_streams").status()).isEqualTo(404);
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"/v2", ""})
  void logStreamsCountTheirTracesAndSpansWhenAsked(String prefix) {
    Api api = console.api(prefix);
    UUID project = api.project("rag-demo");
    UUID stream = api.logStream(project, "default");
    UUID traceId = UUID.randomUUID();
    ok(api.post("/projects/" + project + "/traces", tracesIngest(stream, true,
        withSpans(trace(traceId, "t"), span("tool", UUID.randomUUID(), "a", "s"),
            span("tool", UUID.randomUUID(), "b", "s")))));
    JsonNode s = ok(api.get("/projects/" + project + "/log_streams?include_counts=true")).json().get(0);
    assertThat(s.path("num_traces").asLong()).isEqualTo(1);
    assertThat(s.path("num_spans").asLong()).isEqualTo(2);
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"/v2", ""})
  void sessionsAreCreated(String prefix) {
    Api api = console.api(prefix);
    UUID project = api.project("rag-demo");
    UUID stream = api.logStream(project, "default");
    Api.Answer a = ok(api.post("/projects/" + project + "/sessions",
        obj("name", "chat 1", "log_stream_id", stream.toString(), "external_id", "ext-1")));
    assertThat(UUID.fromString(a.path("id").asText())).isNotNull();
    assertThat(a.path("name").asText()).isEqualTo("chat 1");
    assertThat(a.path("project_id").asText()).isEqualTo(project.toString());
    assertThat(a.path("project_name").asText()).isEqualTo("rag-demo");
    assertThat(a.path("external_id").asText()).isEqualTo("ext-1");
    assertThat(a.json().has("previous_session_id")).isTrue();
    Api.Answer second = ok(api.post("/projects/" + project + "/sessions", obj()));
    assertThat(second.path("id").asText()).isNotEqualTo(a.path("id").asText());
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"/v2", ""})
  void aTraceIngestStoresTheTraceAndItsNestedSpansAndGetReturnsTheTree(String prefix) {
    Api api = console.api(prefix);
    UUID project = api.project("rag-demo");
    UUID stream = api.logStream(project, "default");
    UUID traceId = UUID.randomUUID();
    UUID workflow = UUID.randomUUID();
    UUID retriever = UUID.randomUUID();
    UUID llm = UUID.randomUUID();
    ObjectNode llmSpan = span("llm", llm, "answer", "orchestrator");
    llmSpan.putArray("input").addObject().put("role", "user").put("content", "what?");
    llmSpan.putObject("output").put("role", "assistant").put("content", "this");
    llmSpan.put("model", "gpt-local");
    llmSpan.withObjectProperty("metrics").put("num_input_tokens", 3).put("num_output_tokens", 4);
    ObjectNode body = tracesIngest(stream, true, withSpans(trace(traceId, "answer question"),
        withSpans(span("workflow", workflow, "retrieve", "orchestrator"),
            span("retriever", retriever, "search", "retrieval")),
        llmSpan));
    body.put("include_trace_ids", true);

    Api.Answer a = ok(api.post("/projects/" + project + "/traces", body));
    assertThat(a.path("project_id").asText()).isEqualTo(project.toString());
    assertThat(a.path("project_name").asText()).isEqualTo("rag-demo");
    assertThat(a.path("log_stream_id").asText()).isEqualTo(stream.toString());
    assertThat(a.path("traces_count").asInt()).isEqualTo(1);
    assertThat(a.path("spans_count").asInt()).isEqualTo(3);
    assertThat(a.path("records_count").asInt()).isEqualTo(4);
    assertThat(a.path("trace_ids").get(0).asText()).isEqualTo(traceId.toString());

    JsonNode t = ok(api.get("/projects/" + project + "/traces/" + traceId)).json();
    assertThat(t.path("type").asText()).isEqualTo("trace");
    assertThat(t.path("id").asText()).isEqualTo(traceId.toString());
    assertThat(t.path("trace_id").asText()).isEqualTo(traceId.toString());
    assertThat(t.path("project_id").asText()).isEqualTo(project.toString());
    assertThat(t.path("run_id").asText()).isEqualTo(stream.toString());
    assertThat(t.path("session_id").asText()).isNotEmpty();
    assertThat(t.path("is_complete").asBoolean()).isTrue();
    assertThat(t.path("num_spans").asInt()).isEqualTo(3);
    assertThat(t.path("input").asText()).isEqualTo("question");
    JsonNode top = t.path("spans");
    assertThat(top).hasSize(2);
    JsonNode wf = top.get(0).path("name").asText().equals("retrieve") ? top.get(0) : top.get(1);
    assertThat(wf.path("parent_id").asText()).isEqualTo(traceId.toString());
    assertThat(wf.path("spans")).hasSize(1);
    assertThat(wf.path("spans").get(0).path("id").asText()).isEqualTo(retriever.toString());
    assertThat(wf.path("spans").get(0).path("parent_id").asText()).isEqualTo(workflow.toString());

    JsonNode s = ok(api.get("/projects/" + project + "/spans/" + llm)).json();
    assertThat(s.path("type").asText()).isEqualTo("llm");
    assertThat(s.path("parent_id").asText()).isEqualTo(traceId.toString());
    assertThat(s.path("trace_id").asText()).isEqualTo(traceId.toString());
    assertThat(s.path("model").asText()).isEqualTo("gpt-local");
    assertThat(s.path("output").path("content").asText()).isEqualTo("this");
    assertThat(s.path("metrics").path("num_output_tokens").asInt()).isEqualTo(4);
    assertThat(s.has("spans")).as("an llm span has no children").isFalse();
    JsonNode w = ok(api.get("/projects/" + project + "/spans/" + workflow)).json();
    assertThat(w.path("spans").get(0).path("name").asText()).isEqualTo("search");

    assertThat(api.get("/projects/" + project + "/traces/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(api.get("/projects/" + project + "/spans/" + UUID.randomUUID()).status()).isEqualTo(404);
    UUID other = api.project("other");
    assertThat(api.get("/projects/" + other + "/traces/" + traceId).status())
        .as("a trace is found under its own project").isEqualTo(404);
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"/v2", ""})
  void aSpansIngestAddsSpansUnderTheirParentInAnExistingTrace(String prefix) {
    Api api = console.api(prefix);
    UUID project = api.project("rag-demo");
    UUID stream = api.logStream(project, "default");
    UUID traceId = UUID.randomUUID();
    UUID workflow = UUID.randomUUID();
    ok(api.post("/projects/" + project + "/traces", tracesIngest(stream, false,
        withSpans(trace(traceId, "t"), span("workflow", workflow, "call", "orchestrator")))));
    UUID tool = UUID.randomUUID();
    UUID nested = UUID.randomUUID();
    Api.Answer a = ok(api.post("/projects/" + project + "/spans", spansIngest(stream, traceId, workflow,
        withSpans(span("agent", tool, "plan", "retrieval"), span("tool", nested, "lookup", "retrieval")))));
    assertThat(a.path("records_count").asInt()).isEqualTo(2);
    assertThat(a.path("trace_id").asText()).isEqualTo(traceId.toString());
    assertThat(a.path("parent_id").asText()).isEqualTo(workflow.toString());
    assertThat(a.path("project_name").asText()).isEqualTo("rag-demo");

    JsonNode s = ok(api.get("/projects/" + project + "/spans/" + nested)).json();
    assertThat(s.path("parent_id").asText()).isEqualTo(tool.toString());
    JsonNode t = ok(api.get("/projects/" + project + "/traces/" + traceId)).json();
    assertThat(t.path("is_complete").asBoolean()).isFalse();
    assertThat(t.path("spans").get(0).path("spans").get(0).path("id").asText()).isEqualTo(tool.toString());
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"/v2", ""})
  void patchUpdatesOnlyTheFieldsItHas(String prefix) {
    Api api = console.api(prefix);
    UUID project = api.project("rag-demo");
    UUID stream = api.logStream(project, "default");
    UUID traceId = UUID.randomUUID();
    UUID spanId = UUID.randomUUID();
    ObjectNode tool = span("tool", spanId, "lookup", "orchestrator");
    tool.putArray("tags").add("first");
    ok(api.post("/projects/" + project + "/traces",
        tracesIngest(stream, false, withSpans(trace(traceId, "t"), tool))));

    Api.Answer a = ok(api.patch("/projects/" + project + "/spans/" + spanId, obj(
        "span_id", spanId.toString(), "log_stream_id", stream.toString(), "output", "found it",
        "status_code", 200, "duration_ns", 1500, "tags", List.of("second"))));
    assertThat(a.path("span_id").asText()).isEqualTo(spanId.toString());
    assertThat(a.path("records_count").asInt()).isEqualTo(1);
    assertThat(a.path("project_id").asText()).isEqualTo(project.toString());
    JsonNode s = ok(api.get("/projects/" + project + "/spans/" + spanId)).json();
    assertThat(s.path("output").asText()).isEqualTo("found it");
    assertThat(s.path("input").asText()).as("not in the update: unchanged").isEmpty();
    assertThat(s.path("name").asText()).isEqualTo("lookup");
    assertThat(s.path("status_code").asInt()).isEqualTo(200);
    assertThat(s.path("metrics").path("duration_ns").asLong()).isEqualTo(1500);
    assertThat(s.path("tags")).extracting(JsonNode::asText).containsExactly("first", "second");

    Api.Answer t = ok(api.patch("/projects/" + project + "/traces/" + traceId, obj(
        "trace_id", traceId.toString(), "output", "done", "duration_ns", 9000, "is_complete", true)));
    assertThat(t.path("trace_id").asText()).isEqualTo(traceId.toString());
    JsonNode stored = ok(api.get("/projects/" + project + "/traces/" + traceId)).json();
    assertThat(stored.path("output").asText()).isEqualTo("done");
    assertThat(stored.path("input").asText()).isEqualTo("question");
    assertThat(stored.path("metrics").path("duration_ns").asLong()).isEqualTo(9000);
    assertThat(stored.path("is_complete").asBoolean()).isTrue();
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"/v2", ""})
  void unknownRoutesAre404AndWrongMethods405(String prefix) {
    Api api = console.api(prefix);
    assertThat(api.get("/no/such/route").status()).isEqualTo(404);
    assertThat(api.get("/no/such/route").path("detail").asText()).isEqualTo("Not Found");
    assertThat(api.get("/projects/" + UUID.randomUUID() + "/experiments").status()).isEqualTo(404);
    Api.Answer wrong = api.send("DELETE", "/projects", null, null);
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.raw().headers().firstValue("Allow")).hasValue("GET, POST");
    assertThat(api.get("/login/api_key").status()).isEqualTo(405);
  }
}
