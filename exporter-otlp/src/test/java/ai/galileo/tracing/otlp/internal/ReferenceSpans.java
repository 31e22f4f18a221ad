package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.W3CIds;
import ai.galileo.tracing.core.internal.export.SafeText;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The test oracle: the exporter's mapping as it was before the direct encoder, building the official
 * opentelemetry-proto messages for protobuf-java to serialize (commit a7aeace, kept unchanged but
 * for its names). The encoder must write the same bytes. A change to the mapping is made in both.
 */
public final class ReferenceSpans {
  /** The instrumentation scope every span is reported under. */
  public static final String SCOPE = "ai.galileo.tracing";

  private static final String JSON_MIME = "application/json";
  private static final String TEXT_MIME = "text/plain";

  private final SafeText text;
  private final ReferenceAgentAttributes agent;
  private final Resource resource;
  private final InstrumentationScope scope;

  public ReferenceSpans(Map<String, String> resourceAttributes, String sdkVersion, int maxFieldChars) {
    this.text = new SafeText(maxFieldChars);
    this.agent = new ReferenceAgentAttributes(text, new JsonText(text, maxFieldChars));
    Resource.Builder r = Resource.newBuilder();
    Map<String, String> all = new LinkedHashMap<>(resourceAttributes);
    all.putIfAbsent("telemetry.sdk.name", "galileo-java");
    all.putIfAbsent("telemetry.sdk.language", "java");
    all.putIfAbsent("telemetry.sdk.version", sdkVersion);
    all.forEach((k, v) -> r.addAttributes(string(k, v)));
    this.resource = r.build();
    this.scope = InstrumentationScope.newBuilder().setName(SCOPE).setVersion(sdkVersion).build();
  }

  /** The request for the final snapshots of a batch; open (start) snapshots are left out. */
  public ExportTraceServiceRequest request(List<SpanData> batch) {
    ScopeSpans.Builder spans = ScopeSpans.newBuilder().setScope(scope);
    for (SpanData s : batch) {
      if (s.isFinal()) {
        spans.addSpans(span(s));
      }
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(spans))
        .build();
  }

  /** The OTLP trace id of a Galileo trace: its UUID's 16 bytes, most significant first. */
  public static ByteString traceId(UUID traceId) {
    return bytes(traceId.getMostSignificantBits(), traceId.getLeastSignificantBits());
  }

  /** The OTLP span id of a Galileo span: the W3C parent-id our propagator sends for it. */
  public static ByteString spanId(UUID spanId) {
    return bytes(W3CIds.parentIdOf(spanId));
  }

  /**
   * The OTLP span id of a parent. A parent that came from another service's {@code traceparent}
   * without Galileo's tracestate member (an OpenTelemetry service) has the UUID {@link
   * W3CIds#uuidForParentId} made of its span id; that span id is read back off it, so the span
   * nests under the OpenTelemetry span in any OTLP backend.
   */
  static ByteString parentSpanId(UUID parentId) {
    long high = parentId.getMostSignificantBits();
    long low = parentId.getLeastSignificantBits();
    if ((low & 0x00ff_ffff_ffff_ffffL) == 0 && W3CIds.isV4(high, low)) {
      long id = (high & 0xffff_ffff_ffff_0000L) | ((high & 0x0fffL) << 4) | ((low >>> 56) & 0xfL);
      if (W3CIds.uuidForParentId(id).equals(parentId)) {
        return bytes(id);
      }
    }
    return spanId(parentId);
  }

