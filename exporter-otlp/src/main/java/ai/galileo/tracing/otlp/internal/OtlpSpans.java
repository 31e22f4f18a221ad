package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.Metadata;
import ai.galileo.tracing.core.internal.W3CIds;
import ai.galileo.tracing.core.internal.export.SafeText;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Galileo span snapshots as an OTLP {@code ExportTraceServiceRequest}, written straight to the
 * protobuf wire format (field numbers from opentelemetry-proto's {@code trace.proto}, {@code
 * common.proto} and {@code resource.proto}; the tests decode the bytes with the official messages).
 * Ids: the trace id is the Galileo trace UUID's 128 bits; a span id is {@link W3CIds#parentIdOf}
 * of the span's UUID, the parent-id our W3C propagator sends for it, so a trace seen through OTLP
 * and through our headers is one. Each span carries OpenTelemetry's GenAI attributes and
 * OpenInference's side by side, plus {@code galileo.*} ids so a receiver can map it back exactly.
 * Every string is cut to {@code GALILEO_MAX_FIELD_CHARS} and made well-formed, as in the Galileo
 * exporter.
 *
 * <p>Not thread-safe: an encoder keeps the request it wrote, and its attribute arrays, for reuse.
 */
public final class OtlpSpans {
  /** The instrumentation scope every span is reported under. */
  public static final String SCOPE = "ai.galileo.tracing";

  private static final String JSON_MIME = "application/json";
  private static final String TEXT_MIME = "text/plain";

  // Field numbers: ExportTraceServiceRequest, ResourceSpans, ScopeSpans.
  private static final int RESOURCE_SPANS = 1;
  private static final int RESOURCE = 1;
  private static final int SCOPE_SPANS = 2;
  private static final int SCOPE_FIELD = 1;
  private static final int SPANS = 2;
  // Span.
  private static final int TRACE_ID = 1;
  private static final int SPAN_ID = 2;
  private static final int PARENT_SPAN_ID = 4;
  private static final int NAME = 5;
  private static final int KIND = 6;
  private static final int START_TIME = 7;
  private static final int END_TIME = 8;
  private static final int ATTRIBUTES = 9;
  private static final int STATUS = 15;
  // Status.
  private static final int STATUS_MESSAGE = 2;
  private static final int STATUS_CODE = 3;
  private static final int STATUS_CODE_ERROR = 2;
  // Span.SpanKind.
  static final int KIND_INTERNAL = 1;
  static final int KIND_SERVER = 2;
  static final int KIND_CLIENT = 3;

  /** The keys of one side of a span (input or output), made once. */
  private static final class Side {
    final String value;
    final String mimeType;
    final String genAiMessages;
    final String messages;
    final IndexedKey role;
    final IndexedKey content;
    final IndexedKey toolCallId;

    Side(String side) {
      value = side + ".value";
      mimeType = side + ".mime_type";
      genAiMessages = "gen_ai." + side + ".messages";
      messages = "llm." + side + "_messages.";
      role = new IndexedKey(messages, ".message.role");
      content = new IndexedKey(messages, ".message.content");
      toolCallId = new IndexedKey(messages, ".message.tool_call_id");
    }
  }

  private static final Side INPUT = new Side("input");
  private static final Side OUTPUT = new Side("output");
  private static final IndexedKey DOC_CONTENT = new IndexedKey("retrieval.documents.", ".document.content");
  private static final IndexedKey DOC_ID = new IndexedKey("retrieval.documents.", ".document.id");
  private static final IndexedKey DOC_SCORE = new IndexedKey("retrieval.documents.", ".document.score");
  private static final IndexedKey DOC_METADATA = new IndexedKey("retrieval.documents.", ".document.metadata");

  private final SafeText text;
  private final int maxChars;
  /** Strings inside the JSON values. */
  private final JsonStrings strings;
  private final AgentAttributes agent;
  /** The {@code resource} and {@code scope} fields, encoded once: the same in every request. */
  private final byte[] resourceField;
  private final byte[] scopeField;
  private final OtlpAttributes a;
  private final ProtoWriter out = new ProtoWriter(64 * 1024);

