package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.SpanData;
import com.fasterxml.jackson.core.JsonGenerator;
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
 * <p>Internal: not part of the public API and may change without notice.
 */
final class RecordWriter {
  /** User metadata key that marks a span the tracer shut down before it ended. */
  static final String UNFINISHED_KEY = "unfinished";

  private final JsonGenerator g;
  private final SafeText text;
  private final char[] time = new char[WireTime.LENGTH];

  RecordWriter(JsonGenerator g, SafeText text) {
    this.g = g;
    this.text = text;
  }

  /** Writes the record of {@code node} and, in {@code spans}, the records under it. */
  void record(SpanNode node) throws IOException {
    SpanData s = node.span();
    SpanType type = s.type();
    g.writeStartObject();
    g.writeStringField("type", type.wireName());
    g.writeFieldName("name");
    string(s.name() == null ? "" : s.name());
    g.writeFieldName("created_at");
    WireTime.format(s.startEpochNanos(), time);
    g.writeString(time, 0, WireTime.LENGTH);
    uuidField("id", s.spanId());
    uuidField("trace_id", s.traceId());
    if (!s.isTrace()) {
      uuidField("parent_id", s.parentId());
    }
    uuidField("session_id", s.sessionId());
    input(type, s.input(), true);
    output(type, s.output());
    userMetadata(s);
    g.writeFieldName("tags");
    strings(s.tags());
    if (s.statusCode() != null) {
      g.writeNumberField("status_code", s.statusCode());
    }
    metrics(s);
    if (type == SpanType.LLM && s.llm() != null) {
      SpanData.LlmData llm = s.llm();
      if (llm.model() != null) {
        g.writeFieldName("model");
        string(llm.model());
      }
      Double t = llm.temperature();
      if (t != null && Double.isFinite(t)) { // JSON has no NaN or infinity
        g.writeNumberField("temperature", t);
      }
    }
    children(node);
    g.writeEndObject();
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
    g.writeArrayFieldStart("spans");
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
    g.writeObjectFieldStart("user_metadata");
    if (s.metadata() != null) {
      for (Map.Entry<String, String> e : s.metadata().entrySet()) {
        String key = e.getKey();
        if (key == null || e.getValue() == null || (unfinished && UNFINISHED_KEY.equals(key))) {
          continue;
        }
        g.writeFieldName(text.fix(key));
        string(e.getValue());
      }
    }
    if (unfinished) {
      g.writeStringField(UNFINISHED_KEY, "true");
    }
    g.writeEndObject();
  }

  private void metrics(SpanData s) throws IOException {
    g.writeObjectFieldStart("metrics");
    if (s.durationNanos() >= 0) {
      g.writeNumberField("duration_ns", s.durationNanos());
    }
    SpanData.LlmData llm = s.llm();
    if (s.type() == SpanType.LLM && llm != null) {
      longField("num_input_tokens", llm.inputTokens());
      longField("num_output_tokens", llm.outputTokens());
      longField("num_total_tokens", llm.totalTokens());
      longField("time_to_first_token_ns", llm.timeToFirstTokenNanos());
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
        g.writeStringField("input", "");
      }
      return;
    }
    g.writeFieldName("input");
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
          g.writeFieldName("output");
          message(m);
        }
      }
      case RETRIEVER -> {
        g.writeFieldName("output");
        documents(output);
      }
      case WORKFLOW, AGENT -> {
        g.writeFieldName("output");
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
        g.writeFieldName("output");
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

  void string(String s) throws IOException {
    text.write(g, s);
  }

  void uuidField(String name, UUID id) throws IOException {
    if (id != null) {
      g.writeStringField(name, id.toString());
    }
  }

  private void longField(String name, Long value) throws IOException {
    if (value != null) {
      g.writeNumberField(name, value);
    }
  }
}
