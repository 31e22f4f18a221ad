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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes span records and their content into one request body, in the shape each span type's
 * schema in Galileo's API accepts (Trace, WorkflowSpan, AgentSpan, LlmSpan, RetrieverSpan,
 * ToolSpan), into a {@link JsonBytes}. Reused from body to body by one thread at a time.
 *
 * <p>It runs for every span exported, so it creates nothing per span: field names and enum values
 * are encoded to bytes once, ids and timestamps are formatted into the scratch buffer and written from there, and JSON
 * text an LLM span carries (tool schemas, event arguments and results) was checked when it was set
 * on the span ({@link JsonText}), so it is copied as it is, unparsed.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class RecordWriter {
  /** User metadata key that marks a span the tracer shut down before it ended. */
  static final String UNFINISHED_KEY = "unfinished";

  private static final byte[] TYPE = JsonBytes.name("type");
  private static final byte[] NAME = JsonBytes.name("name");
  private static final byte[] CREATED_AT = JsonBytes.name("created_at");
  private static final byte[] ID = JsonBytes.name("id");
  private static final byte[] TRACE_ID = JsonBytes.name("trace_id");
  private static final byte[] PARENT_ID = JsonBytes.name("parent_id");
  private static final byte[] SESSION_ID = JsonBytes.name("session_id");
  private static final byte[] INPUT = JsonBytes.name("input");
  private static final byte[] OUTPUT = JsonBytes.name("output");
  private static final byte[] REDACTED_INPUT = JsonBytes.name("redacted_input");
  private static final byte[] REDACTED_OUTPUT = JsonBytes.name("redacted_output");
  private static final byte[] USER_METADATA = JsonBytes.name("user_metadata");
  private static final byte[] TAGS = JsonBytes.name("tags");
  private static final byte[] STATUS_CODE = JsonBytes.name("status_code");
  private static final byte[] METRICS = JsonBytes.name("metrics");
  private static final byte[] DURATION_NS = JsonBytes.name("duration_ns");
  private static final byte[] SPANS = JsonBytes.name("spans");
  private static final byte[] AGENT_TYPE = JsonBytes.name("agent_type");
  private static final byte[] TOOL_CALL_ID = JsonBytes.name("tool_call_id");
  private static final byte[] FINISH_REASON = JsonBytes.name("finish_reason");
  private static final byte[] TOOLS = JsonBytes.name("tools");
  private static final byte[] FUNCTION = JsonBytes.name("function");
  private static final byte[] DESCRIPTION = JsonBytes.name("description");
  private static final byte[] PARAMETERS = JsonBytes.name("parameters");
  private static final byte[] INPUT_SCHEMA = JsonBytes.name("input_schema");
  private static final byte[] EVENTS = JsonBytes.name("events");
  private static final byte[] STATUS = JsonBytes.name("status");
  private static final byte[] CONTENT = JsonBytes.name("content");
  private static final byte[] SUMMARY = JsonBytes.name("summary");
  private static final byte[] ERROR_MESSAGE = JsonBytes.name("error_message");
  private static final byte[] TOOL_NAME = JsonBytes.name("tool_name");
  private static final byte[] SERVER_NAME = JsonBytes.name("server_name");
  private static final byte[] ARGUMENTS = JsonBytes.name("arguments");
  private static final byte[] RESULT = JsonBytes.name("result");
  /** The one field of the object a JSON value that is not an object is wrapped in. */
  private static final byte[] VALUE = JsonBytes.name("value");
  private static final byte[] MODEL = JsonBytes.name("model");
  private static final byte[] TEMPERATURE = JsonBytes.name("temperature");
  private static final byte[] ROLE = JsonBytes.name("role");
  private static final byte[] TOOL_CALLS = JsonBytes.name("tool_calls");
  private static final byte[] METADATA = JsonBytes.name("metadata");
  /** LlmMetrics' fields, in the order {@link #llmMetrics} gathers their values. */
  private static final byte[][] LLM_METRICS = {
      JsonBytes.name("num_input_tokens"), JsonBytes.name("num_output_tokens"),
      JsonBytes.name("num_total_tokens"), JsonBytes.name("time_to_first_token_ns"),
      JsonBytes.name("num_image_input_tokens"), JsonBytes.name("num_image_output_tokens"),
      JsonBytes.name("num_audio_input_tokens"), JsonBytes.name("num_audio_output_tokens")};
  private static final byte[] FUNCTION_VALUE = JsonBytes.literal("function");
  private static final byte[] EMPTY_STRING = JsonBytes.literal("");
  private static final byte[] TRUE_STRING = JsonBytes.literal("true");
  private static final byte[] UNFINISHED = JsonBytes.name(UNFINISHED_KEY);
  private static final byte[] REASONING = JsonBytes.literal("reasoning");
  private static final byte[] INTERNAL_TOOL_CALL = JsonBytes.literal("internal_tool_call");
  private static final byte[] MCP_CALL = JsonBytes.literal("mcp_call");
  private static final byte[] MCP_LIST_TOOLS = JsonBytes.literal("mcp_list_tools");
  private static final byte[][] TYPE_NAMES = new byte[SpanType.values().length][];
  private static final byte[][] AGENT_TYPES = new byte[AgentType.values().length][];
  private static final byte[][] EVENT_STATUSES = new byte[LlmEvent.Status.values().length][];
  private static final byte[][] ROLES = new byte[Role.values().length][];

  static {
    for (SpanType t : SpanType.values()) {
      TYPE_NAMES[t.ordinal()] = JsonBytes.literal(t.wireName());
    }
    for (AgentType t : AgentType.values()) {
      AGENT_TYPES[t.ordinal()] = JsonBytes.literal(t.wireName());
    }
    for (LlmEvent.Status st : LlmEvent.Status.values()) {
      EVENT_STATUSES[st.ordinal()] = JsonBytes.literal(st.wireName());
    }
    for (Role r : Role.values()) {
      ROLES[r.ordinal()] = JsonBytes.literal(r.wireName());
    }
  }

  private static final int UUID_LENGTH = 36;
  private static final int KEY_SLOTS = 32;

  private final JsonBytes out;
  private final SafeText text;
  private final byte[] scratch = new byte[Math.max(WireTime.LENGTH, UUID_LENGTH)];
  // Every record of a trace repeats its trace id, and siblings their parent's: kept formatted.
  private final FormattedId lastTraceId = new FormattedId();
  private final FormattedId lastParentId = new FormattedId();

  /**
   * Metadata keys met so far, repaired and encoded once as field names: spans mostly repeat the
   * same few keys. Indexed by the key's hash, a later key with the same index replaces an earlier one.
   */
  private final String[] keys = new String[KEY_SLOTS];
  private final byte[][] encodedKeys = new byte[KEY_SLOTS][];
  private final Long[] llmValues = new Long[LLM_METRICS.length];

  /** The records whose {@code spans} array is open, and how many of their children are written. */
  private SpanNode[] openNodes = new SpanNode[8];
  private int[] nextChild = new int[8];

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

  RecordWriter(JsonBytes out, SafeText text) {
    this.out = out;
    this.text = text;
  }

  JsonBytes out() {
    return out;
  }

  /**
   * Writes the record of {@code root} and, in {@code spans}, the records under it: depth first,
   * with a stack of open records rather than recursion, so the JIT compiles one small loop.
   */
  void record(SpanNode root) {
    int depth = 0;
    SpanNode node = root;
    while (true) {
      if (open(node)) {
        push(depth++, node);
      } else {
        out.endObject();
      }
      node = null;
      while (depth > 0 && node == null) {
        SpanNode parent = openNodes[depth - 1];
        List<SpanNode> children = parent.children();
        int i = nextChild[depth - 1]++;
        if (i < children.size()) {
          node = child(children.get(i));
        } else {
          out.endArray();
          out.endObject();
          openNodes[--depth] = null;
        }
      }
      if (node == null) {
        return;
      }
    }
  }

  private void push(int depth, SpanNode node) {
    if (depth == openNodes.length) {
      openNodes = Arrays.copyOf(openNodes, depth * 2);
      nextChild = Arrays.copyOf(nextChild, depth * 2);
    }
    openNodes[depth] = node;
    nextChild[depth] = 0;
  }

  private static SpanNode child(SpanNode child) {
    if (child.span().isTrace()) {
      throw new IllegalArgumentException("a trace cannot be nested in a span: " + child.span());
    }
    return child;
  }

  /**
   * Writes a record's fields; when it has children, opens its {@code spans} array and returns
   * true, else returns false and leaves the object open.
   */
  private boolean open(SpanNode node) {
    SpanData s = node.span();
    out.startObject();
    identity(s);
    input(s.type(), s.input(), true);
    output(s.type(), s.output());
    if (s.redactedInput() != null) { // same shape as the input, in every record type's schema
      input(REDACTED_INPUT, s.type(), s.redactedInput(), false);
    }
    if (s.redactedOutput() != null) {
      output(REDACTED_OUTPUT, s.type(), s.redactedOutput());
    }
    userMetadata(s);
    tags(s.tags());
    if (s.statusCode() != null) {
      out.field(STATUS_CODE);
      out.number(s.statusCode());
    }
    metrics(s);
    typeFields(s);
    if (node.children().isEmpty()) {
      return false;
    }
    if (s.type() == SpanType.LLM) {
      // LlmSpan has no "spans": sending them would lose them silently.
      throw new IllegalArgumentException("an llm span cannot have child spans: " + s);
    }
    out.field(SPANS);
    out.startArray();
    return true;
  }

  /** Type, name, start, and the ids that place the record. */
  private void identity(SpanData s) {
    out.field(TYPE);
    out.encoded(TYPE_NAMES[s.type().ordinal()]);
    out.field(NAME);
    string(s.name() == null ? "" : s.name());
    out.field(CREATED_AT);
    WireTime.format(s.startEpochNanos(), scratch);
    out.asciiString(scratch, 0, WireTime.LENGTH);
    UUID traceId = s.traceId();
    idField(ID, s.spanId(), s.isTrace() ? lastTraceId : null);
    idField(TRACE_ID, traceId, lastTraceId);
    if (!s.isTrace()) {
      UUID parentId = s.parentId();
      idField(PARENT_ID, parentId, parentId != null && parentId.equals(traceId) ? lastTraceId : lastParentId);
    }
    uuidField(SESSION_ID, s.sessionId());
  }

  private void typeFields(SpanData s) {
    SpanType type = s.type();
    if (type == SpanType.LLM && s.llm() != null) {
      llmFields(s.llm());
    } else if (type == SpanType.AGENT && s.agentType() != null) {
      // Left out when unset: Galileo's default, "default", is what the span is then.
      out.field(AGENT_TYPE);
      out.encoded(AGENT_TYPES[s.agentType().ordinal()]);
    } else if (type == SpanType.TOOL && s.toolCallId() != null) {
      out.field(TOOL_CALL_ID);
      string(s.toolCallId());
    }
  }

  private void llmFields(SpanData.LlmData llm) {
    optionalString(MODEL, llm.model());
    Double t = llm.temperature();
    if (t != null && Double.isFinite(t)) { // JSON has no NaN or infinity
      out.field(TEMPERATURE);
      out.number(t.doubleValue());
    }
    optionalString(FINISH_REASON, llm.finishReason()); // the provider's words, whatever they are
    // Indexed loops: the lists are RandomAccess (JsonText), and an iterator would be an object.
    List<ToolDefinition> tools = llm.tools();
    if (!tools.isEmpty()) {
      out.field(TOOLS);
      out.startArray();
      for (int i = 0, n = tools.size(); i < n; i++) {
        functionTool(tools.get(i));
      }
      out.endArray();
    }
    List<LlmEvent> events = llm.events();
    if (!events.isEmpty()) {
      out.field(EVENTS);
      out.startArray();
      for (int i = 0, n = events.size(); i < n; i++) {
        event(events.get(i));
      }
      out.endArray();
    }
  }

  /** A tool offered to the model, in OpenAI's function-tool shape, which Galileo reads. */
  private void functionTool(ToolDefinition tool) {
    out.startObject();
    out.field(TYPE);
    out.encoded(FUNCTION_VALUE);
    out.field(FUNCTION);
    out.startObject();
    out.field(NAME);
    string(tool.name());
    optionalString(DESCRIPTION, tool.description());
    if (tool.parametersJson() != null) {
      out.field(PARAMETERS);
      json(tool.parametersJson());
    }
    out.endObject();
    out.endObject();
  }

  /** One of {@code LlmSpan.events}: Galileo's ReasoningEvent, InternalToolCall or MCP events. */
  private void event(LlmEvent e) {
    if (e instanceof LlmEvent.Reasoning r) {
      eventStart(REASONING);
      eventCommon(r.id(), r.status(), null);
      optionalString(CONTENT, r.content());
      optionalString(SUMMARY, r.summary());
    } else if (e instanceof LlmEvent.InternalToolCall c) {
      eventStart(INTERNAL_TOOL_CALL);
      eventCommon(c.id(), c.status(), null);
      out.field(NAME);
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
      out.field(TOOLS);
      out.startArray();
      for (int i = 0, n = tools.size(); i < n; i++) {
        mcpTool(tools.get(i));
      }
      out.endArray();
    } else {
      return; // a kind this writer does not know yet: left out, the body stays valid
    }
    out.endObject();
  }

  private void eventStart(byte[] type) {
    out.startObject();
    out.field(TYPE);
    out.encoded(type);
  }

  private void eventCommon(String id, LlmEvent.Status status, String errorMessage) {
    optionalString(ID, id);
    if (status != null) {
      out.field(STATUS);
      out.encoded(EVENT_STATUSES[status.ordinal()]);
    }
    optionalString(ERROR_MESSAGE, errorMessage);
  }

  /** A tool of an MCP server, in the shape the server and OpenAI's Responses API list it. */
  private void mcpTool(ToolDefinition tool) {
    out.startObject();
    out.field(NAME);
    string(tool.name());
    optionalString(DESCRIPTION, tool.description());
    if (tool.parametersJson() != null) {
      out.field(INPUT_SCHEMA);
      json(tool.parametersJson());
    }
    out.endObject();
  }

  private void optionalString(byte[] name, String value) {
    if (value != null) {
      out.field(name);
      string(value);
    }
  }

  /** A JSON value where the schema takes only an object (or null), left out when null. */
  private void optionalObject(byte[] name, String json) {
    if (json == null) {
      return;
    }
    out.field(name);
    if (JsonText.isObject(json) && text.fits(json.length())) {
      out.raw(json);
    } else { // an array, a scalar, text that was not JSON, or too long: wrapped, never lost
      out.startObject();
      out.field(VALUE);
      json(json);
      out.endObject();
    }
  }

  /**
   * A JSON value checked when it was set on the span ({@link JsonText}): copied as it is, without
   * parsing it. Text longer than the limit is cut and sent as a string, marked as {@link SafeText}
   * marks it, so the body stays valid.
   */
  private void json(String json) {
    if (text.fits(json.length())) {
      out.raw(json);
    } else {
      string(JsonText.unquote(json)); // a string's own text is what is cut, not its quoted form
    }
  }

  private void userMetadata(SpanData s) {
    boolean unfinished = s.state() == SpanData.State.UNFINISHED;
    out.field(USER_METADATA);
    out.startObject();
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
      out.field(UNFINISHED);
      out.encoded(TRUE_STRING);
    }
    out.endObject();
  }

  private void metadataEntry(String key, String value, boolean unfinished) {
    if (key == null || value == null || (unfinished && UNFINISHED_KEY.equals(key))) {
      return;
    }
    out.field(encodedKey(key));
    string(value);
  }

  private byte[] encodedKey(String key) {
    int slot = key.hashCode() & (KEY_SLOTS - 1);
    if (!key.equals(keys[slot])) {
      keys[slot] = key;
      encodedKeys[slot] = JsonBytes.name(text.fix(key));
    }
    return encodedKeys[slot];
  }

  private void metrics(SpanData s) {
    out.field(METRICS);
    out.startObject();
    if (s.durationNanos() >= 0) {
      out.field(DURATION_NS);
      out.number(s.durationNanos());
    }
    SpanData.LlmData llm = s.llm();
    if (s.type() == SpanType.LLM && llm != null) {
      llmMetrics(llm);
    }
    out.endObject();
  }

  /**
   * The token counts and timing of an LLM span, gathered first and written in one loop: one copy
   * of the field-and-number code for the JIT to compile rather than eight.
   */
  private void llmMetrics(SpanData.LlmData llm) {
    Long[] v = llmValues;
    v[0] = llm.inputTokens();
    v[1] = llm.outputTokens();
    v[2] = llm.totalTokens();
    v[3] = llm.timeToFirstTokenNanos();
    v[4] = llm.imageInputTokens();
    v[5] = llm.imageOutputTokens();
    v[6] = llm.audioInputTokens();
    v[7] = llm.audioOutputTokens();
    for (int i = 0; i < LLM_METRICS.length; i++) {
      longField(LLM_METRICS[i], v[i]);
      v[i] = null;
    }
  }

  /**
   * Writes {@code input} as the type accepts it. A null input is left out where the schema allows,
   * or, when {@code emptyForNull}, written as the schema's default {@code ""} for string types.
   */
  void input(SpanType type, Content input, boolean emptyForNull) {
    input(INPUT, type, input, emptyForNull);
  }

  private void input(byte[] field, SpanType type, Content input, boolean emptyForNull) {
    if (input == null) {
      if (emptyForNull && type != SpanType.LLM) {
        out.field(field);
        out.encoded(EMPTY_STRING);
      }
      return;
    }
    out.field(field);
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
  void output(SpanType type, Content output) {
    output(OUTPUT, type, output);
  }

  private void output(byte[] field, SpanType type, Content output) {
    if (output == null) {
      return;
    }
    switch (type) {
      case LLM -> {
        Message m = asMessage(output);
        if (m != null) {
          out.field(field);
          message(m);
        }
      }
      case RETRIEVER -> {
        out.field(field);
        documents(output);
      }
      case WORKFLOW, AGENT -> {
        out.field(field);
        mixedOutput(output);
      }
      default -> { // trace and tool take only text
        out.field(field);
        string(output.asText());
      }
    }
  }

  /** A workflow's or an agent's output: documents, text, or one message. */
  private void mixedOutput(Content output) {
    if (output instanceof Content.Documents d) {
      documents(d);
    } else if (output instanceof Content.Text) {
      string(output.asText());
    } else {
      Message m = asMessage(output);
      if (m == null) {
        out.encoded(EMPTY_STRING);
      } else {
        message(m);
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
  private void messages(Content c, Role textRole) {
    out.startArray();
    if (c instanceof Content.Messages m) {
      for (Message each : m.messages()) {
        message(each);
      }
    } else if (c instanceof Content.SingleMessage m) {
      message(m.message());
    } else {
      message(Message.of(textRole, c.asText()));
    }
    out.endArray();
  }

  private void message(Message m) {
    out.startObject();
    out.field(ROLE);
    out.encoded(ROLES[m.role().ordinal()]);
    out.field(CONTENT);
    string(m.content());
    optionalString(TOOL_CALL_ID, m.toolCallId());
    if (!m.toolCalls().isEmpty()) {
      out.field(TOOL_CALLS);
      out.startArray();
      for (ToolCall call : m.toolCalls()) {
        toolCall(call);
      }
      out.endArray();
    }
    out.endObject();
  }

  private void toolCall(ToolCall call) {
    out.startObject();
    out.field(ID);
    string(call.id());
    out.field(FUNCTION);
    out.startObject();
    out.field(NAME);
    string(call.name());
    out.field(ARGUMENTS);
    string(call.arguments());
    out.endObject();
    out.endObject();
  }

  /** A list of documents; anything else becomes one document of its text. */
  private void documents(Content c) {
    out.startArray();
    if (c instanceof Content.Documents d) {
      for (Document each : d.documents()) {
        document(each);
      }
    } else {
      document(Document.of(c.asText()));
    }
    out.endArray();
  }

  private void document(Document d) {
    out.startObject();
    out.field(CONTENT);
    string(d.content());
    out.field(METADATA);
    out.startObject();
    for (Map.Entry<String, Object> e : d.metadata().entrySet()) {
      out.field(text.fix(e.getKey()));
      metadataValue(e.getValue());
    }
    out.endObject();
    out.endObject();
  }

  /** A document metadata value keeps its JSON type; what JSON cannot hold becomes a string. */
  private void metadataValue(Object v) {
    if (v instanceof Boolean b) {
      out.bool(b);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof Byte) {
      out.number(((Number) v).longValue());
    } else if (v instanceof BigInteger || v instanceof BigDecimal) {
      out.numberText(v.toString());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        out.number(d);
      } else {
        out.string(Double.toString(d));
      }
    } else if (v instanceof Number n) {
      numberOrText(n.toString()); // AtomicLong, LongAdder, ...: their text is exact
    } else {
      string(String.valueOf(v));
    }
  }

  private void numberOrText(String s) {
    BigDecimal number;
    try {
      number = new BigDecimal(s);
    } catch (NumberFormatException e) {
      string(s);
      return;
    }
    out.numberText(number.toString());
  }

  /**
   * The tags, left out when there are none: a record's {@code tags} defaults to none, and an
   * update's are tags to add. Ten bytes less for most spans.
   */
  void tags(List<String> tags) {
    if (tags == null || !hasNonNull(tags)) {
      return;
    }
    out.field(TAGS);
    out.startArray();
    for (int i = 0, n = tags.size(); i < n; i++) {
      String v = tags.get(i);
      if (v != null) {
        string(v);
      }
    }
    out.endArray();
  }

  private static boolean hasNonNull(List<String> values) {
    for (int i = 0, n = values.size(); i < n; i++) {
      if (values.get(i) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * A string value, made safe to send: cut to the limit with {@link SafeText}'s marker when
   * longer; {@link JsonBytes} escapes it and replaces unpaired surrogates as SafeText would.
   */
  void string(String s) {
    out.string(text.fits(s.length()) ? s : text.fix(s));
  }

  void uuidField(byte[] name, UUID id) {
    if (id != null) {
      out.field(name);
      uuid(id);
    }
  }

  /** A UUID in canonical form, formatted in place rather than through {@link UUID#toString()}. */
  void uuid(UUID id) {
    Hex.formatUuid(id, scratch, 0);
    out.asciiString(scratch, 0, UUID_LENGTH);
  }

  /** An id field, left out when null; {@code cache} keeps ids that repeat, or is null. */
  private void idField(byte[] name, UUID id, FormattedId cache) {
    if (id == null) {
      return;
    }
    out.field(name);
    if (cache == null) {
      uuid(id);
    } else {
      out.asciiString(cache.of(id), 0, UUID_LENGTH);
    }
  }

  private void longField(byte[] name, Long value) {
    if (value != null) {
      out.field(name);
      out.number(value.longValue());
    }
  }
}
