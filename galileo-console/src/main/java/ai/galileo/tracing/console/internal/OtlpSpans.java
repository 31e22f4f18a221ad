package ai.galileo.tracing.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OTLP span as a Galileo span body. The type comes from OpenInference's
 * {@code openinference.span.kind}, else the GenAI semantic conventions' {@code gen_ai.operation.name},
 * else it is a workflow; input and output from {@code input.value} / {@code output.value}, the
 * GenAI messages, OpenInference's indexed messages, tool arguments and results, or retrieval
 * documents; the model and token counts likewise; the service from the resource's
 * {@code service.name}. Every other attribute becomes {@code user_metadata}, as a string. An
 * error status gives the span a {@code status_code} (the HTTP status when the span has one of 400
 * or more, else 500) and its message.
 */
final class OtlpSpans {
  /** The attribute a span may carry with its full Galileo UUID, as this SDK's exporter sends it. */
  static final String GALILEO_SPAN_ID = "galileo.span.id";
  /** Its parent's, likewise. */
  static final String GALILEO_PARENT_ID = "galileo.parent.id";
  static final String GALILEO_TRACE_ID = "galileo.trace.id";
  /** The Galileo span type (workflow, llm, ...), which says more than the GenAI kinds. */
  static final String GALILEO_SPAN_TYPE = "galileo.span.type";
  /** The span's Galileo status code (an HTTP status), exact where OTel's status is ok/error. */
  static final String GALILEO_STATUS_CODE = "galileo.status_code";
  private static final Pattern INDEXED =
      Pattern.compile("(llm\\.input_messages|llm\\.output_messages|retrieval\\.documents)\\.(\\d+)\\.(.+)");

  private OtlpSpans() {}

  /** Why the span's ids cannot be used, or null when they can. */
  static String idProblem(Span span) {
    if (span.getTraceId().size() != 16) {
      return "trace_id has " + span.getTraceId().size() + " bytes, not 16";
    }
    if (isZero(span.getTraceId().toByteArray())) {
      return "trace_id is all zero";
    }
    if (span.getSpanId().size() != 8) {
      return "span_id has " + span.getSpanId().size() + " bytes, not 8";
    }
    if (isZero(span.getSpanId().toByteArray())) {
      return "span_id is all zero";
    }
    int parent = span.getParentSpanId().size();
    if (parent != 0 && parent != 8) {
      return "parent_span_id has " + parent + " bytes, not 8 (or none)";
    }
    return null;
  }