  public OtlpSpans(Map<String, String> resourceAttributes, String sdkVersion, int maxFieldChars) {
    this.text = new SafeText(maxFieldChars);
    this.maxChars = maxFieldChars;
    this.strings = new JsonStrings(text, maxFieldChars);
    this.agent = new AgentAttributes(strings, new JsonText(text, maxFieldChars));
    this.a = new OtlpAttributes(text, maxFieldChars);
    Map<String, String> all = new LinkedHashMap<>(resourceAttributes);
    all.putIfAbsent("telemetry.sdk.name", "galileo-java");
    all.putIfAbsent("telemetry.sdk.language", "java");
    all.putIfAbsent("telemetry.sdk.version", sdkVersion);
    OtlpAttributes r = new OtlpAttributes(new SafeText(Integer.MAX_VALUE), Integer.MAX_VALUE);
    all.forEach(r::put);
    ProtoWriter w = new ProtoWriter(256);
    w.begin(RESOURCE);
    r.write(w, 1); // Resource.attributes
    w.end();
    this.resourceField = w.toByteArray();
    w.reset();
    w.begin(SCOPE_FIELD);
    w.stringIfNotEmpty(1, SCOPE); // InstrumentationScope.name
    w.stringIfNotEmpty(2, sdkVersion); // .version
    w.end();
    this.scopeField = w.toByteArray();
  }

  /**
   * Encodes the request for the final snapshots of a batch (open, start snapshots are left out)
   * into this encoder's buffer, replacing the last one; {@link #writeTo} and {@link #toByteArray}
   * read it. Returns the number of spans in it; with none, the request is empty.
   */
  public int encode(List<SpanData> batch) {
    out.reset();
    return encode(batch, out);
  }

  /** As {@link #encode(List)}, into the given writer, which is reset first. */
  int encode(List<SpanData> batch, ProtoWriter w) {
    w.reset();
    int count = 0;
    for (SpanData s : batch) {
      if (s.isFinal()) {
        count++;
      }
    }
    if (count == 0) {
      return 0;
    }
    w.begin(RESOURCE_SPANS, 3);
    w.raw(resourceField);
    w.begin(SCOPE_SPANS, 3);
    w.raw(scopeField);
    for (SpanData s : batch) {
      if (s.isFinal()) {
        span(s, w);
      }
    }
    w.end();
    w.end();
    return count;
  }

  /** The size of the last encoded request, in bytes. */
  public int size() {
    return out.size();
  }

  /** Writes the last encoded request. */
  public void writeTo(OutputStream stream) throws IOException {
    stream.write(out.array(), 0, out.size());
  }

  /** The last encoded request in OTLP/JSON. */
  public byte[] toJson() {
    return OtlpJson.fromProtobuf(out.array(), out.size());
  }

  /** A copy of the last encoded request. */
  public byte[] toByteArray() {
    return out.toByteArray();
  }

  /** The OTLP span id of a Galileo span: the W3C parent-id our propagator sends for it. */
  public static long spanId(UUID spanId) {
    return W3CIds.parentIdOf(spanId);
  }

  /**
   * The OTLP span id of a parent. A parent that came from another service's {@code traceparent}
   * without Galileo's tracestate member (an OpenTelemetry service) has the UUID {@link
   * W3CIds#uuidForParentId} made of its span id; that span id is read back off it, so the span
   * nests under the OpenTelemetry span in any OTLP backend.
   */
  static long parentSpanId(UUID parentId) {
    long high = parentId.getMostSignificantBits();
    long low = parentId.getLeastSignificantBits();
    if ((low & 0x00ff_ffff_ffff_ffffL) == 0 && W3CIds.isV4(high, low)) {
      long id = (high & 0xffff_ffff_ffff_0000L) | ((high & 0x0fffL) << 4) | ((low >>> 56) & 0xfL);
      if (W3CIds.uuidForParentId(id).equals(parentId)) {
        return id;
      }
    }
    return spanId(parentId);
  }

  private void span(SpanData s, ProtoWriter w) {
    a.clear();
    attributes(s, a);
    w.begin(SPANS, 2);
    w.id128(TRACE_ID, s.traceId().getMostSignificantBits(), s.traceId().getLeastSignificantBits());
    w.id64(SPAN_ID, spanId(s.spanId()));
    if (s.parentId() != null) {
      w.id64(PARENT_SPAN_ID, parentSpanId(s.parentId()));
    }
    w.stringIfNotEmpty(NAME, cut(s.name() == null ? "" : s.name()));
    w.int64(KIND, kind(s));
    w.fixed64IfNotZero(START_TIME, s.startEpochNanos());
    w.fixed64IfNotZero(END_TIME, s.startEpochNanos() + Math.max(0, s.durationNanos()));
    a.write(w, ATTRIBUTES);
    w.begin(STATUS);
    status(s, w);
    w.end();
    w.end();
    a.clear();
  }