  Span span(SpanData s) {
    Span.Builder b = Span.newBuilder()
        .setTraceId(traceId(s.traceId()))
        .setSpanId(spanId(s.spanId()))
        .setName(text.fix(s.name() == null ? "" : s.name()))
        .setKind(kind(s))
        .setStartTimeUnixNano(s.startEpochNanos())
        .setEndTimeUnixNano(s.startEpochNanos() + Math.max(0, s.durationNanos()));
    if (s.parentId() != null) {
      b.setParentSpanId(parentSpanId(s.parentId()));
    }
    ReferenceAttributes a = new ReferenceAttributes(text);
    a.put("galileo.trace.id", s.traceId().toString());
    a.put("galileo.span.id", s.spanId().toString());
    if (s.parentId() != null) {
      a.put("galileo.parent.id", s.parentId().toString());
    }
    a.put("galileo.span.type", s.type().wireName());
    if (s.sessionId() != null) {
      a.put("galileo.session.id", s.sessionId().toString());
      a.put("session.id", s.sessionId().toString());
    }
    if (s.state() == SpanData.State.UNFINISHED) {
      a.put("galileo.unfinished", true);
    }
    a.put("openinference.span.kind", openInferenceKind(s.type()));
    typed(s, a);
    content(s.input(), "input", a);
    content(s.output(), "output", a);
    if (s.statusCode() != null) {
      a.put("galileo.status_code", s.statusCode().longValue());
    }
    if (!s.tags().isEmpty()) {
      ArrayValue.Builder tags = ArrayValue.newBuilder();
      s.tags().forEach(t -> tags.addValues(AnyValue.newBuilder().setStringValue(text.fix(t))));
      a.put("tag.tags", AnyValue.newBuilder().setArrayValue(tags).build());
    }
    // Metadata last: what the attributes above already say wins over a metadata key of that name.
    s.metadata().forEach((k, v) -> a.putIfAbsent(k, v));
    a.values.forEach((k, v) -> b.addAttributes(KeyValue.newBuilder().setKey(k).setValue(v)));
    b.setStatus(status(s));
    return b.build();
  }

  private static Span.SpanKind kind(SpanData s) {
    if (s.remoteParent()) {
      return Span.SpanKind.SPAN_KIND_SERVER;
    }
    if (s.metadata().containsKey("http.url")) {
      return Span.SpanKind.SPAN_KIND_CLIENT;
    }
    return Span.SpanKind.SPAN_KIND_INTERNAL;
  }

