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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * {@code service.name}. What Galileo's agent views read comes from this SDK's exporter's
 * attributes and the conventions' alike: an LLM span's {@code finish_reason}, {@code tools}
 * (OpenAI's function-tool shape) and {@code events} ({@code galileo.llm.events}, else reasoning
 * parts or contents), an agent's {@code agent_type} ({@code galileo.agent.type}), a tool's
 * {@code tool_call_id}, and image and audio token metrics. Every other attribute, and any of
 * those that cannot be read as such, becomes {@code user_metadata}, as a string. An
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
  /** Galileo's agent type, as this SDK's exporter sends it (no convention has one). */
  static final String GALILEO_AGENT_TYPE = "galileo.agent.type";
  /** An LLM span's events in Galileo's shape, as this SDK's exporter sends them. */
  static final String GALILEO_LLM_EVENTS = "galileo.llm.events";
  private static final Pattern INDEXED = Pattern.compile(
      "(llm\\.input_messages|llm\\.output_messages|retrieval\\.documents|llm\\.tools)\\.(\\d+)\\.(.+)");
  /** Galileo's {@code AgentType} names. */
  private static final Set<String> AGENT_TYPES = Set.of(
      "default", "planner", "react", "reflection", "router", "classifier", "supervisor", "judge");
  /** The {@code type} of each event in Galileo's {@code LlmSpan.events}. */
  private static final Set<String> EVENT_TYPES = Set.of("message", "reasoning", "internal_tool_call",
      "web_search_call", "image_generation", "mcp_call", "mcp_list_tools", "mcp_approval_request");

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

    AnyValue genAiOutput = attrs.remove("gen_ai.output.messages");
    JsonNode input = firstOf(
        value(attrs.remove("input.value"), attrs.remove("input.mime_type")),
        messages(attrs.remove("gen_ai.input.messages"), false),
        indexedMessages(indexed.get("llm.input_messages"), false),
        textNode(attrs.remove("gen_ai.tool.call.arguments")));
    JsonNode output = firstOf(
        value(attrs.remove("output.value"), attrs.remove("output.mime_type")),
        messages(genAiOutput, "llm".equals(type)),
        indexedMessages(indexed.get("llm.output_messages"), "llm".equals(type)),
        textNode(attrs.remove("gen_ai.tool.call.result")),
        documents(indexed.get("retrieval.documents")));
    switch (type) {
      case "llm" -> llmFields(body, attrs, genAiOutput, indexed);
      case "agent" -> agentType(body, attrs);
      case "tool" -> toolCallId(body, attrs);
      default -> { } // what an LLM, agent or tool span holds stays metadata on any other
    }
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
    putLong(metrics, "num_image_input_tokens", attrs, "gen_ai.usage.image.input_tokens",
        "llm.token_count.prompt_details.image");
    putLong(metrics, "num_image_output_tokens", attrs, "gen_ai.usage.image.output_tokens",
        "llm.token_count.completion_details.image");
    putLong(metrics, "num_audio_input_tokens", attrs, "gen_ai.usage.audio.input_tokens",
        "llm.token_count.prompt_details.audio");
    putLong(metrics, "num_audio_output_tokens", attrs, "gen_ai.usage.audio.output_tokens",
        "llm.token_count.completion_details.audio");

    ObjectNode meta = body.putObject("user_metadata");
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals("service.name")) {
        meta.put("service.name", clip(text(kv.getValue()), 1000));
      }
    }
    Map<String, String> rest = new TreeMap<>();
    attrs.forEach((k, v) -> rest.put(k, text(v)));
    rest.forEach((k, v) -> meta.put(k, clip(v, 10_000)));
    Map<Integer, Map<String, String>> unreadTools = indexed.get("llm.tools");
    if (unreadTools != null) { // not an LLM span, or tools it could not read: kept as they came
      unreadTools.forEach((i, fields) -> fields.forEach((k, v) ->
          meta.put("llm.tools." + i + "." + k, clip(v, 10_000))));
    }
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

  // --- what Galileo's agent views read

  /**
   * An LLM span's finish reason, tools offered and events, each from this SDK's exporter's
   * attributes or from the GenAI conventions' and OpenInference's; an attribute that cannot be
   * read as such stays metadata.
   */
  private static void llmFields(ObjectNode body, Map<String, AnyValue> attrs, AnyValue genAiOutput,
      Map<String, Map<Integer, Map<String, String>>> indexed) {
    JsonNode outputMessages = parse(genAiOutput);
    JsonNode reasons = finishReasons(attrs.get("gen_ai.response.finish_reasons"));
    String finishReason = reasons == null ? null : reasons.get(0).textValue();
    if (reasons != null && reasons.size() == 1) { // several (one per choice): all kept as metadata
      attrs.remove("gen_ai.response.finish_reasons");
    }
    String openInference = text(attrs.get("llm.finish_reason"));
    if (openInference != null && (finishReason == null || finishReason.equals(openInference))) {
      attrs.remove("llm.finish_reason");
      finishReason = openInference;
    }
    if (finishReason == null && outputMessages != null) {
      finishReason = Json.text(outputMessages.path(0), "finish_reason");
    }
    if (finishReason != null) {
      body.put("finish_reason", finishReason);
    }

    ArrayNode tools = genAiTools(parse(attrs.get("gen_ai.tool.definitions")));
    if (tools != null) {
      attrs.remove("gen_ai.tool.definitions");
    } else {
      tools = openInferenceTools(indexed.get("llm.tools"));
    }
    if (tools != null) {
      indexed.remove("llm.tools");
      body.set("tools", tools);
    }

    ArrayNode events = galileoEvents(parse(attrs.get(GALILEO_LLM_EVENTS)));
    if (events != null) {
      attrs.remove(GALILEO_LLM_EVENTS);
    } else {
      events = reasoning(outputMessages, indexed.get("llm.output_messages"));
    }
    if (events != null && !events.isEmpty()) {
      body.set("events", events);
    }
  }

  /**
   * {@code gen_ai.response.finish_reasons}: a string array (or its JSON text, or one string), as a
   * non-empty array of strings; null for anything else.
   */
  private static JsonNode finishReasons(AnyValue v) {
    if (v == null) {
      return null;
    }
    JsonNode reasons = v.hasArrayValue() ? json(v) : parse(v);
    if (reasons == null && v.hasStringValue() && !v.getStringValue().isBlank()) {
      reasons = Json.array().add(v.getStringValue());
    }
    if (reasons == null || !reasons.isArray() || reasons.isEmpty()) {
      return null;
    }
    for (JsonNode r : reasons) {
      if (!r.isTextual()) {
        return null;
      }
    }
    return reasons;
  }

  /**
   * {@code gen_ai.tool.definitions} ({@code [{"type", "name", "description", "parameters"}]}) as
   * Galileo's {@code tools}, in OpenAI's function-tool shape as Galileo's SDKs send them; null
   * unless every element is a tool with a name.
   */
  private static ArrayNode genAiTools(JsonNode definitions) {
    if (definitions == null || !definitions.isArray() || definitions.isEmpty()) {
      return null;
    }
    ArrayNode tools = Json.array();
    for (JsonNode d : definitions) {
      ObjectNode tool = functionTool(d);
      if (tool == null) {
        return null;
      }
      tools.add(tool);
    }
    return tools;
  }

  /**
   * A tool definition in OpenAI's shape: as it is when it already is ({@code {"type": "function",
   * "function": {...}}}), built from a flat one ({@code {"name", "description", "parameters"}})
   * otherwise; null when it names no tool.
   */
  private static ObjectNode functionTool(JsonNode d) {
    if (!(d instanceof ObjectNode o)) {
      return null;
    }
    if (o.path("function") instanceof ObjectNode f && f.path("name").isTextual()) {
      return o;
    }
    if (!o.path("name").isTextual()) {
      return null;
    }
    ObjectNode tool = Json.object();
    tool.put("type", o.path("type").isTextual() ? o.path("type").textValue() : "function");
    ObjectNode function = tool.putObject("function");
    o.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("type")) {
        function.set(e.getKey(), e.getValue());
      }
    });
    return tool;
  }

  /**
   * OpenInference's {@code llm.tools.{i}.tool.*}: the OpenAI-shaped {@code tool.json_schema}, or
   * a tool made of {@code tool.name}, {@code tool.description} and {@code tool.parameters}; null
   * unless every tool can be read.
   */
  private static ArrayNode openInferenceTools(Map<Integer, Map<String, String>> byIndex) {
    if (byIndex == null) {
      return null;
    }
    ArrayNode tools = Json.array();
    for (Map<String, String> t : byIndex.values()) {
      ObjectNode tool = functionTool(parse(t.get("tool.json_schema")));
      if (tool == null && t.get("tool.name") != null) {
        ObjectNode flat = Json.object().put("name", t.get("tool.name"));
        if (t.get("tool.description") != null) {
          flat.put("description", t.get("tool.description"));
        }
        JsonNode parameters = parse(t.get("tool.parameters"));
        if (parameters != null) {
          flat.set("parameters", parameters);
        } else if (t.get("tool.parameters") != null) {
          return null;
        }
        tool = functionTool(flat);
      }
      if (tool == null) {
        return null;
      }
      tools.add(tool);
    }
    return tools;
  }

  /** {@code galileo.llm.events}, when it is an array of events of types Galileo knows; else null. */
  private static ArrayNode galileoEvents(JsonNode events) {
    if (events == null || !events.isArray()) {
      return null;
    }
    for (JsonNode e : events) {
      if (!e.isObject() || !EVENT_TYPES.contains(Json.text(e, "type"))) {
        return null;
      }
    }
    return (ArrayNode) events;
  }

  /**
   * The model's reasoning as Galileo reasoning events: the GenAI output messages' {@code
   * reasoning} parts, else OpenInference's {@code reasoning} message contents.
   */
  private static ArrayNode reasoning(JsonNode outputMessages,
      Map<Integer, Map<String, String>> indexedOutput) {
    ArrayNode events = Json.array();
    if (outputMessages != null && outputMessages.isArray()) {
      for (JsonNode m : outputMessages) {
        for (JsonNode part : m.path("parts")) {
          if ("reasoning".equals(Json.text(part, "type")) && part.path("content").isTextual()) {
            events.addObject().put("type", "reasoning").put("content", part.path("content").textValue());
          }
        }
      }
    }
    if (events.isEmpty() && indexedOutput != null) {
      for (Map<String, String> m : indexedOutput.values()) {
        for (Map<String, String> c : contents(m).values()) {
          if ("reasoning".equals(c.get("type")) && c.get("text") != null) {
            ObjectNode e = events.addObject().put("type", "reasoning");
            if (c.get("id") != null) {
              e.put("id", c.get("id"));
            }
            e.put("content", c.get("text"));
          }
        }
      }
    }
    return events;
  }

  /** An agent span's {@code agent_type}, when it is one of Galileo's. */
  private static void agentType(ObjectNode body, Map<String, AnyValue> attrs) {
    String agentType = text(attrs.get(GALILEO_AGENT_TYPE));
    if (agentType != null && AGENT_TYPES.contains(agentType.trim().toLowerCase(Locale.ROOT))) {
      attrs.remove(GALILEO_AGENT_TYPE);
      body.put("agent_type", agentType.trim().toLowerCase(Locale.ROOT));
    }
    String name = body.path("name").asText();
    for (String key : List.of("gen_ai.agent.name", "agent.name")) {
      if (name.equals(text(attrs.get(key)))) {
        attrs.remove(key); // the span's name already: this SDK's exporter sends both
      }
    }
  }

  /** A tool span's {@code tool_call_id}: GenAI's, else OpenInference's. */
  private static void toolCallId(ObjectNode body, Map<String, AnyValue> attrs) {
    String id = claim(attrs, "gen_ai.tool.call.id", "tool.id", "tool_call.id");
    if (id != null) {
      body.put("tool_call_id", id);
    }
  }

  /** The first of the attributes that has text; it, and those equal to it, leave the map. */
  private static String claim(Map<String, AnyValue> attrs, String... keys) {
    String found = null;
    for (String k : keys) {
      found = found != null ? found : text(attrs.get(k));
    }
    for (String k : keys) {
      if (found != null && found.equals(text(attrs.get(k)))) {
        attrs.remove(k);
      }
    }
    return found;
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

  /**
   * OpenInference's llm.*_messages.{i}.message.* as Galileo messages: role, content (else its
   * text contents), tool calls and the tool call id. Reasoning contents become events
   * ({@link #reasoning}).
   */
  private static JsonNode indexedMessages(Map<Integer, Map<String, String>> byIndex, boolean single) {
    if (byIndex == null) {
      return null;
    }
    ArrayNode a = Json.array();
    for (Map<String, String> m : byIndex.values()) {
      ObjectNode msg = a.addObject();
      msg.put("role", m.getOrDefault("message.role", "user"));
      String content = m.get("message.content");
      if (content == null) {
        StringBuilder text = new StringBuilder();
        contents(m).values().forEach(c -> {
          if ("text".equals(c.get("type")) && c.get("text") != null) {
            append(text, c.get("text"));
          }
        });
        content = text.toString();
      }
      msg.put("content", content);
      if (m.get("message.tool_call_id") != null) {
        msg.put("tool_call_id", m.get("message.tool_call_id"));
      }
      Map<Integer, Map<String, String>> calls = nested(m, "message.tool_calls.", "tool_call.");
      if (!calls.isEmpty()) {
        ArrayNode list = msg.putArray("tool_calls");
        calls.values().forEach(c -> {
          ObjectNode call = list.addObject();
          call.put("id", c.getOrDefault("id", ""));
          call.put("type", "function");
          call.putObject("function").put("name", c.getOrDefault("function.name", ""))
              .put("arguments", c.getOrDefault("function.arguments", ""));
        });
      }
    }
    return single && a.size() == 1 ? a.get(0) : a;
  }

  /** A flattened message's {@code message.contents.{j}.message_content.*}, by index. */
  private static Map<Integer, Map<String, String>> contents(Map<String, String> message) {
    return nested(message, "message.contents.", "message_content.");
  }

  /** {@code {prefix}{j}.{inner}{field}} keys of a flattened object, as j -> field -> value. */
  private static Map<Integer, Map<String, String>> nested(Map<String, String> flat, String prefix,
      String inner) {
    Map<Integer, Map<String, String>> out = new TreeMap<>();
    flat.forEach((k, v) -> {
      if (!k.startsWith(prefix)) {
        return;
      }
      int dot = k.indexOf('.', prefix.length());
      if (dot < 0 || !k.startsWith(inner, dot + 1)) {
        return;
      }
      try {
        int j = Integer.parseInt(k.substring(prefix.length(), dot));
        out.computeIfAbsent(j, x -> new LinkedHashMap<>()).put(k.substring(dot + 1 + inner.length()), v);
      } catch (NumberFormatException e) {
        // not an index: ignored, as OpenInference readers do
      }
    });
    return out;
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
   * GenAI messages ({@code [{"role", "parts": [{"type": "text", "content"}, ...]}]}, a JSON string
   * or structured) as Galileo's ({@code [{"role", "content", "tool_calls", "tool_call_id"}]}): text
   * parts are the content, {@code tool_call} parts its tool calls, a {@code tool_call_response}
   * its tool call id and content; {@code reasoning} parts become events ({@link #reasoning}).
   * Text that is not such JSON is kept as text.
   */
  private static JsonNode messages(AnyValue v, boolean single) {
    String s = text(v);
    if (s == null) {
      return null;
    }
    JsonNode parsed = parse(v);
    if (parsed == null || !parsed.isArray()) {
      return TextNode.valueOf(s);
    }
    ArrayNode out = Json.array();
    for (JsonNode m : parsed) {
      ObjectNode msg = out.addObject();
      msg.put("role", m.path("role").asText("user"));
      if (m.path("content").isTextual()) {
        msg.put("content", m.path("content").asText());
        continue;
      }
      StringBuilder text = new StringBuilder();
      ArrayNode calls = Json.array();
      for (JsonNode part : m.path("parts")) {
        String type = Json.text(part, "type");
        if ("tool_call".equals(type)) {
          ObjectNode call = calls.addObject();
          call.put("id", part.path("id").asText(""));
          call.put("type", "function");
          call.putObject("function").put("name", part.path("name").asText(""))
              .put("arguments", asText(part.get("arguments")));
        } else if ("tool_call_response".equals(type)) {
          if (part.path("id").isTextual()) {
            msg.put("tool_call_id", part.path("id").textValue());
          }
          JsonNode response = part.has("response") ? part.get("response") : part.get("result");
          append(text, asText(response));
        } else if (!"reasoning".equals(type) && part.path("content").isTextual()) {
          append(text, part.path("content").asText());
        }
      }
      msg.put("content", text.toString());
      if (!calls.isEmpty()) {
        msg.set("tool_calls", calls);
      }
    }
    return single && out.size() == 1 ? out.get(0) : out;
  }

  private static void append(StringBuilder text, String more) {
    if (!more.isEmpty()) {
      text.append(text.length() == 0 ? "" : "\n").append(more);
    }
  }

  /** A JSON value as text: a string as it is, anything else as JSON; "" for none. */
  private static String asText(JsonNode v) {
    return v == null || v.isNull() ? "" : v.isTextual() ? v.textValue() : Json.write(v);
  }

  /** An attribute's JSON: its string parsed, or its structured value; null when it is neither. */
  private static JsonNode parse(AnyValue v) {
    if (v == null) {
      return null;
    }
    if (v.hasArrayValue() || v.hasKvlistValue()) {
      return json(v);
    }
    return v.hasStringValue() ? parse(v.getStringValue()) : null;
  }

  /** JSON text parsed, or null when it is not one JSON value. */
  private static JsonNode parse(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Json.parse(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
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
