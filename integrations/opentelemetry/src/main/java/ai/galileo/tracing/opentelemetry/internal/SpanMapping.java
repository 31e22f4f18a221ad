package ai.galileo.tracing.opentelemetry.internal;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanData.LlmData;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ended OpenTelemetry span as Galileo span snapshots, typed and filled from the OpenTelemetry
 * GenAI semantic conventions and OpenInference's attributes: {@code llm} for a GenAI chat (or
 * text completion) or an OpenInference LLM span, {@code retriever}, {@code tool}, {@code agent},
 * otherwise {@code workflow}. Input, output, model and token counts come from those attributes;
 * every other attribute becomes metadata.
 *
 * <p>Ids: the span's Galileo UUID is {@link OtelIds#spanUuid} of its own context, its parent's
 * that of its parent context, in the trace {@link OtelIds#traceUuid}. A span with no parent (a
 * root in this process) cannot be the root of a Galileo trace, whose root is the trace record
 * itself: it becomes the one child of a trace record named like it, with its times, as Galileo
 * does for a span started with no trace.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class SpanMapping {
  static final String SERVICE_NAME = "service.name";
  private static final String DEFAULT_SERVICE_PREFIX = "unknown_service";

  private static final Pattern INDEXED = Pattern.compile(
      "(llm\\.input_messages|llm\\.output_messages|retrieval\\.documents|llm\\.tools)\\.(\\d+)\\.(.+)");

  private SpanMapping() {}

  /**
   * The Galileo snapshots of an ended OpenTelemetry span: its own, and for a root (a span with no
   * parent) its trace record after it.
   *
   * @param fallbackService the service name when the OpenTelemetry resource has none of its own
   */
  public static List<SpanData> toGalileo(io.opentelemetry.sdk.trace.data.SpanData otel,
      String fallbackService) {
    SpanContext own = otel.getSpanContext();
    UUID traceId = OtelIds.traceUuid(own);
    UUID spanId = OtelIds.spanUuid(own, traceId);
    SpanContext parentContext = otel.getParentSpanContext();
    boolean root = !parentContext.isValid();
    UUID parentId = root ? traceId : OtelIds.spanUuid(parentContext, traceId);
    boolean remoteParent = !root && parentContext.isRemote();

    Attributes attributes = otel.getAttributes();
    Fields f = new Fields(attributes);
    String service = otel.getResource().getAttribute(AttributeKey.stringKey(SERVICE_NAME));
    if (service == null || service.startsWith(DEFAULT_SERVICE_PREFIX)) {
      service = fallbackService;
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    if (service != null) {
      metadata.put(SERVICE_NAME, service);
    }
    SpanType type = f.type();
    Content input = f.input(type);
    Content output = f.output(type);
    LlmData llm = type == SpanType.LLM ? f.llm() : null;
    AgentType agentType = type == SpanType.AGENT ? f.agentType() : null;
    String toolCallId = type == SpanType.TOOL
        ? f.firstString("gen_ai.tool.call.id", "tool.id", "tool_call.id") : null;
    String name = type == SpanType.AGENT ? f.agentName(otel.getName()) : otel.getName();
    attributes.forEach((key, value) -> {
      if (!f.used.contains(key.getKey())) {
        metadata.putIfAbsent(key.getKey(), String.valueOf(value));
      }
    });
    boolean failed = recordException(otel, metadata);
    Integer status = f.status(otel.getStatus().getStatusCode(), failed);
    if (otel.getStatus().getStatusCode() == StatusCode.ERROR
        && !otel.getStatus().getDescription().isEmpty()) {
      metadata.put("otel.status_description", otel.getStatus().getDescription());
    }
    long start = otel.getStartEpochNanos();
    long duration = Math.max(0, otel.getEndEpochNanos() - start);
    if (!name.equals(otel.getName())) {
      metadata.put("otel.span.name", otel.getName()); // named by its agent: the span's own name kept
    }
    Map<String, String> meta = Collections.unmodifiableMap(metadata);
    SpanData span = new SpanData(type, name, traceId, spanId, parentId, remoteParent, null,
        input, output, meta, List.of(), status, start, duration, SpanData.State.ENDED, llm,
        agentType, toolCallId);
    if (!root) {
      return List.of(span);
    }
    Map<String, String> traceMeta = service == null ? Map.of() : Map.of(SERVICE_NAME, service);
    SpanData trace = new SpanData(SpanType.TRACE, name, traceId, traceId, null, false, null,
        input, output, traceMeta, List.of(), status, start, duration, SpanData.State.ENDED, null);
    return List.of(span, trace); // the span first: it waits in the exporter for its trace
  }

  /**
   * The first recorded exception as Galileo's {@code Span.recordError} records it: {@code
   * error.type} and {@code error.message} metadata. True if the span recorded one.
   */
  private static boolean recordException(io.opentelemetry.sdk.trace.data.SpanData otel,
      Map<String, String> metadata) {
    for (EventData event : otel.getEvents()) {
      if ("exception".equals(event.getName())) {
        String type = event.getAttributes().get(AttributeKey.stringKey("exception.type"));
        String message = event.getAttributes().get(AttributeKey.stringKey("exception.message"));
        if (type != null) {
          metadata.put("error.type", type);
        }
        if (message != null) {
          metadata.put("error.message", message);
        }
        return true;
      }
    }
    return false;
  }

  /** The attributes read, and which of them went into fields rather than metadata. */
  private static final class Fields {
    final Attributes attributes;
    final java.util.Set<String> used = new java.util.HashSet<>();
    /** The model's reasoning found in its output messages, for the LLM span's events. */
    final List<LlmEvent.Reasoning> reasoning = new ArrayList<>();
    /** The finish reason of the GenAI output messages, when they had one. */
    String messagesFinishReason;

    Fields(Attributes attributes) {
      this.attributes = attributes;
    }

    String string(String key) {
      Object v = attributes.get(AttributeKey.stringKey(key));
      if (v != null) {
        used.add(key);
      }
      return (String) v;
    }

    Long longValue(String key) {
      Long v = attributes.get(AttributeKey.longKey(key));
      if (v != null) {
        used.add(key);
      }
      return v;
    }

    Double doubleValue(String key) {
      Double v = attributes.get(AttributeKey.doubleKey(key));
      if (v == null) {
        Long l = attributes.get(AttributeKey.longKey(key));
        v = l == null ? null : l.doubleValue();
      }
      if (v != null) {
        used.add(key);
      }
      return v;
    }

    SpanType type() {
      String kind = string("openinference.span.kind");
      if (kind != null) {
        switch (kind.toUpperCase(Locale.ROOT)) {
          case "LLM": return SpanType.LLM;
          case "RETRIEVER": return SpanType.RETRIEVER;
          case "TOOL": return SpanType.TOOL;
          case "AGENT": return SpanType.AGENT;
          default: break; // CHAIN, EMBEDDING, RERANKER, GUARDRAIL, ...: workflow
        }
      }
      String operation = attributes.get(AttributeKey.stringKey("gen_ai.operation.name"));
      if (operation != null) {
        switch (operation) {
          case "chat":
          case "text_completion":
          case "generate_content":
            return SpanType.LLM;
          case "execute_tool":
            return SpanType.TOOL;
          case "invoke_agent":
          case "create_agent":
            return SpanType.AGENT;
          case "retrieval":
            return SpanType.RETRIEVER;
          default:
            break;
        }
      }
      return SpanType.WORKFLOW;
    }

    Content input(SpanType type) {
      List<Message> messages = messages("llm.input_messages");
      if (!messages.isEmpty()) {
        return Content.messages(messages);
      }
      Content genAi = genAiMessages("gen_ai.input.messages", false);
      if (genAi instanceof Content.Messages) {
        return genAi;
      }
      String text = firstString("input.value", "gen_ai.tool.call.arguments");
      return text != null ? Content.text(text) : claim("gen_ai.input.messages", genAi);
    }

    Content output(SpanType type) {
      List<Message> messages = messages("llm.output_messages");
      if (messages.size() == 1) {
        return Content.message(messages.get(0));
      }
      if (!messages.isEmpty()) {
        return Content.messages(messages);
      }
      if (type == SpanType.RETRIEVER) {
        List<Document> documents = documents();
        if (!documents.isEmpty()) {
          return Content.documents(documents);
        }
      }
      Content genAi = genAiMessages("gen_ai.output.messages", true);
      if (genAi != null && !(genAi instanceof Content.Text)) {
        return genAi;
      }
      String text = firstString("output.value", "gen_ai.tool.call.result");
      return text != null ? Content.text(text) : claim("gen_ai.output.messages", genAi);
    }

    /**
     * A GenAI messages attribute as messages (claimed), or as text when it is not text-only
     * messages (not claimed: it stays metadata unless {@link #claim} takes it as the content).
     */
    private Content genAiMessages(String key, boolean output) {
      String json = attributes.get(AttributeKey.stringKey(key));
      if (json == null) {
        return null;
      }
      GenAiMessages.Parsed parsed = GenAiMessages.parse(json);
      if (parsed == null) {
        return Content.text(json);
      }
      used.add(key);
      List<Message> messages = parsed.messages();
      if (output) {
        reasoning.addAll(parsed.reasoning());
        messagesFinishReason = parsed.finishReason();
      }
      return output && messages.size() == 1 ? Content.message(messages.get(0)) : Content.messages(messages);
    }

    /** The content, taken from the attribute (which then is not metadata too). */
    private Content claim(String key, Content content) {
      if (content != null) {
        used.add(key);
      }
      return content;
    }

    String firstString(String... keys) {
      for (String key : keys) {
        String v = string(key);
        if (v != null) {
          return v;
        }
      }
      return null;
    }

    LlmData llm() {
      String model = firstString("gen_ai.response.model", "gen_ai.request.model", "llm.model_name");
      if (model != null) { // the others stay metadata when present too
        used.remove("gen_ai.request.model");
        used.remove("gen_ai.response.model");
      }
      Long in = firstLong("gen_ai.usage.input_tokens", "llm.token_count.prompt");
      Long out = firstLong("gen_ai.usage.output_tokens", "llm.token_count.completion");
      Long total = longValue("llm.token_count.total");
      if (total == null && in != null && out != null) {
        total = in + out;
      }
      Double temperature = doubleValue("gen_ai.request.temperature");
      List<LlmEvent> events = List.copyOf(reasoning);
      return new LlmData(model, temperature, in, out, total, null, finishReason(), tools(), events,
          firstLong("gen_ai.usage.image.input_tokens", "llm.token_count.prompt_details.image"),
          firstLong("gen_ai.usage.image.output_tokens", "llm.token_count.completion_details.image"),
          firstLong("gen_ai.usage.audio.input_tokens", "llm.token_count.prompt_details.audio"),
          firstLong("gen_ai.usage.audio.output_tokens", "llm.token_count.completion_details.audio"));
    }

    /**
     * {@code gen_ai.response.finish_reasons} (its first; several, one per choice, also stay
     * metadata), else OpenInference's {@code llm.finish_reason}, else the output messages'.
     */
    private String finishReason() {
      String key = "gen_ai.response.finish_reasons";
      List<String> reasons = attributes.get(AttributeKey.stringArrayKey(key));
      if (reasons != null && !reasons.isEmpty() && reasons.get(0) != null) {
        if (reasons.size() == 1) {
          used.add(key);
        }
        String openInference = attributes.get(AttributeKey.stringKey("llm.finish_reason"));
        if (reasons.get(0).equals(openInference)) {
          used.add("llm.finish_reason");
        }
        return reasons.get(0);
      }
      String reason = firstString(key, "llm.finish_reason"); // a single string, as some write it
      return reason != null ? reason : messagesFinishReason;
    }

    /**
     * The tools offered: {@code gen_ai.tool.definitions}, else OpenInference's {@code
     * llm.tools.*}; those that cannot be read as tools stay metadata.
     */
    private List<ToolDefinition> tools() {
      String definitions = attributes.get(AttributeKey.stringKey("gen_ai.tool.definitions"));
      List<ToolDefinition> tools = definitions == null ? null : ToolDefinitions.parseArray(definitions);
      if (tools != null) {
        used.add("gen_ai.tool.definitions");
        return tools;
      }
      Map<Integer, Map<String, Object>> byIndex = indexed("llm.tools", false);
      if (byIndex.isEmpty()) {
        return List.of();
      }
      tools = new ArrayList<>(byIndex.size());
      for (Map<String, Object> t : byIndex.values()) {
        Object schema = t.get("tool.json_schema");
        ToolDefinition tool = schema == null ? null : ToolDefinitions.parseOne(schema.toString());
        Object name = t.get("tool.name");
        if (tool == null && name != null) {
          Object description = t.get("tool.description");
          Object parameters = t.get("tool.parameters");
          tool = ToolDefinition.of(name.toString(), description == null ? null : description.toString(),
              parameters == null ? null : parameters.toString());
        }
        if (tool == null) {
          return List.of();
        }
        tools.add(tool);
      }
      indexed("llm.tools", true);
      return tools;
    }

    /** Galileo's agent type ({@code galileo.agent.type}), when it is one of its names. */
    AgentType agentType() {
      String name = attributes.get(AttributeKey.stringKey("galileo.agent.type"));
      AgentType t = AgentType.fromWireName(name);
      if (name == null || !t.wireName().equalsIgnoreCase(name.trim())) {
        return null; // unknown: stays metadata
      }
      used.add("galileo.agent.type");
      return t;
    }

    /** An agent span's name: the agent's, from either convention, else the span's. */
    String agentName(String spanName) {
      String name = firstString("gen_ai.agent.name", "agent.name");
      if (name == null || name.isBlank()) {
        return spanName;
      }
      if (name.equals(attributes.get(AttributeKey.stringKey("agent.name")))) {
        used.add("agent.name");
      }
      return name;
    }

    private Long firstLong(String... keys) {
      for (String key : keys) {
        Long v = longValue(key);
        if (v != null) {
          return v;
        }
      }
      return null;
    }

    Integer status(StatusCode code, boolean exceptionRecorded) {
      Long http = attributes.get(AttributeKey.longKey("http.response.status_code"));
      if (http != null && http >= 100 && http <= 599) {
        return http.intValue();
      }
      return code == StatusCode.ERROR || exceptionRecorded ? 500 : null;
    }

    /**
     * OpenInference's flattened messages under the prefix, in index order: role, content (else
     * the text contents), tool calls and the id of the call a tool message answers. Reasoning
     * contents of output messages become the LLM span's events.
     */
    private List<Message> messages(String prefix) {
      Map<Integer, Map<String, Object>> byIndex = indexed(prefix, true);
      boolean output = prefix.equals("llm.output_messages");
      List<Message> messages = new ArrayList<>(byIndex.size());
      for (Map<String, Object> m : byIndex.values()) {
        Object content = m.get("message.content");
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> c : nested(m, "message.contents.", "message_content.").values()) {
          Object type = c.get("type");
          Object value = c.get("text");
          if ("text".equals(type) && value != null) {
            text.append(value);
          } else if ("reasoning".equals(type) && value != null && output) {
            Object id = c.get("id");
            reasoning.add(new LlmEvent.Reasoning(id == null ? null : id.toString(), value.toString(),
                null, null));
          }
        }
        List<ToolCall> calls = new ArrayList<>();
        for (Map<String, Object> c : nested(m, "message.tool_calls.", "tool_call.").values()) {
          Object name = c.get("function.name");
          if (name != null) {
            Object id = c.get("id");
            Object arguments = c.get("function.arguments");
            calls.add(new ToolCall(id == null ? "" : id.toString(), name.toString(),
                arguments == null ? null : arguments.toString()));
          }
        }
        Object role = m.get("message.role");
        Object toolCallId = m.get("message.tool_call_id");
        messages.add(new Message(role(role == null ? null : role.toString()),
            content != null ? content.toString() : text.toString(),
            toolCallId == null ? null : toolCallId.toString(), calls));
      }
      return messages;
    }

    /** {@code {prefix}{j}.{inner}{field}} keys of a flattened object, as j -> field -> value. */
    private static Map<Integer, Map<String, Object>> nested(Map<String, Object> flat, String prefix,
        String inner) {
      Map<Integer, Map<String, Object>> out = new java.util.TreeMap<>();
      flat.forEach((k, v) -> {
        int dot = k.startsWith(prefix) ? k.indexOf('.', prefix.length()) : -1;
        if (dot < 0 || !k.startsWith(inner, dot + 1) || dot - prefix.length() > 6) {
          return;
        }
        try {
          out.computeIfAbsent(Integer.parseInt(k.substring(prefix.length(), dot)),
              j -> new LinkedHashMap<>()).put(k.substring(dot + 1 + inner.length()), v);
        } catch (NumberFormatException e) {
          // not an index: left out, as OpenInference's readers do
        }
      });
      return out;
    }

    private List<Document> documents() {
      Map<Integer, Map<String, Object>> byIndex = indexed("retrieval.documents", true);
      List<Document> documents = new ArrayList<>(byIndex.size());
      for (Map<String, Object> d : byIndex.values()) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (String field : new String[] {"id", "score", "metadata"}) {
          Object v = d.get("document." + field);
          if (v != null) {
            metadata.put(field, v instanceof Number || v instanceof Boolean ? v : v.toString());
          }
        }
        Object content = d.get("document.content");
        documents.add(Document.of(content == null ? "" : content.toString(), metadata));
      }
      return documents;
    }

    /**
     * The indexed attributes under the prefix, as index -> (rest of the key -> value), and when
     * {@code claim} no longer metadata.
     */
    private Map<Integer, Map<String, Object>> indexed(String prefix, boolean claim) {
      Map<Integer, Map<String, Object>> byIndex = new java.util.TreeMap<>();
      attributes.forEach((key, value) -> {
        String name = key.getKey();
        if (!name.startsWith(prefix)) {
          return;
        }
        Matcher m = INDEXED.matcher(name);
        if (m.matches() && m.group(1).equals(prefix) && m.group(2).length() < 7) {
          byIndex.computeIfAbsent(Integer.parseInt(m.group(2)), i -> new LinkedHashMap<>())
              .put(m.group(3), value);
          if (claim) {
            used.add(name);
          }
        }
      });
      return byIndex;
    }
  }

  /** The role by its wire name; user for a name Galileo does not know. */
  static Role role(String name) {
    Role r = knownRole(name);
    return r == null ? Role.USER : r;
  }

  /** The role by its wire name, or null for a name Galileo does not know. */
  static Role knownRole(String name) {
    if (name != null) {
      for (Role r : Role.values()) {
        if (r.wireName().equalsIgnoreCase(name)) {
          return r;
        }
      }
    }
    return null;
  }
}
