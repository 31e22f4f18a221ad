package ai.galileo.tracing.core.internal.export;

import static ai.galileo.tracing.core.export.TestSpans.span;
import static ai.galileo.tracing.core.export.TestSpans.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.galileoapifake.OpenApiSchemas;
import ai.galileo.tracing.core.export.TestSpans;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every body GalileoJson writes validates against its schema and carries the right values. */
class GalileoJsonTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final UUID LOG_STREAM = UUID.fromString("6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b");
  static final UUID SESSION = UUID.fromString("0d9c8b7a-6f5e-4d3c-9b2a-190817263544");
  static final String CREATED_AT = "2026-07-07T15:55:01.074308Z";

  final GalileoJson json = new GalileoJson("galileo-java/0.1.0", 100_000);

  /** The body parsed back, after checking it against the request schema of its route. */
  static JsonNode valid(String component, byte[] body) {
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(OpenApiSchemas.get().validate(component, node))
        .as("%s violations of %s", component, node)
        .isEmpty();
    return node;
  }

  @Test
  void aTraceWithEverySpanTypeNestedIsOneValidIngestRequest() {
    SpanData t = trace("rag request").input("what is RAG?").output("retrieval first")
        .session(SESSION).tags("prod").status(200).build();
    SpanData wf = span(SpanType.WORKFLOW, "pipeline", t).input("what is RAG?").build();
    SpanData agent = span(SpanType.AGENT, "planner", wf).input("plan").output("retrieve").build();
    SpanData retriever = span(SpanType.RETRIEVER, "search", agent).input("RAG")
        .output(Content.documents(Document.of("doc one", Map.of("score", 0.9)))).build();
    SpanData tool = span(SpanType.TOOL, "calculator", agent).input("{\"x\":1}").output("2")
        .build();
    SpanData llm = span(SpanType.LLM, "answer", wf)
        .input(Content.messages(Message.system("be brief"), Message.user("what is RAG?")))
        .output(Content.message(Message.assistant("retrieval first")))
        .llm(new SpanData.LlmData("gpt-4o", 0.2, 12L, 3L, 15L, 250_000L)).build();
    SpanNode tree = new SpanNode(t, List.of(new SpanNode(wf, List.of(
        new SpanNode(agent, List.of(SpanNode.leaf(retriever), SpanNode.leaf(tool))),
        SpanNode.leaf(llm)))));

    JsonNode body = valid("LogTracesIngestRequest",
        json.tracesIngest(LOG_STREAM, SESSION, List.of(tree), true));

    assertThat(body.path("log_stream_id").asText()).isEqualTo(LOG_STREAM.toString());
    assertThat(body.path("session_id").asText()).isEqualTo(SESSION.toString());
    assertThat(body.path("client_version").asText()).isEqualTo("galileo-java/0.1.0");
    assertThat(body.path("is_complete").asBoolean()).isTrue();
    JsonNode tr = body.path("traces").path(0);
    assertThat(tr.path("type").asText()).isEqualTo("trace");
    assertThat(tr.path("id").asText()).isEqualTo(t.traceId().toString());
    assertThat(tr.path("trace_id").asText()).isEqualTo(t.traceId().toString());
    assertThat(tr.has("parent_id")).as("a trace has no parent").isFalse();
    assertThat(tr.path("session_id").asText()).isEqualTo(SESSION.toString());
    assertThat(tr.path("created_at").asText()).isEqualTo(CREATED_AT);
    assertThat(tr.path("metrics").path("duration_ns").asLong()).isEqualTo(1_500_000L);
    assertThat(tr.path("status_code").asInt()).isEqualTo(200);
    assertThat(tr.path("tags").toString()).isEqualTo("[\"prod\"]");
    assertThat(tr.path("user_metadata").path("service.name").asText()).isEqualTo("test");
    assertThat(tr.path("input").asText()).isEqualTo("what is RAG?");
    assertThat(tr.path("output").asText()).isEqualTo("retrieval first");

    JsonNode w = tr.path("spans").path(0);
    assertThat(w.path("type").asText()).isEqualTo("workflow");
    assertThat(w.path("parent_id").asText()).isEqualTo(t.spanId().toString());
    assertThat(w.path("trace_id").asText()).isEqualTo(t.traceId().toString());
    assertThat(w.has("session_id")).isFalse();
    JsonNode a = w.path("spans").path(0);
    assertThat(a.path("type").asText()).isEqualTo("agent");
    assertThat(a.path("spans").size()).isEqualTo(2);
    assertThat(a.path("spans").path(0).path("output").path(0).path("metadata").path("score")
        .isDouble()).isTrue();
    assertThat(a.path("spans").path(1).path("type").asText()).isEqualTo("tool");

    JsonNode l = w.path("spans").path(1);
    assertThat(l.path("type").asText()).isEqualTo("llm");
    assertThat(l.has("spans")).as("LlmSpan has no spans").isFalse();
    assertThat(l.path("model").asText()).isEqualTo("gpt-4o");
    assertThat(l.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(l.path("metrics").toString()).isEqualTo("{\"duration_ns\":1500000,"
        + "\"num_input_tokens\":12,\"num_output_tokens\":3,\"num_total_tokens\":15,"
        + "\"time_to_first_token_ns\":250000}");
    assertThat(l.path("input").toString()).isEqualTo("[{\"role\":\"system\",\"content\":"
        + "\"be brief\"},{\"role\":\"user\",\"content\":\"what is RAG?\"}]");
    assertThat(l.path("output").toString())
        .isEqualTo("{\"role\":\"assistant\",\"content\":\"retrieval first\"}");
  }

  @Test
  void aStartSnapshotHasNoDurationAndTheSchemaDefaultInput() {
    SpanData t = trace("t").started().build();

    JsonNode tr = valid("LogTracesIngestRequest",
        json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), false)).path("traces").path(0);

    assertThat(tr.path("metrics").isObject()).isTrue();
    assertThat(tr.path("metrics").size()).isZero();
    assertThat(tr.path("input").asText()).isEmpty();
    assertThat(tr.has("output")).isFalse();
    assertThat(tr.has("spans")).isFalse();
  }

  @Test
  void aNullLogStreamAndClientVersionAreLeftOut() {
    GalileoJson anonymous = new GalileoJson(null, 1000);
    SpanData t = trace("t").build();

    JsonNode body = valid("LogTracesIngestRequest",
        anonymous.tracesIngest(null, null, List.of(SpanNode.leaf(t)), false));

    assertThat(body.has("log_stream_id")).isFalse();
    assertThat(body.has("client_version")).isFalse();
    assertThat(body.has("session_id")).isFalse();
    assertThat(body.path("is_complete").asBoolean(true)).isFalse();
  }

  @Test
  void anUnfinishedSpanIsMarkedInItsUserMetadata() {
    SpanData t = trace("t").build();
    SpanData s = span(SpanType.WORKFLOW, "cut short", t).metadata("unfinished", "no")
        .unfinished().build();

    JsonNode rec = valid("LogSpansIngestRequest",
        json.spansIngest(LOG_STREAM, t.traceId(), t.spanId(), List.of(SpanNode.leaf(s))))
        .path("spans").path(0);

    assertThat(rec.path("user_metadata").path("unfinished").asText()).isEqualTo("true");
    assertThat(rec.path("user_metadata").path("service.name").asText()).isEqualTo("test");
  }

  @Test
  void manyMetadataKeysAcrossSpansKeepTheirOwnNamesAndValues() {
    // The writer encodes each key once per body, in slots that many keys share.
    SpanData t = trace("t").build();
    List<SpanNode> spans = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      TestSpans s = span(SpanType.TOOL, "s" + n, t);
      for (int k = 0; k < 100; k++) {
        s.metadata(new String("key-" + k), "v" + n + "-" + k); // equal keys, distinct objects
      }
      s.metadata("bad\uD800key", "lone surrogate");
      spans.add(SpanNode.leaf(s.build()));
    }

    JsonNode body = valid("LogSpansIngestRequest",
        json.spansIngest(LOG_STREAM, t.traceId(), t.spanId(), spans));

    for (int n = 0; n < 3; n++) {
      JsonNode metadata = body.path("spans").path(n).path("user_metadata");
      for (int k = 0; k < 100; k++) {
        assertThat(metadata.path("key-" + k).asText()).isEqualTo("v" + n + "-" + k);
      }
      assertThat(metadata.path("bad\uFFFDkey").asText()).isEqualTo("lone surrogate");
    }
  }

  @Test
  void spansIngestNamesTheTraceAndParentAndNestsChildren() {
    SpanData t = trace("t").build();
    SpanData parent = span(SpanType.WORKFLOW, "remote", t).build();
    SpanData wf = span(SpanType.WORKFLOW, "step", parent).build();
    SpanData tool = span(SpanType.TOOL, "tool", wf).build();
    SpanData llm = span(SpanType.LLM, "llm", parent).input("hi").output("hello").build();

    JsonNode body = valid("LogSpansIngestRequest", json.spansIngest(LOG_STREAM, t.traceId(),
        parent.spanId(), List.of(new SpanNode(wf, List.of(SpanNode.leaf(tool))),
            SpanNode.leaf(llm))));

    assertThat(body.path("trace_id").asText()).isEqualTo(t.traceId().toString());
    assertThat(body.path("parent_id").asText()).isEqualTo(parent.spanId().toString());
    assertThat(body.has("is_complete")).as("not in LogSpansIngestRequest").isFalse();
    assertThat(body.path("spans").size()).isEqualTo(2);
    assertThat(body.path("spans").path(0).path("spans").path(0).path("parent_id").asText())
        .isEqualTo(wf.spanId().toString());
    assertThat(body.path("spans").path(1).path("parent_id").asText())
        .isEqualTo(parent.spanId().toString());
  }

  @Test
  void streamingABodyWritesTheSameBytesAndLeavesTheStreamOpen() throws IOException {
    SpanData t = trace("t").input("q").tags("a").build();
    SpanData wf = span(SpanType.WORKFLOW, "step", t).output("o").build();
    List<SpanNode> traces = List.of(new SpanNode(t, List.of(SpanNode.leaf(wf))));
    List<SpanNode> spans = List.of(SpanNode.leaf(wf));
    boolean[] closed = {false};
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream() {
      @Override
      public void close() {
        closed[0] = true;
      }
    };

    json.writeTracesIngest(out, LOG_STREAM, SESSION, traces, true);
    assertThat(out.toByteArray()).isEqualTo(json.tracesIngest(LOG_STREAM, SESSION, traces, true));
    out.reset();
    json.writeSpansIngest(out, LOG_STREAM, t.traceId(), t.spanId(), spans);
    assertThat(out.toByteArray()).isEqualTo(json.spansIngest(LOG_STREAM, t.traceId(), t.spanId(), spans));
    assertThat(closed[0]).isFalse();
  }

  @Test
  void idsAreWrittenInCanonicalForm() {
    for (int i = 0; i < 100; i++) {
      SpanData t = trace("t").build();
      JsonNode rec = valid("LogTracesIngestRequest",
          json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true)).path("traces").path(0);
      assertThat(rec.path("id").asText()).isEqualTo(t.spanId().toString());
      assertThat(rec.path("trace_id").asText()).isEqualTo(t.traceId().toString());
    }
  }

  @ParameterizedTest
  @EnumSource(value = SpanType.class, names = "TRACE", mode = EnumSource.Mode.EXCLUDE)
  void aSpanUpdateCarriesTheEndStateInTheShapeOfItsType(SpanType type) {
    SpanData t = trace("t").build();
    SpanData s = span(type, "s", t).input("question").output("answer").status(500)
        .tags("retry").duration(42).build();

    JsonNode body = valid("LogSpanUpdateRequest", json.spanUpdate(LOG_STREAM, s));

    assertThat(body.path("span_id").asText()).isEqualTo(s.spanId().toString());
    assertThat(body.path("log_stream_id").asText()).isEqualTo(LOG_STREAM.toString());
    assertThat(body.path("status_code").asInt()).isEqualTo(500);
    assertThat(body.path("duration_ns").asLong()).isEqualTo(42);
    assertThat(body.path("tags").toString()).isEqualTo("[\"retry\"]");
    assertThat(body.has("is_complete")).isFalse();
    JsonNode output = body.path("output");
    switch (type) {
      case LLM -> {
        assertThat(output.path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("input").path(0).path("role").asText()).isEqualTo("user");
      }
      case RETRIEVER -> assertThat(output.path(0).path("content").asText()).isEqualTo("answer");
      default -> assertThat(output.asText()).isEqualTo("answer");
    }
  }

  @Test
  void aSpanUpdateWithoutOutputLeavesItOut() {
    SpanData t = trace("t").build();
    SpanData s = span(SpanType.LLM, "s", t).duration(-1).build();

    JsonNode body = valid("LogSpanUpdateRequest", json.spanUpdate(null, s));

    assertThat(body.has("output")).isFalse();
    assertThat(body.has("input")).isFalse();
    assertThat(body.has("duration_ns")).isFalse();
    assertThat(body.has("status_code")).isFalse();
  }

  @Test
  void aTraceUpdateSendsTextAndCompletion() {
    SpanData t = trace("t").input(Content.messages(Message.user("q")))
        .output(Content.message(Message.assistant("a"))).status(200).tags("x", "y").build();

    JsonNode body = valid("LogTraceUpdateRequest", json.traceUpdate(LOG_STREAM, t, true));

    assertThat(body.path("trace_id").asText()).isEqualTo(t.traceId().toString());
    assertThat(body.path("output").asText()).isEqualTo("a");
    assertThat(body.path("input").asText()).isEqualTo("user: q");
    assertThat(body.path("is_complete").asBoolean()).isTrue();
    assertThat(body.path("duration_ns").asLong()).isEqualTo(1_500_000L);
    assertThat(body.path("status_code").asInt()).isEqualTo(200);
    assertThat(body.path("tags").toString()).isEqualTo("[\"x\",\"y\"]");
    assertThat(body.path("client_version").asText()).isEqualTo("galileo-java/0.1.0");
  }

  @Test
  void projectLogStreamAndSessionBodiesAreValid() {
    JsonNode project = valid("ProjectCreate", json.projectCreate("my project"));
    assertThat(project.toString()).isEqualTo("{\"name\":\"my project\",\"type\":\"gen_ai\"}");

    JsonNode stream = valid("LogStreamCreateRequest", json.logStreamCreate("default"));
    assertThat(stream.toString()).isEqualTo("{\"name\":\"default\"}");

    JsonNode session = valid("SessionCreateRequest",
        json.sessionCreate(LOG_STREAM, "chat 1", "ext-1"));
    assertThat(session.path("log_stream_id").asText()).isEqualTo(LOG_STREAM.toString());
    assertThat(session.path("name").asText()).isEqualTo("chat 1");
    assertThat(session.path("external_id").asText()).isEqualTo("ext-1");

    JsonNode bare = valid("SessionCreateRequest", json.sessionCreate(null, null, null));
    assertThat(bare.has("name")).isFalse();
    assertThat(bare.has("log_stream_id")).isFalse();
  }

  @Test
  void misuseThrowsSoTheBugShows() {
    SpanData t = trace("t").build();
    SpanData llm = span(SpanType.LLM, "llm", t).build();
    SpanData under = span(SpanType.TOOL, "under llm", llm).build();
    SpanNode llmWithChild = new SpanNode(llm, List.of(SpanNode.leaf(under)));

    assertThatThrownBy(() -> json.spansIngest(null, t.traceId(), t.spanId(), List.of(llmWithChild)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("llm");
    assertThatThrownBy(() -> json.tracesIngest(null, null, List.of(SpanNode.leaf(llm)), true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> json.spansIngest(null, t.traceId(), t.spanId(),
        List.of(new SpanNode(span(SpanType.WORKFLOW, "w", t).build(),
            List.of(SpanNode.leaf(trace("nested").build()))))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> json.tracesIngest(null, null, List.of(), true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> json.spansIngest(null, t.traceId(), t.spanId(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> json.spanUpdate(null, t)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> json.traceUpdate(null, llm, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> json.projectCreate("")).isInstanceOf(IllegalArgumentException.class);
  }

  // --- input and output coerced to what each type accepts

  static final Content TEXT = Content.text("plain");
  static final Content MESSAGES = Content.messages(Message.system("sys"), Message.user("q"),
      new Message(Role.ASSISTANT, "calling", null, List.of(new ToolCall("c1", "add", "{}"))),
      Message.tool("3", "c1"));
  static final Content ONE_MESSAGE = Content.message(Message.assistant("one"));
  static final Content DOCUMENTS = Content.documents(
      Document.of("d1", Map.of("s", "x", "b", true, "i", 7, "n", 1.5)), Document.of("d2"));
  static final List<Content> ALL = List.of(TEXT, MESSAGES, ONE_MESSAGE, DOCUMENTS);

  /** A span of the type with the content as input and output, after checking it validates. */
  JsonNode record(SpanType type, Content input, Content output) {
    SpanData t = trace("t").build();
    if (type == SpanType.TRACE) {
      SpanData tr = trace("t").input(input).output(output).build();
      return valid("LogTracesIngestRequest",
          json.tracesIngest(null, null, List.of(SpanNode.leaf(tr)), true))
          .path("traces").path(0);
    }
    SpanData s = span(type, "s", t).input(input).output(output).build();
    valid("LogSpanUpdateRequest", json.spanUpdate(null, s));
    return valid("LogSpansIngestRequest",
        json.spansIngest(null, t.traceId(), t.spanId(), List.of(SpanNode.leaf(s))))
        .path("spans").path(0);
  }

  @ParameterizedTest
  @EnumSource(SpanType.class)
  void everyKindOfContentValidatesForEveryType(SpanType type) {
    for (Content in : ALL) {
      for (Content out : ALL) {
        record(type, in, out);
      }
    }
    record(type, null, null);
  }

  @ParameterizedTest
  @EnumSource(value = SpanType.class, names = {"TRACE", "TOOL"})
  void textOnlyTypesGetTheReadableRendering(SpanType type) {
    JsonNode r = record(type, MESSAGES, DOCUMENTS);

    assertThat(r.path("input").asText()).isEqualTo(MESSAGES.asText());
    assertThat(r.path("output").asText()).isEqualTo("- d1\n- d2");
  }

  @Test
  void llmInputIsMessagesAndOutputOneMessage() {
    assertThat(record(SpanType.LLM, TEXT, TEXT).path("input").toString())
        .isEqualTo("[{\"role\":\"user\",\"content\":\"plain\"}]");
    assertThat(record(SpanType.LLM, TEXT, TEXT).path("output").toString())
        .isEqualTo("{\"role\":\"assistant\",\"content\":\"plain\"}");
    assertThat(record(SpanType.LLM, ONE_MESSAGE, ONE_MESSAGE).path("input").toString())
        .isEqualTo("[{\"role\":\"assistant\",\"content\":\"one\"}]");

    JsonNode r = record(SpanType.LLM, MESSAGES, MESSAGES);
    assertThat(r.path("input").size()).isEqualTo(4);
    assertThat(r.path("input").path(2).path("tool_calls").toString())
        .isEqualTo("[{\"id\":\"c1\",\"function\":{\"name\":\"add\",\"arguments\":\"{}\"}}]");
    assertThat(r.path("input").path(3).path("tool_call_id").asText()).isEqualTo("c1");
    assertThat(r.path("input").path(0).has("tool_calls")).as("only when there are some").isFalse();
    assertThat(r.path("output").path("role").asText()).as("the last message").isEqualTo("tool");

    JsonNode docs = record(SpanType.LLM, DOCUMENTS, DOCUMENTS);
    assertThat(docs.path("input").path(0).path("content").asText()).isEqualTo("- d1\n- d2");
    assertThat(docs.path("output").path("role").asText()).isEqualTo("assistant");

    assertThat(record(SpanType.LLM, Content.messages(List.of()), Content.messages(List.of()))
        .has("output")).as("an empty conversation has no answer").isFalse();
  }

  @Test
  void retrieverOutputIsDocumentsWithTypedMetadata() {
    JsonNode r = record(SpanType.RETRIEVER, MESSAGES, DOCUMENTS);

    assertThat(r.path("input").asText()).isEqualTo(MESSAGES.asText());
    JsonNode metadata = r.path("output").path(0).path("metadata");
    assertThat(metadata.path("s").isTextual()).isTrue();
    assertThat(metadata.path("b").isBoolean()).isTrue();
    assertThat(metadata.path("i").isIntegralNumber()).isTrue();
    assertThat(metadata.path("n").isDouble()).isTrue();
    assertThat(r.path("output").path(1).toString())
        .isEqualTo("{\"content\":\"d2\",\"metadata\":{}}");

    assertThat(record(SpanType.RETRIEVER, TEXT, TEXT).path("output").toString())
        .isEqualTo("[{\"content\":\"plain\",\"metadata\":{}}]");
  }

  @ParameterizedTest
  @EnumSource(value = SpanType.class, names = {"WORKFLOW", "AGENT"})
  void workflowAndAgentKeepEveryShapeTheyAccept(SpanType type) {
    assertThat(record(type, TEXT, TEXT).path("input").asText()).isEqualTo("plain");
    assertThat(record(type, TEXT, TEXT).path("output").asText()).isEqualTo("plain");
    assertThat(record(type, MESSAGES, MESSAGES).path("input").size()).isEqualTo(4);
    assertThat(record(type, MESSAGES, MESSAGES).path("output").path("content").asText())
        .isEqualTo("3");
    assertThat(record(type, ONE_MESSAGE, ONE_MESSAGE).path("input").toString())
        .isEqualTo("[{\"role\":\"assistant\",\"content\":\"one\"}]");
    assertThat(record(type, ONE_MESSAGE, ONE_MESSAGE).path("output").path("content").asText())
        .isEqualTo("one");
    assertThat(record(type, DOCUMENTS, DOCUMENTS).path("input").asText()).isEqualTo("- d1\n- d2");
    assertThat(record(type, DOCUMENTS, DOCUMENTS).path("output").size()).isEqualTo(2);
  }

  @Test
  void nullContentIsTheDefaultOrLeftOut() {
    for (SpanType type : SpanType.values()) {
      JsonNode r = record(type, null, null);
      assertThat(r.has("output")).as(type + " output").isFalse();
      if (type == SpanType.LLM) {
        assertThat(r.has("input")).isFalse();
      } else {
        assertThat(r.path("input").asText("missing")).as(type + " input").isEmpty();
      }
    }
  }

  // --- numbers and time

  @Test
  void aTemperatureJsonCannotHoldIsLeftOut() {
    SpanData t = trace("t").build();
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY}) {
      SpanData llm = span(SpanType.LLM, "llm", t)
          .llm(new SpanData.LlmData("m", bad, null, null, null, null)).build();
      JsonNode r = valid("LogSpansIngestRequest",
          json.spansIngest(null, t.traceId(), t.spanId(), List.of(SpanNode.leaf(llm))))
          .path("spans").path(0);
      assertThat(r.has("temperature")).isFalse();
      assertThat(r.path("model").asText()).isEqualTo("m");
      assertThat(r.path("metrics").has("num_input_tokens")).isFalse();
    }
  }

  @Test
  void llmDataOnAnotherTypeIsNotSent() {
    SpanData t = trace("t").build();
    SpanData tool = span(SpanType.TOOL, "tool", t)
        .llm(new SpanData.LlmData("m", 1.0, 1L, 2L, 3L, 4L)).build();

    JsonNode r = valid("LogSpansIngestRequest",
        json.spansIngest(null, t.traceId(), t.spanId(), List.of(SpanNode.leaf(tool))))
        .path("spans").path(0);

    assertThat(r.has("model")).isFalse();
    assertThat(r.path("metrics").toString()).isEqualTo("{\"duration_ns\":1500000}");
  }

  @Test
  void createdAtHasMicrosecondsAndZ() {
    SpanData t = trace("t").start(0).build();
    byte[] body = json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true);

    assertThat(new String(body, StandardCharsets.UTF_8))
        .contains("\"created_at\":\"1970-01-01T00:00:00.000000Z\"");
  }

  // --- reading answers

  @Test
  void findIdByNameSkipsUnknownFieldsAndOtherNames() {
    String list = "[{\"id\":\"6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b\",\"name\":\"other\"},"
        + "{\"created_by_user\":{\"id\":\"x\",\"name\":\"mine\"},\"runs\":[{\"name\":\"mine\"}],"
        + "\"name\":\"mine\",\"id\":\"0d9c8b7a-6f5e-4d3c-9b2a-190817263544\",\"n\":1.5}]";

    assertThat(GalileoJson.findIdByName(bytes(list), "mine")).isEqualTo(SESSION);
    assertThat(GalileoJson.findIdByName(bytes(list), "other")).isEqualTo(LOG_STREAM);
    assertThat(GalileoJson.findIdByName(bytes(list), "none")).isNull();
    assertThat(GalileoJson.findIdByName(bytes("[]"), "mine")).isNull();
    assertThat(GalileoJson.findIdByName(bytes("{\"total\":1,\"projects\":" + list + "}"), "mine"))
        .as("a paginated answer").isEqualTo(SESSION);
    assertThat(GalileoJson.findIdByName(bytes("[{\"name\":\"mine\",\"id\":\"1-2-3-4-5\"}]"),
        "mine")).as("not a canonical uuid").isNull();
    assertThat(GalileoJson.findIdByName(bytes("<html>"), "mine")).isNull();
    assertThat(GalileoJson.findIdByName(bytes("[{\"name\":"), "mine")).isNull();
  }

  @Test
  void readIdTakesTheTopLevelId() {
    assertThat(GalileoJson.readId(bytes("{\"project\":{\"id\":\"" + LOG_STREAM + "\"},"
        + "\"name\":\"n\",\"id\":\"" + SESSION + "\"}"))).isEqualTo(SESSION);
    assertThat(GalileoJson.readId(bytes("{\"name\":\"n\"}"))).isNull();
    assertThat(GalileoJson.readId(bytes("[]"))).isNull();
    assertThat(GalileoJson.readId(bytes(""))).isNull();
    assertThat(GalileoJson.readId(bytes("{\"id\":"))).isNull();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void buildsManyBodiesConcurrently() throws Exception {
    SpanData t = trace("t").input("x".repeat(1000)).build();
    byte[] expected = json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 4; i++) {
      Thread th = new Thread(() -> {
        for (int j = 0; j < 500; j++) {
          if (!java.util.Arrays.equals(expected,
              json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true))) {
            errors.add(new AssertionError("different bytes"));
          }
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(errors).isEmpty();
  }
}
