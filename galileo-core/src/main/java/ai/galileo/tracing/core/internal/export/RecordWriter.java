package ai.galileo.tracing.core.internal.export;

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
import ai.galileo.tracing.core.internal.Hex;
import ai.galileo.tracing.core.internal.JsonText;
import ai.galileo.tracing.core.internal.Metadata;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes span records and their content into one request body, in the shape each span type's
 * schema in Galileo's API accepts (Trace, WorkflowSpan, AgentSpan, LlmSpan, RetrieverSpan,
 * ToolSpan). One instance per body: it holds the generator and a scratch buffer.
 *
 * <p>It runs for every span exported, so it creates nothing per span: field names are encoded
 * once, ids and timestamps are formatted into the scratch buffer and written from there, and JSON
 * text an LLM span carries (tool schemas, event arguments and results) was checked when it was set
 * on the span ({@link JsonText}), so it is copied as it is, unparsed.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class RecordWriter {
  /** User metadata key that marks a span the tracer shut down before it ended. */
  static final String UNFINISHED_KEY = "unfinished";

  private static final SerializableString TYPE = new SerializedString("type");
  private static final SerializableString NAME = new SerializedString("name");
  private static final SerializableString CREATED_AT = new SerializedString("created_at");
  private static final SerializableString ID = new SerializedString("id");
  private static final SerializableString TRACE_ID = new SerializedString("trace_id");
  private static final SerializableString PARENT_ID = new SerializedString("parent_id");
  private static final SerializableString SESSION_ID = new SerializedString("session_id");
  private static final SerializableString INPUT = new SerializedString("input");
  private static final SerializableString OUTPUT = new SerializedString("output");
  private static final SerializableString USER_METADATA = new SerializedString("user_metadata");
  private static final SerializableString TAGS = new SerializedString("tags");
  private static final SerializableString STATUS_CODE = new SerializedString("status_code");
  private static final SerializableString METRICS = new SerializedString("metrics");
  private static final SerializableString DURATION_NS = new SerializedString("duration_ns");
  private static final SerializableString SPANS = new SerializedString("spans");
  private static final SerializableString AGENT_TYPE = new SerializedString("agent_type");
  private static final SerializableString TOOL_CALL_ID = new SerializedString("tool_call_id");
  private static final SerializableString FINISH_REASON = new SerializedString("finish_reason");
  private static final SerializableString TOOLS = new SerializedString("tools");
  private static final SerializableString FUNCTION = new SerializedString("function");
  private static final SerializableString DESCRIPTION = new SerializedString("description");
  private static final SerializableString PARAMETERS = new SerializedString("parameters");
  private static final SerializableString INPUT_SCHEMA = new SerializedString("input_schema");
  private static final SerializableString EVENTS = new SerializedString("events");
  private static final SerializableString STATUS = new SerializedString("status");
  private static final SerializableString CONTENT = new SerializedString("content");
  private static final SerializableString SUMMARY = new SerializedString("summary");
  private static final SerializableString ERROR_MESSAGE = new SerializedString("error_message");
  private static final SerializableString TOOL_NAME = new SerializedString("tool_name");
  private static final SerializableString SERVER_NAME = new SerializedString("server_name");
  private static final SerializableString ARGUMENTS = new SerializedString("arguments");
  private static final SerializableString RESULT = new SerializedString("result");
  /** The one field of the object a JSON value that is not an object is wrapped in. */
  private static final SerializableString VALUE = new SerializedString("value");
  private static final SerializableString REASONING = new SerializedString("reasoning");
  private static final SerializableString INTERNAL_TOOL_CALL = new SerializedString("internal_tool_call");
  private static final SerializableString MCP_CALL = new SerializedString("mcp_call");
  private static final SerializableString MCP_LIST_TOOLS = new SerializedString("mcp_list_tools");
  private static final SerializableString[] TYPE_NAMES = new SerializableString[SpanType.values().length];
  private static final SerializableString[] AGENT_TYPES = new SerializableString[AgentType.values().length];
  private static final SerializableString[] EVENT_STATUSES =
      new SerializableString[LlmEvent.Status.values().length];

  static {
    for (SpanType t : SpanType.values()) {
      TYPE_NAMES[t.ordinal()] = new SerializedString(t.wireName());
    }
    for (AgentType t : AgentType.values()) {
      AGENT_TYPES[t.ordinal()] = new SerializedString(t.wireName());
    }
    for (LlmEvent.Status st : LlmEvent.Status.values()) {
      EVENT_STATUSES[st.ordinal()] = new SerializedString(st.wireName());
    }
  }

  private static final int UUID_LENGTH = 36;

  private final JsonGenerator g;
  private final SafeText text;
  private final byte[] scratch = new byte[Math.max(WireTime.LENGTH, UUID_LENGTH)];
  private final byte[] ascii = new byte[64];
  // Every record of a trace repeats its trace id, and siblings their parent's: kept formatted.
  private final FormattedId lastTraceId = new FormattedId();
  private final FormattedId lastParentId = new FormattedId();

  /**
   * Metadata keys met in this body, repaired and encoded once: spans mostly repeat the same few
   * keys. Indexed by the key's hash, a later key with the same index replaces an earlier one.
   */
  private final String[] keys = new String[KEY_SLOTS];
  private final SerializableString[] encodedKeys = new SerializableString[KEY_SLOTS];
  private static final int KEY_SLOTS = 32;

  /** One id and its canonical form, as ASCII. */
  private static final class FormattedId {
    private UUID id;
    private final byte[] bytes = new byte[UUID_LENGTH];

    byte[] of(UUID uuid) {
      if (!uuid.equals(id)) {
        Hex.formatUuid(uuid, bytes, 0);
        id = uuid;
      }
      return bytes;
    }
  }

  RecordWriter(JsonGenerator g, SafeText text) {
    this.g = g;
    this.text = text;
  }

  /** Writes the record of {@code node} and, in {@code spans}, the records under it. */
  void record(SpanNode node) throws IOException {
    SpanData s = node.span();
    SpanType type = s.type();
    g.writeStartObject();
    g.writeFieldName(TYPE);
    g.writeString(TYPE_NAMES[type.ordinal()]);
    g.writeFieldName(NAME);
    string(s.name() == null ? "" : s.name());
    g.writeFieldName(CREATED_AT);
    WireTime.format(s.startEpochNanos(), scratch);
    g.writeRawUTF8String(scratch, 0, WireTime.LENGTH); // ASCII that needs no escaping
    UUID traceId = s.traceId();
    idField(ID, s.spanId(), s.isTrace() ? lastTraceId : null);
    idField(TRACE_ID, traceId, lastTraceId);
    if (!s.isTrace()) {
      UUID parentId = s.parentId();
      idField(PARENT_ID, parentId, parentId != null && parentId.equals(traceId) ? lastTraceId : lastParentId);
    }
    uuidField(SESSION_ID, s.sessionId());
    input(type, s.input(), true);
    output(type, s.output());
    userMetadata(s);
    g.writeFieldName(TAGS);
    strings(s.tags());
    if (s.statusCode() != null) {
      g.writeFieldName(STATUS_CODE);
      g.writeNumber(s.statusCode());
    }
    metrics(s);
    if (type == SpanType.LLM && s.llm() != null) {
      llmFields(s.llm());
    } else if (type == SpanType.AGENT && s.agentType() != null) {
      // Left out when unset: Galileo's default, "default", is what the span is then.
      g.writeFieldName(AGENT_TYPE);
      g.writeString(AGENT_TYPES[s.agentType().ordinal()]);
    } else if (type == SpanType.TOOL && s.toolCallId() != null) {
      g.writeFieldName(TOOL_CALL_ID);
      string(s.toolCallId());
    }
    children(node);
    g.writeEndObject();
  }

  private void llmFields(SpanData.LlmData llm) throws IOException {
    if (llm.model() != null) {
      g.writeFieldName("model");
      string(llm.model());
    }
    Double t = llm.temperature();
    if (t != null && Double.isFinite(t)) { // JSON has no NaN or infinity
      g.writeNumberField("temperature", t);
    }
    if (llm.finishReason() != null) {
      g.writeFieldName(FINISH_REASON); // the provider's words, whatever they are
      string(llm.finishReason());
    }
    // Indexed loops: the lists are RandomAccess (JsonText), and an iterator would be an object.
    List<ToolDefinition> tools = llm.tools();
    if (!tools.isEmpty()) {
      g.writeFieldName(TOOLS);
      g.writeStartArray();
      for (int i = 0, n = tools.size(); i < n; i++) {
        functionTool(tools.get(i));
      }
      g.writeEndArray();
    }
    List<LlmEvent> events = llm.events();
    if (!events.isEmpty()) {
      g.writeFieldName(EVENTS);
      g.writeStartArray();
      for (int i = 0, n = events.size(); i < n; i++) {
        event(events.get(i));
      }
      g.writeEndArray();
    }
  }

  /** A tool offered to the model, in OpenAI's function-tool shape, which Galileo reads. */
  private void functionTool(ToolDefinition tool) throws IOException {
    g.writeStartObject();
    g.writeFieldName(TYPE);
    g.writeString(FUNCTION);
    g.writeFieldName(FUNCTION);
    g.writeStartObject();
    g.writeFieldName(NAME);
    string(tool.name());
    optionalString(DESCRIPTION, tool.description());
    if (tool.parametersJson() != null) {
      g.writeFieldName(PARAMETERS);
      json(tool.parametersJson());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** One of {@code LlmSpan.events}: Galileo's ReasoningEvent, InternalToolCall or MCP events. */
  private void event(LlmEvent e) throws IOException {
    if (e instanceof LlmEvent.Reasoning r) {
      eventStart(REASONING);
      eventCommon(r.id(), r.status(), null);
      optionalString(CONTENT, r.content());
      optionalString(SUMMARY, r.summary());
    } else if (e instanceof LlmEvent.InternalToolCall c) {
      eventStart(INTERNAL_TOOL_CALL);
      eventCommon(c.id(), c.status(), null);
      g.writeFieldName(NAME);
      string(c.name());
      optionalObject(INPUT, c.inputJson());
      optionalObject(OUTPUT, c.outputJson());
    } else if (e instanceof LlmEvent.McpCall c) {
      eventStart(MCP_CALL);
      eventCommon(c.id(), c.status(), c.errorMessage());
      optionalString(TOOL_NAME, c.toolName());
      optionalString(SERVER_NAME, c.serverName());
      optionalObject(ARGUMENTS, c.argumentsJson());
      optionalObject(RESULT, c.resultJson());
    } else if (e instanceof LlmEvent.McpListTools l) {
      eventStart(MCP_LIST_TOOLS);
      eventCommon(l.id(), l.status(), l.errorMessage());
      optionalString(SERVER_NAME, l.serverName());
      List<ToolDefinition> tools = l.tools();
      g.writeFieldName(TOOLS);
      g.writeStartArray();
      for (int i = 0, n = tools.size(); i < n; i++) {
        mcpTool(tools.get(i));
      }
      g.writeEndArray();
    } else {
      return; // a kind this writer does not know yet: left out, the body stays valid
    }
    g.writeEndObject();
  }

  private void eventStart(SerializableString type) throws IOException {
    g.writeStartObject();
    g.writeFieldName(TYPE);
    g.writeString(type);
  }

  private void eventCommon(String id, LlmEvent.Status status, String errorMessage) throws IOException {
    optionalString(ID, id);
    if (status != null) {
      g.writeFieldName(STATUS);
      g.writeString(EVENT_STATUSES[status.ordinal()]);
    }
    optionalString(ERROR_MESSAGE, errorMessage);
  }

  /** A tool of an MCP server, in the shape the server and OpenAI's Responses API list it. */
  private void mcpTool(ToolDefinition tool) throws IOException {
    g.writeStartObject();
    g.writeFieldName(NAME);
    string(tool.name());
    optionalString(DESCRIPTION, tool.description());
    if (tool.parametersJson() != null) {
      g.writeFieldName(INPUT_SCHEMA);
      json(tool.parametersJson());
    }
    g.writeEndObject();
  }

  private void optionalString(SerializableString name, String value) throws IOException {
    if (value != null) {
      g.writeFieldName(name);
      string(value);
    }
  }

  /** A JSON value where the schema takes only an object (or null), left out when null. */
  private void optionalObject(SerializableString name, String json) throws IOException {
    if (json == null) {
      return;
    }
    g.writeFieldName(name);
    if (JsonText.isObject(json) && text.fits(json.length())) {
      g.writeRawValue(json);
    } else { // an array, a scalar, text that was not JSON, or too long: wrapped, never lost
      g.writeStartObject();
      g.writeFieldName(VALUE);
      json(json);
      g.writeEndObject();
    }
  }

  /**
   * A JSON value checked when it was set on the span ({@link JsonText}): copied as it is, without
   * parsing or copying it. Text longer than the limit is cut and sent as a string, marked as
   * {@link SafeText} marks it, so the body stays valid.
   */
  private void json(String json) throws IOException {
    if (text.fits(json.length())) {
      g.writeRawValue(json);
    } else {
      string(JsonText.unquote(json)); // a string's own text is what is cut, not its quoted form
    }
  }

  private void children(SpanNode node) throws IOException {
    List<SpanNode> children = node.children();
    if (children.isEmpty()) {
      return;
    }
    if (node.span().type() == SpanType.LLM) {
      // LlmSpan has no "spans": sending them would lose them silently.
      throw new IllegalArgumentException("an llm span cannot have child spans: " + node.span());
    }
    g.writeFieldName(SPANS);
    g.writeStartArray();
    for (SpanNode child : children) {
      if (child.span().isTrace()) {
        throw new IllegalArgumentException("a trace cannot be nested in a span: " + child.span());
      }
      record(child);
    }
    g.writeEndArray();
  }

  private void userMetadata(SpanData s) throws IOException {
    boolean unfinished = s.state() == SpanData.State.UNFINISHED;
    g.writeFieldName(USER_METADATA);
    g.writeStartObject();
    if (s.metadata() instanceof Metadata m) { // the tracer's own: read in place
      for (int i = 0; i < m.size(); i++) {
        metadataEntry(m.keyAt(i), m.valueAt(i), unfinished);
      }
    } else if (s.metadata() != null) {
      for (Map.Entry<String, String> e : s.metadata().entrySet()) {
        metadataEntry(e.getKey(), e.getValue(), unfinished);
      }
    }
    if (unfinished) {
      g.writeStringField(UNFINISHED_KEY, "true");
    }
    g.writeEndObject();
  }

  private void metadataEntry(String key, String value, boolean unfinished) throws IOException {
    if (key == null || value == null || (unfinished && UNFINISHED_KEY.equals(key))) {
      return;
    }
    g.writeFieldName(encodedKey(key));
    string(value);
  }

  private SerializableString encodedKey(String key) {
    int slot = key.hashCode() & (KEY_SLOTS - 1);
    if (!key.equals(keys[slot])) {
      keys[slot] = key;
      encodedKeys[slot] = new SerializedString(text.fix(key));
    }
    return encodedKeys[slot];
  }

  private void metrics(SpanData s) throws IOException {
    g.writeFieldName(METRICS);
    g.writeStartObject();
    if (s.durationNanos() >= 0) {
      g.writeFieldName(DURATION_NS);
      g.writeNumber(s.durationNanos());
    }
    SpanData.LlmData llm = s.llm();
    if (s.type() == SpanType.LLM && llm != null) {
      longField("num_input_tokens", llm.inputTokens());
      longField("num_output_tokens", llm.outputTokens());
      longField("num_total_tokens", llm.totalTokens());
      longField("time_to_first_token_ns", llm.timeToFirstTokenNanos());
      longField("num_image_input_tokens", llm.imageInputTokens());
      longField("num_image_output_tokens", llm.imageOutputTokens());
      longField("num_audio_input_tokens", llm.audioInputTokens());
      longField("num_audio_output_tokens", llm.audioOutputTokens());
    }
    g.writeEndObject();
  }

  /**
   * Writes {@code input} as the type accepts it. A null input is left out where the schema allows,
   * or, when {@code emptyForNull}, written as the schema's default {@code ""} for string types.
   */
  void input(SpanType type, Content input, boolean emptyForNull) throws IOException {
    if (input == null) {
      if (emptyForNull && type != SpanType.LLM) {
        g.writeFieldName(INPUT);
        g.writeString("");
      }
      return;
    }
    g.writeFieldName(INPUT);
    switch (type) {
      case LLM -> messages(input, Role.USER);
      case WORKFLOW, AGENT -> {
        if (input instanceof Content.Messages || input instanceof Content.SingleMessage) {
          messages(input, Role.USER);
        } else {
          string(input.asText());
        }
      }
      default -> string(input.asText()); // trace, retriever and tool take only text
    }
  }

  /** Writes {@code output} as the type accepts it; a null output is left out. */
  void output(SpanType type, Content output) throws IOException {
    if (output == null) {
      return;
    }
    switch (type) {
      case LLM -> {
        Message m = asMessage(output);
        if (m != null) {
          g.writeFieldName(OUTPUT);
          message(m);
        }
      }
      case RETRIEVER -> {
        g.writeFieldName(OUTPUT);
        documents(output);
      }
      case WORKFLOW, AGENT -> {
        g.writeFieldName(OUTPUT);
        if (output instanceof Content.Documents d) {
          documents(d);
        } else if (output instanceof Content.Text) {
          string(output.asText());
        } else {
          Message m = asMessage(output);
          if (m == null) {
            string("");
          } else {
            message(m);
          }
        }
      }
      default -> { // trace and tool take only text
        g.writeFieldName(OUTPUT);
        string(output.asText());
      }
    }
  }

  /** The one message an LLM answered with; null for an empty conversation. */
  private static Message asMessage(Content c) {
    if (c instanceof Content.SingleMessage m) {
      return m.message();
    }
    if (c instanceof Content.Messages m) {
      List<Message> all = m.messages();
      return all.isEmpty() ? null : all.get(all.size() - 1);
    }
    return Message.assistant(c.asText());
  }

  /** A list of messages; anything else becomes one message from {@code textRole}. */
  private void messages(Content c, Role textRole) throws IOException {
    g.writeStartArray();
    if (c instanceof Content.Messages m) {
      for (Message each : m.messages()) {
        message(each);
      }
    } else if (c instanceof Content.SingleMessage m) {
      message(m.message());
    } else {
      message(Message.of(textRole, c.asText()));
    }
    g.writeEndArray();
  }

  private void message(Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", m.role().wireName());
    g.writeFieldName("content");
    string(m.content());
    if (m.toolCallId() != null) {
      g.writeFieldName("tool_call_id");
      string(m.toolCallId());
    }
    if (!m.toolCalls().isEmpty()) {
      g.writeArrayFieldStart("tool_calls");
      for (ToolCall call : m.toolCalls()) {
        g.writeStartObject();
        g.writeFieldName("id");
        string(call.id());
        g.writeObjectFieldStart("function");
        g.writeFieldName("name");
        string(call.name());
        g.writeFieldName("arguments");
        string(call.arguments());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** A list of documents; anything else becomes one document of its text. */
  private void documents(Content c) throws IOException {
    g.writeStartArray();
    if (c instanceof Content.Documents d) {
      for (Document each : d.documents()) {
        document(each);
      }
    } else {
      document(Document.of(c.asText()));
    }
    g.writeEndArray();
  }

  private void document(Document d) throws IOException {
    g.writeStartObject();
    g.writeFieldName("content");
    string(d.content());
    g.writeObjectFieldStart("metadata");
    for (Map.Entry<String, Object> e : d.metadata().entrySet()) {
      g.writeFieldName(text.fix(e.getKey()));
      metadataValue(e.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** A document metadata value keeps its JSON type; what JSON cannot hold becomes a string. */
  private void metadataValue(Object v) throws IOException {
    if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof BigDecimal b) {
      g.writeNumber(b);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        g.writeNumber(d);
      } else {
        g.writeString(Double.toString(d));
      }
    } else if (v instanceof Number n) {
      numberOrText(n.toString()); // AtomicLong, LongAdder, ...: their text is exact
    } else {
      string(String.valueOf(v));
    }
  }

  private void numberOrText(String s) throws IOException {
    BigDecimal number;
    try {
      number = new BigDecimal(s);
    } catch (NumberFormatException e) {
      string(s);
      return;
    }
    g.writeNumber(number);
  }

  void strings(List<String> values) throws IOException {
    g.writeStartArray();
    if (values != null) {
      for (String v : values) {
        if (v != null) {
          string(v);
        }
      }
    }
    g.writeEndArray();
  }

  /**
   * A string value, made safe to send ({@link SafeText}). Short printable ASCII, the common
   * case of names and metadata, needs neither repair nor escaping: it is copied as bytes in one
   * pass and written raw.
   */
  void string(String s) throws IOException {
    int n = s.length();
    if (n <= ascii.length && text.fits(n)) {
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
          text.write(g, s);
          return;
        }
        ascii[i] = (byte) c;
      }
      g.writeRawUTF8String(ascii, 0, n);
      return;
    }
    text.write(g, s);
  }

  void uuidField(String name, UUID id) throws IOException {
    if (id != null) {
      g.writeFieldName(name);
      uuid(id);
    }
  }

  private void uuidField(SerializableString name, UUID id) throws IOException {
    if (id != null) {
      g.writeFieldName(name);
      uuid(id);
    }
  }

  /** A UUID in canonical form, formatted in place rather than through {@link UUID#toString()}. */
  void uuid(UUID id) throws IOException {
    g.writeRawUTF8String(formatted(id), 0, UUID_LENGTH); // ASCII that needs no escaping
  }

  /** An id field, left out when null; {@code cache} keeps ids that repeat, or is null. */
  private void idField(SerializableString name, UUID id, FormattedId cache) throws IOException {
    if (id != null) {
      g.writeFieldName(name);
      g.writeRawUTF8String(cache == null ? formatted(id) : cache.of(id), 0, UUID_LENGTH);
    }
  }

  private byte[] formatted(UUID id) {
    Hex.formatUuid(id, scratch, 0);
    return scratch;
  }

  private void longField(String name, Long value) throws IOException {
    if (value != null) {
      g.writeNumberField(name, value);
    }
  }
}