  static Storage.OtlpSpan map(Resource resource, InstrumentationScope scope, Span span, String where) {
    byte[] t = span.getTraceId().toByteArray();
    UUID traceId = OtelIds.traceUuid(longAt(t, 0), longAt(t, 8));
    long spanId = longAt(span.getSpanId().toByteArray(), 0);
    long parent = span.getParentSpanId().isEmpty() ? 0 : longAt(span.getParentSpanId().toByteArray(), 0);

    Map<String, AnyValue> attrs = new LinkedHashMap<>();
    for (KeyValue kv : span.getAttributesList()) {
      attrs.put(kv.getKey(), kv.getValue());
    }
    ObjectNode body = Json.object();
    String galileoType = text(attrs.remove(GALILEO_SPAN_TYPE));
    String type = galileoType != null && IngestRequests.SPAN_TYPES.contains(galileoType)
        ? galileoType
        : type(text(attrs.get("openinference.span.kind")), text(attrs.get("gen_ai.operation.name")));
    attrs.remove("openinference.span.kind");
    body.put("type", type);
    body.put("name", span.getName().isEmpty() ? "(unnamed)" : span.getName());
    if (span.getStartTimeUnixNano() > 0) {
      long ns = span.getStartTimeUnixNano();
      body.put("created_at", Instant.ofEpochSecond(ns / 1_000_000_000L, ns % 1_000_000_000L).toString());
    }
    ObjectNode metrics = body.putObject("metrics");
    if (span.getStartTimeUnixNano() > 0 && span.getEndTimeUnixNano() >= span.getStartTimeUnixNano()) {
      metrics.put("duration_ns", span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
    }
    body.putArray("tags");

    AnyValue statusAttr = attrs.remove(GALILEO_STATUS_CODE);
    UUID claimed = Ids.parse(text(attrs.remove(GALILEO_SPAN_ID)));
    UUID claimedParent = Ids.parse(text(attrs.remove(GALILEO_PARENT_ID)));
    attrs.remove(GALILEO_TRACE_ID); // the trace id itself, as a UUID: nothing more
    Map<String, Map<Integer, Map<String, String>>> indexed = indexed(attrs);

    JsonNode input = firstOf(
        value(attrs.remove("input.value"), attrs.remove("input.mime_type")),
        messages(attrs.remove("gen_ai.input.messages"), false),
        indexedMessages(indexed.get("llm.input_messages"), false),
        textNode(attrs.remove("gen_ai.tool.call.arguments")));
    JsonNode output = firstOf(
        value(attrs.remove("output.value"), attrs.remove("output.mime_type")),
        messages(attrs.remove("gen_ai.output.messages"), "llm".equals(type)),
        indexedMessages(indexed.get("llm.output_messages"), "llm".equals(type)),
        textNode(attrs.remove("gen_ai.tool.call.result")),
        documents(indexed.get("retrieval.documents")));
    body.set("input", input == null ? TextNode.valueOf("") : input);
    if (output != null) {
      body.set("output", output);
    }
    AnyValue tags = attrs.remove("tag.tags");
    if (tags != null && tags.hasArrayValue()) {
      ArrayNode tagList = body.putArray("tags");
      tags.getArrayValue().getValuesList().forEach(v -> tagList.add(text(v)));
    }
    String model = firstText(attrs, "gen_ai.request.model", "llm.model_name", "gen_ai.response.model");
    if (model != null) {
      body.put("model", model);
    }
    putLong(metrics, "num_input_tokens", attrs, "gen_ai.usage.input_tokens", "llm.token_count.prompt");
    putLong(metrics, "num_output_tokens", attrs, "gen_ai.usage.output_tokens", "llm.token_count.completion");
    putLong(metrics, "num_total_tokens", attrs, "llm.token_count.total");

    ObjectNode meta = body.putObject("user_metadata");
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals("service.name")) {
        meta.put("service.name", clip(text(kv.getValue()), 1000));
      }
    }
    Map<String, String> rest = new TreeMap<>();
    attrs.forEach((k, v) -> rest.put(k, text(v)));
    rest.forEach((k, v) -> meta.put(k, clip(v, 10_000)));
    if (span.getKind() != Span.SpanKind.SPAN_KIND_UNSPECIFIED
        && span.getKind() != Span.SpanKind.UNRECOGNIZED) {
      meta.put("otel.span.kind", span.getKind().name().substring("SPAN_KIND_".length()).toLowerCase(Locale.ROOT));
    }
    if (!scope.getName().isEmpty()) {
      meta.put("otel.scope.name", scope.getName());
    }
    meta.put("otel.span_id", HexFormat.of().formatHex(span.getSpanId().toByteArray()));
    String galileoStatus = text(statusAttr);
    if (galileoStatus != null && galileoStatus.matches("\\d{1,9}")) {
      body.put("status_code", Long.parseLong(galileoStatus));
    } else if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
      String http = firstText(attrs, "http.response.status_code", "http.status_code", "rpc.grpc.status_code");
      long code = 500;
      try {
        code = http != null && Long.parseLong(http) >= 400 ? Long.parseLong(http) : 500;
      } catch (NumberFormatException e) {
        code = 500;
      }
      body.put("status_code", code);
      if (!span.getStatus().getMessage().isEmpty()) {
        meta.put("otel.status_message", clip(span.getStatus().getMessage(), 10_000));
      }
    } else if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_OK) {
      body.put("status_code", 200);
    }
    return new Storage.OtlpSpan(traceId, spanId, parent, claimed, claimedParent, type, body, where);
  }

  /** Galileo's span type: llm, retriever, tool, agent or workflow. */
  static String type(String openInferenceKind, String genAiOperation) {
    if (openInferenceKind != null) {
      switch (openInferenceKind.toUpperCase(Locale.ROOT)) {
        case "LLM":
          return "llm";
        case "RETRIEVER":
          return "retriever";
        case "TOOL":
          return "tool";
        case "AGENT":
          return "agent";
        default:
          return "workflow"; // CHAIN, EMBEDDING, RERANKER, GUARDRAIL, ...
      }
    }
    if (genAiOperation != null) {
      switch (genAiOperation) {
        case "chat", "text_completion", "generate_content":
          return "llm";
        case "execute_tool":
          return "tool";
        case "invoke_agent", "create_agent":
          return "agent";
        default:
          return "workflow";
      }
    }
    return "workflow";
  }

  // --- values

  private static Map<String, Map<Integer, Map<String, String>>> indexed(Map<String, AnyValue> attrs) {
    Map<String, Map<Integer, Map<String, String>>> out = new LinkedHashMap<>();
    var it = attrs.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      Matcher m = INDEXED.matcher(e.getKey());
      if (m.matches()) {
        try {
          out.computeIfAbsent(m.group(1), k -> new TreeMap<>())
              .computeIfAbsent(Integer.parseInt(m.group(2)), k -> new LinkedHashMap<>())
              .put(m.group(3), text(e.getValue()));
          it.remove();
        } catch (NumberFormatException ignored) {
          // an index too large to be one: left as metadata
        }
      }
    }
    return out;
  }

  /** OpenInference's llm.*_messages.{i}.message.role/content as Galileo messages. */
  private static JsonNode indexedMessages(Map<Integer, Map<String, String>> byIndex, boolean single) {
    if (byIndex == null) {
      return null;
    }
    ArrayNode a = Json.array();
    for (Map<String, String> m : byIndex.values()) {
      ObjectNode msg = a.addObject();
      msg.put("role", m.getOrDefault("message.role", "user"));
      msg.put("content", m.getOrDefault("message.content", ""));
    }
    return single && a.size() == 1 ? a.get(0) : a;
  }

  /** retrieval.documents.{i}.document.* as Galileo's retriever output. */
  private static JsonNode documents(Map<Integer, Map<String, String>> byIndex) {
    if (byIndex == null) {
      return null;
    }
    ArrayNode a = Json.array();
    for (Map<String, String> d : byIndex.values()) {
      ObjectNode doc = a.addObject();
      doc.put("content", d.getOrDefault("document.content", ""));
      ObjectNode meta = doc.putObject("metadata");
      d.forEach((k, v) -> {
        if (!k.equals("document.content")) {
          meta.put(k.startsWith("document.") ? k.substring("document.".length()) : k, v);
        }
      });
    }
    return a;
  }

  /**
   * GenAI messages ({@code [{"role", "parts": [{"type": "text", "content"}]}]}) as Galileo's
   * ({@code [{"role", "content"}]}); text that is not such JSON is kept as text.
   */
  private static JsonNode messages(AnyValue v, boolean single) {
    String s = text(v);
    if (s == null) {
      return null;
    }
    JsonNode parsed;
    try {
      parsed = Json.parse(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      return TextNode.valueOf(s);
    }
    if (!parsed.isArray()) {
      return TextNode.valueOf(s);
    }
    ArrayNode out = Json.array();
    for (JsonNode m : parsed) {
      ObjectNode msg = out.addObject();
      msg.put("role", m.path("role").asText("user"));
      if (m.path("content").isTextual()) {
        msg.put("content", m.path("content").asText());
      } else {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : m.path("parts")) {
          if (part.path("content").isTextual()) {
            text.append(text.length() == 0 ? "" : "\n").append(part.path("content").asText());
          }
        }
        msg.put("content", text.toString());
      }
    }
    return single && out.size() == 1 ? out.get(0) : out;
  }

  /** {@code input.value} / {@code output.value}: JSON when its mime type says so, else text. */
  private static JsonNode value(AnyValue v, AnyValue mimeType) {
    String s = text(v);
    if (s == null) {
      return null;
    }
    if ("application/json".equals(text(mimeType))) {
      try {
        return Json.parse(s.getBytes(StandardCharsets.UTF_8));
      } catch (java.io.IOException | RuntimeException e) {
        return TextNode.valueOf(s); // not JSON after all: kept as it came
      }
    }
    return TextNode.valueOf(s);
  }

  private static JsonNode firstOf(JsonNode... candidates) {
    for (JsonNode c : candidates) {
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  private static JsonNode textNode(AnyValue v) {
    String s = text(v);
    return s == null ? null : TextNode.valueOf(s);
  }

  private static String firstText(Map<String, AnyValue> attrs, String... keys) {
    String found = null;
    for (String k : keys) {
      AnyValue v = attrs.remove(k);
      found = found != null ? found : text(v);
    }
    return found;
  }

  private static void putLong(ObjectNode metrics, String field, Map<String, AnyValue> attrs, String... keys) {
    for (String k : keys) {
      AnyValue v = attrs.remove(k);
      if (v != null && !metrics.has(field)) {
        if (v.hasIntValue()) {
          metrics.put(field, v.getIntValue());
        } else if (v.hasDoubleValue()) {
          metrics.put(field, (long) v.getDoubleValue());
        } else {
          try {
            metrics.put(field, Long.parseLong(text(v).trim()));
          } catch (NumberFormatException | NullPointerException e) {
            // not a number: dropped from the metrics, and noted
            metrics.put(field + "_invalid", String.valueOf(text(v)));
          }
        }
      }
    }
  }

  /** An attribute value as text: strings as they are, the rest in JSON. */
  static String text(AnyValue v) {
    if (v == null) {
      return null;
    }
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      case BYTES_VALUE -> HexFormat.of().formatHex(v.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> Json.write(json(v));
      default -> null;
    };
  }

  private static JsonNode json(AnyValue v) {
    switch (v.getValueCase()) {
      case ARRAY_VALUE: {
        ArrayNode a = Json.array();
        v.getArrayValue().getValuesList().forEach(x -> a.add(json(x)));
        return a;
      }
      case KVLIST_VALUE: {
        ObjectNode o = Json.object();
        v.getKvlistValue().getValuesList().forEach(kv -> o.set(kv.getKey(), json(kv.getValue())));
        return o;
      }
      case BOOL_VALUE:
        return Json.NODES.booleanNode(v.getBoolValue());
      case INT_VALUE:
        return Json.NODES.numberNode(v.getIntValue());
      case DOUBLE_VALUE:
        return Json.NODES.numberNode(v.getDoubleValue());
      default:
        String s = text(v);
        return s == null ? Json.NODES.nullNode() : TextNode.valueOf(s);
    }
  }

  static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max) + "...";
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static long longAt(byte[] b, int from) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[from + i] & 0xffL);
    }
    return v;
  }
}