  /** A span's attributes, in the order they are written. */
  void attributes(SpanData s, OtlpAttributes a) {
    a.putUuid("galileo.trace.id", s.traceId());
    a.putUuid("galileo.span.id", s.spanId());
    if (s.parentId() != null) {
      a.putUuid("galileo.parent.id", s.parentId());
    }
    a.put("galileo.span.type", s.type().wireName());
    if (s.sessionId() != null) {
      a.putUuid("galileo.session.id", s.sessionId());
      a.putUuid("session.id", s.sessionId());
    }
    if (s.state() == SpanData.State.UNFINISHED) {
      a.put("galileo.unfinished", true);
    }
    a.put("openinference.span.kind", openInferenceKind(s.type()));
    typed(s, a);
    content(s.input(), INPUT, a);
    content(s.output(), OUTPUT, a);
    if (s.statusCode() != null) {
      a.put("galileo.status_code", s.statusCode().longValue());
    }
    if (!s.tags().isEmpty()) {
      a.putStrings("tag.tags", s.tags());
    }
    // Metadata last: what the attributes above already say wins over a metadata key of that name.
    metadata(s.metadata(), a);
  }

  /**
   * The tracer's own metadata is read by position: its {@code forEach} is {@link Map}'s, which
   * makes an entry object per entry, and a bound method reference would be one more per span.
   */
  private static void metadata(Map<String, String> metadata, OtlpAttributes a) {
    if (metadata instanceof Metadata m) {
      for (int i = 0, n = m.size(); i < n; i++) {
        a.putIfAbsent(m.keyAt(i), m.valueAt(i));
      }
      return;
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      a.putIfAbsent(e.getKey(), e.getValue());
    }
  }

  /** A string cut to the limit; within it, as it is: the writer repairs it as it encodes it. */
  private String cut(String s) {
    return s.length() > maxChars ? text.fix(s) : s;
  }

  private static int kind(SpanData s) {
    if (s.remoteParent()) {
      return KIND_SERVER;
    }
    if (s.metadata().containsKey("http.url")) {
      return KIND_CLIENT;
    }
    return KIND_INTERNAL;
  }

  /** The fields of the span's {@code Status}: none (unset) unless it records an error. */
  private void status(SpanData s, ProtoWriter w) {
    String errorType = s.metadata().get("error.type");
    boolean error = errorType != null || (s.statusCode() != null && s.statusCode() >= 400);
    if (!error) {
      return;
    }
    String message = s.metadata().get("error.message");
    if (message == null) {
      message = errorType != null ? errorType : "status code " + s.statusCode();
    }
    w.stringIfNotEmpty(STATUS_MESSAGE, cut(message));
    w.int64(STATUS_CODE, STATUS_CODE_ERROR);
  }

  static String openInferenceKind(SpanType type) {
    return switch (type) {
      case LLM -> "LLM";
      case RETRIEVER -> "RETRIEVER";
      case TOOL -> "TOOL";
      case AGENT -> "AGENT";
      case TRACE, WORKFLOW -> "CHAIN";
    };
  }