  private Status status(SpanData s) {
    String errorType = s.metadata().get("error.type");
    boolean error = errorType != null || (s.statusCode() != null && s.statusCode() >= 400);
    if (!error) {
      return Status.getDefaultInstance();
    }
    String message = s.metadata().get("error.message");
    if (message == null) {
      message = errorType != null ? errorType : "status code " + s.statusCode();
    }
    return Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
        .setMessage(text.fix(message)).build();
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
  private void typed(SpanData s, ReferenceAttributes a) {
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
            a.put("gen_ai.request.temperature", AnyValue.newBuilder().setDoubleValue(llm.temperature()).build());
            double t = llm.temperature();
            a.putJson("llm.invocation_parameters", JsonText.of(g -> {
              g.writeStartObject();
              g.writeFieldName("temperature");
              if (Double.isFinite(t)) {
                g.writeNumber(t);
              } else {
                g.writeNull();
              }
              g.writeEndObject();
            }));
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
        messages(s.input(), "input", a, List.of(), null);
        messages(s.output(), "output", a, ReferenceAgentAttributes.reasoning(llm),
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
  private void content(Content c, String side, ReferenceAttributes a) {
    if (c == null) {
      return;
    }
    if (c instanceof Content.Text t) {
      a.put(side + ".value", t.text());
      a.put(side + ".mime_type", TEXT_MIME);
      return;
    }
    a.putJson(side + ".value", JsonText.of(g -> contentJson(g, c)));
    a.put(side + ".mime_type", JSON_MIME);
  }

  /**
   * GenAI's {@code gen_ai.input.messages} (a JSON string) and OpenInference's flattened ones. The
   * model's reasoning goes with its first output message: a {@code reasoning} part before its
   * text, and OpenInference {@code reasoning} contents (then the text again as a content, since a
   * reader of contents reads no {@code message.content}).
   */
  private void messages(Content c, String side, ReferenceAttributes a, List<LlmEvent.Reasoning> reasoning,
      String finishReason) {
    List<Message> messages = c instanceof Content.Messages m ? m.messages()
        : c instanceof Content.SingleMessage one ? List.of(one.message()) : null;
    if (messages == null) {
      return;
    }
    a.putJson("gen_ai." + side + ".messages",
        JsonText.of(g -> genAiMessages(g, messages, reasoning, finishReason)));
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      String p = "llm." + side + "_messages." + i + ".message.";
      a.put(p + "role", m.role().wireName());
      if (m.content() != null) {
        a.put(p + "content", m.content());
      }
      if (i == 0 && !reasoning.isEmpty()) {
        int j = 0;
        for (LlmEvent.Reasoning r : reasoning) {
          String q = p + "contents." + j++ + ".message_content.";
          a.put(q + "type", "reasoning");
          a.put(q + "text", ReferenceAgentAttributes.reasoningText(r));
          a.put(q + "id", r.id());
        }
        if (m.content() != null) {
          a.put(p + "contents." + j + ".message_content.type", "text");
          a.put(p + "contents." + j + ".message_content.text", m.content());
        }
      }
      if (m.toolCallId() != null) {
        a.put(p + "tool_call_id", m.toolCallId());
      }
      for (int j = 0; j < m.toolCalls().size(); j++) {
        ToolCall call = m.toolCalls().get(j);
        String q = p + "tool_calls." + j + ".tool_call.";
        a.put(q + "id", call.id());
        a.put(q + "function.name", call.name());
        if (call.arguments() != null) {
          a.put(q + "function.arguments", call.arguments());
        }
      }
    }
  }

  /** OpenInference's {@code retrieval.documents.{i}.document.*} for a retriever's output. */
  private void documents(Content c, ReferenceAttributes a) {
    if (!(c instanceof Content.Documents docs)) {
      return;
    }
    for (int i = 0; i < docs.documents().size(); i++) {
      Document d = docs.documents().get(i);
      String p = "retrieval.documents." + i + ".document.";
      a.put(p + "content", d.content());
      Object id = d.metadata().get("id");
      if (id != null) {
        a.put(p + "id", String.valueOf(id));
      }
      if (d.metadata().get("score") instanceof Number score) {
        a.put(p + "score", AnyValue.newBuilder().setDoubleValue(score.doubleValue()).build());
      }
      if (!d.metadata().isEmpty()) {
        a.putJson(p + "metadata", JsonText.of(g -> object(g, d.metadata())));
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
          text.write(g, ReferenceAgentAttributes.reasoningText(r));
          g.writeEndObject();
        }
      }
      if (m.toolCallId() != null) {
        g.writeStartObject();
        g.writeStringField("type", "tool_call_response");
        g.writeStringField("id", m.toolCallId());
        g.writeFieldName("response");
        text.write(g, m.content() == null ? "" : m.content());
        g.writeEndObject();
      } else if (m.content() != null) {
        g.writeStartObject();
        g.writeStringField("type", "text");
        g.writeFieldName("content");
        text.write(g, m.content());
        g.writeEndObject();
      }
      for (ToolCall call : m.toolCalls()) {
        g.writeStartObject();
        g.writeStringField("type", "tool_call");
        g.writeStringField("id", call.id());
        g.writeStringField("name", call.name());
        if (call.arguments() != null) {
          g.writeFieldName("arguments");
          text.write(g, call.arguments());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (finishReason != null) { // required by the conventions up to 1.37, and still read
        g.writeFieldName("finish_reason");
        text.write(g, finishReason);
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
        text.write(g, d.content());
        g.writeFieldName("metadata");
        object(g, d.metadata());
        g.writeEndObject();
      }
      g.writeEndArray();
    } else {
      text.write(g, c.asText());
    }
  }

  private void chatMessage(JsonGenerator g, Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", m.role().wireName());
    g.writeFieldName("content");
    if (m.content() == null) {
      g.writeNull();
    } else {
      text.write(g, m.content());
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
        text.write(g, call.arguments() == null ? "" : call.arguments());
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
        text.write(g, String.valueOf(v));
      }
    }
    g.writeEndObject();
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder().setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static ByteString bytes(long... longs) {
    byte[] b = new byte[longs.length * 8];
    for (int i = 0; i < longs.length; i++) {
      for (int j = 0; j < 8; j++) {
        b[i * 8 + j] = (byte) (longs[i] >>> (56 - 8 * j));
      }
    }
    return ByteString.copyFrom(b);
  }
}