  /** What a span's type adds: GenAI operation, model, tokens, tool and agent names. */
  private void typed(SpanData s, OtlpAttributes a) {
    switch (s.type()) {
      case LLM -> {
        a.put("gen_ai.operation.name", "chat");
        String provider = s.metadata().get("provider");
        if (provider != null) {
          a.put("gen_ai.provider.name", provider);
          a.put("llm.provider", provider);
        }
        SpanData.LlmData llm = s.llm();
        if (llm != null) {
          if (llm.model() != null) {
            a.put("gen_ai.request.model", llm.model());
            a.put("llm.model_name", llm.model());
          }
          if (llm.temperature() != null) {
            a.putDouble("gen_ai.request.temperature", llm.temperature());
            double t = llm.temperature();
            a.putJson("llm.invocation_parameters", g -> {
              g.writeStartObject();
              g.writeFieldName("temperature");
              if (Double.isFinite(t)) {
                g.writeNumber(t);
              } else {
                g.writeNull();
              }
              g.writeEndObject();
            });
          }
          if (llm.inputTokens() != null) {
            a.put("gen_ai.usage.input_tokens", llm.inputTokens());
            a.put("llm.token_count.prompt", llm.inputTokens());
          }
          if (llm.outputTokens() != null) {
            a.put("gen_ai.usage.output_tokens", llm.outputTokens());
            a.put("llm.token_count.completion", llm.outputTokens());
          }
          if (llm.totalTokens() != null) {
            a.put("llm.token_count.total", llm.totalTokens());
          }
          agent.llm(llm, a);
        }
        messages(s.input(), INPUT, a, List.of(), null);
        messages(s.output(), OUTPUT, a, AgentAttributes.reasoning(llm),
            llm == null ? null : llm.finishReason());
      }
      case TOOL -> {
        a.put("gen_ai.operation.name", "execute_tool");
        a.put("gen_ai.tool.name", s.name());
        a.put("tool.name", s.name());
        if (s.input() != null) {
          a.put("gen_ai.tool.call.arguments", s.input().asText());
        }
        if (s.output() != null) {
          a.put("gen_ai.tool.call.result", s.output().asText());
        }
        agent.tool(s, a);
      }
      case AGENT -> {
        a.put("gen_ai.operation.name", "invoke_agent");
        agent.agent(s, a);
      }
      case RETRIEVER -> documents(s.output(), a);
      case TRACE, WORKFLOW -> { }
    }
  }

  /** {@code input.value} and {@code input.mime_type} (or output): text as is, the rest as JSON. */
  private void content(Content c, Side side, OtlpAttributes a) {
    if (c == null) {
      return;
    }
    if (c instanceof Content.Text t) {
      a.put(side.value, t.text());
      a.put(side.mimeType, TEXT_MIME);
      return;
    }
    a.putJson(side.value, g -> contentJson(g, c));
    a.put(side.mimeType, JSON_MIME);
  }

  /**
   * GenAI's {@code gen_ai.input.messages} (a JSON string) and OpenInference's flattened ones. The
   * model's reasoning goes with its first output message: a {@code reasoning} part before its
   * text, and OpenInference {@code reasoning} contents (then the text again as a content, since a
   * reader of contents reads no {@code message.content}).
   */
  private void messages(Content c, Side side, OtlpAttributes a, List<LlmEvent.Reasoning> reasoning,
      String finishReason) {
    List<Message> messages = c instanceof Content.Messages m ? m.messages()
        : c instanceof Content.SingleMessage one ? List.of(one.message()) : null;
    if (messages == null) {
      return;
    }
    a.putJson(side.genAiMessages, g -> genAiMessages(g, messages, reasoning, finishReason));
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      a.put(side.role.at(i), m.role().wireName());
      if (m.content() != null) {
        a.put(side.content.at(i), m.content());
      }
      if (i == 0 && !reasoning.isEmpty()) {
        String p = side.messages + "0.message.";
        int j = 0;
        for (LlmEvent.Reasoning r : reasoning) {
          String q = p + "contents." + j++ + ".message_content.";
          a.put(q + "type", "reasoning");
          a.put(q + "text", AgentAttributes.reasoningText(r));
          a.put(q + "id", r.id());
        }
        if (m.content() != null) {
          a.put(p + "contents." + j + ".message_content.type", "text");
          a.put(p + "contents." + j + ".message_content.text", m.content());
        }
      }
      if (m.toolCallId() != null) {
        a.put(side.toolCallId.at(i), m.toolCallId());
      }
      for (int j = 0; j < m.toolCalls().size(); j++) {
        ToolCall call = m.toolCalls().get(j);
        String q = side.messages + i + ".message.tool_calls." + j + ".tool_call.";
        a.put(q + "id", call.id());
        a.put(q + "function.name", call.name());
        if (call.arguments() != null) {
          a.put(q + "function.arguments", call.arguments());
        }
      }
    }
  }

  /** OpenInference's {@code retrieval.documents.{i}.document.*} for a retriever's output. */
  private void documents(Content c, OtlpAttributes a) {
    if (!(c instanceof Content.Documents docs)) {
      return;
    }
    for (int i = 0; i < docs.documents().size(); i++) {
      Document d = docs.documents().get(i);
      a.put(DOC_CONTENT.at(i), d.content());
      Object id = d.metadata().get("id");
      if (id != null) {
        a.put(DOC_ID.at(i), String.valueOf(id));
      }
      if (d.metadata().get("score") instanceof Number score) {
        a.putDouble(DOC_SCORE.at(i), score.doubleValue());
      }
      if (!d.metadata().isEmpty()) {
        a.putJson(DOC_METADATA.at(i), g -> object(g, d.metadata()));
      }
    }
  }

  /** Messages in the current GenAI convention: role and typed parts. */
  private void genAiMessages(JsonGenerator g, List<Message> messages,
      List<LlmEvent.Reasoning> reasoning, String finishReason) throws IOException {
    g.writeStartArray();
    boolean first = true;
    for (Message m : messages) {
      g.writeStartObject();
      g.writeStringField("role", m.role().wireName());
      g.writeArrayFieldStart("parts");
      if (first) {
        for (LlmEvent.Reasoning r : reasoning) {
          g.writeStartObject();
          g.writeStringField("type", "reasoning");
          g.writeFieldName("content");
          strings.write(g, AgentAttributes.reasoningText(r));
          g.writeEndObject();
        }
      }
      if (m.toolCallId() != null) {
        g.writeStartObject();
        g.writeStringField("type", "tool_call_response");
        g.writeStringField("id", m.toolCallId());
        g.writeFieldName("response");
        strings.write(g, m.content() == null ? "" : m.content());
        g.writeEndObject();
      } else if (m.content() != null) {
        g.writeStartObject();
        g.writeStringField("type", "text");
        g.writeFieldName("content");
        strings.write(g, m.content());
        g.writeEndObject();
      }
      for (ToolCall call : m.toolCalls()) {
        g.writeStartObject();
        g.writeStringField("type", "tool_call");
        g.writeStringField("id", call.id());
        g.writeStringField("name", call.name());
        if (call.arguments() != null) {
          g.writeFieldName("arguments");
          strings.write(g, call.arguments());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (finishReason != null) { // required by the conventions up to 1.37, and still read
        g.writeFieldName("finish_reason");
        strings.write(g, finishReason);
      }
      g.writeEndObject();
      first = false;
    }
    g.writeEndArray();
  }

  /** Messages as chat APIs take them, documents as content and metadata: {@code input.value}. */
  private void contentJson(JsonGenerator g, Content c) throws IOException {
    if (c instanceof Content.SingleMessage one) {
      chatMessage(g, one.message());
    } else if (c instanceof Content.Messages m) {
      g.writeStartArray();
      for (Message message : m.messages()) {
        chatMessage(g, message);
      }
      g.writeEndArray();
    } else if (c instanceof Content.Documents docs) {
      g.writeStartArray();
      for (Document d : docs.documents()) {
        g.writeStartObject();
        g.writeFieldName("content");
        strings.write(g, d.content());
        g.writeFieldName("metadata");
        object(g, d.metadata());
        g.writeEndObject();
      }
      g.writeEndArray();
    } else {
      strings.write(g, c.asText());
    }
  }

  private void chatMessage(JsonGenerator g, Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", m.role().wireName());
    g.writeFieldName("content");
    if (m.content() == null) {
      g.writeNull();
    } else {
      strings.write(g, m.content());
    }
    if (m.toolCallId() != null) {
      g.writeStringField("tool_call_id", m.toolCallId());
    }
    if (!m.toolCalls().isEmpty()) {
      g.writeArrayFieldStart("tool_calls");
      for (ToolCall call : m.toolCalls()) {
        g.writeStartObject();
        g.writeStringField("id", call.id());
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", call.name());
        g.writeFieldName("arguments");
        strings.write(g, call.arguments() == null ? "" : call.arguments());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private void object(JsonGenerator g, Map<String, Object> map) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Object> e : map.entrySet()) {
      g.writeFieldName(e.getKey());
      Object v = e.getValue();
      if (v == null) {
        g.writeNull();
      } else if (v instanceof Boolean bool) {
        g.writeBoolean(bool);
      } else if (v instanceof Integer || v instanceof Long) {
        g.writeNumber(((Number) v).longValue());
      } else if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
        g.writeNumber(n.doubleValue());
      } else {
        strings.write(g, String.valueOf(v));
      }
    }
    g.writeEndObject();
  }
}
