package ai.galileo.tracing.console.internal;

import ai.galileo.tracing.console.internal.Problems.Loc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks the bodies of the ingest and update requests for what storage needs (ids are UUIDs,
 * required fields present, types right, record types known) and turns them into flat records.
 * Fields it does not know are kept as they came: Galileo's SDKs send more than the subset
 * describes. Each problem is reported at its location, as Galileo's API does.
 *
 * <p>Records are flattened here: every span nested in {@code spans} becomes a record of its own
 * with its {@code trace_id} and {@code parent_id} filled in, and records without an id get one,
 * as the backend gives them.
 */
public final class IngestRequests {
  /** The span types of {@code LogSpansIngestRequest.spans}. */
  public static final Set<String> SPAN_TYPES =
      Set.of("agent", "workflow", "llm", "retriever", "tool", "control");

  private static final Set<String> UUID_FIELDS = Set.of("id", "trace_id", "parent_id", "session_id");
  private static final Set<String> NULLABLE_STRINGS = Set.of(
      "external_id", "dataset_input", "dataset_output", "model", "finish_reason", "tool_call_id");
  private static final Set<String> CONTENT_FIELDS =
      Set.of("input", "output", "redacted_input", "redacted_output");
  private static final Set<String> ENVELOPE_UUIDS =
      Set.of("log_stream_id", "experiment_id", "metrics_testing_id", "session_id");

  private IngestRequests() {}

  /** A trace or span record, flat: without {@code spans}, with its ids filled in. */
  public record FlatRecord(
      UUID id, UUID traceId, UUID parentId, String type, ObjectNode body, Loc loc) {
    public boolean isTrace() {
      return "trace".equals(type);
    }
  }

  /** Where the records of a request are filed. */
  public record Envelope(UUID logStreamId, UUID experimentId, UUID sessionId) {}

  /** A {@code LogTracesIngestRequest}: the traces and every span nested in them, flat. */
  public record Traces(Envelope envelope, boolean isComplete, boolean includeTraceIds,
      List<FlatRecord> traces, List<FlatRecord> spans) {}

  /** A {@code LogSpansIngestRequest}: the spans, flat. */
  public record Spans(Envelope envelope, UUID traceId, UUID parentId, List<FlatRecord> spans) {}

  /**
   * A {@code LogTraceUpdateRequest} or {@code LogSpanUpdateRequest}: the record fields to apply
   * ({@code input}, {@code output}, {@code status_code}, {@code tags}, {@code duration_ns}, and any
   * other record field sent), and for a trace whether it is now complete.
   */
  public record Update(UUID id, Envelope envelope, ObjectNode fields, Boolean isComplete) {}

  // --- the requests

  public static Traces traces(JsonNode body) {
    Problems p = new Problems();
    Loc root = Loc.of("body");
    ObjectNode b = object(body, root, p);
    p.throwIfAny();
    normalizeKeys(b);
    Envelope env = envelope(b, root, p);
    boolean complete = bool(b, "is_complete", true, root, p);
    boolean includeIds = bool(b, "include_trace_ids", false, root, p);
    JsonNode list = b.get("traces");
    List<FlatRecord> traces = new ArrayList<>();
    List<FlatRecord> spans = new ArrayList<>();
    if (nonEmptyList(list, root.field("traces"), p)) {
      for (int i = 0; i < list.size(); i++) {
        Loc at = root.field("traces").index(i);
        ObjectNode t = object(list.get(i), at, p);
        if (t == null) {
          continue;
        }
        normalizeKeys(t);
        checkRecord(t, at, true, p);
        UUID id = idOrNew(t);
        UUID claimed = uuid(t.get("trace_id"));
        if (claimed != null && !claimed.equals(id)) {
          p.add(at.field("trace_id"), "value_error",
              "Value error, a trace's trace_id must equal its id " + id, t.get("trace_id"));
        }
        if (t.hasNonNull("parent_id")) {
          p.add(at.field("parent_id"), "value_error",
              "Value error, a trace has no parent_id", t.get("parent_id"));
        }
        flattenChildren(t, id, id, at, p, spans);
        traces.add(flat(t, id, id, null, "trace", at));
      }
    }
    p.throwIfAny();
    return new Traces(env, complete, includeIds, traces, spans);
  }

  public static Spans spans(JsonNode body) {
    Problems p = new Problems();
    Loc root = Loc.of("body");
    ObjectNode b = object(body, root, p);
    p.throwIfAny();
    normalizeKeys(b);
    Envelope env = envelope(b, root, p);
    UUID traceId = requiredUuid(b, "trace_id", root, p);
    UUID parentId = requiredUuid(b, "parent_id", root, p);
    List<FlatRecord> spans = new ArrayList<>();
    JsonNode list = b.get("spans");
    if (nonEmptyList(list, root.field("spans"), p) && traceId != null && parentId != null) {
      checkChildren(list, traceId, parentId, root, p, spans);
    }
    p.throwIfAny();
    return new Spans(env, traceId, parentId, spans);
  }

  /**
   * An update of the record {@code pathId}; {@code idField} ({@code trace_id} or {@code span_id})
   * is required in the body and must be the id in the path.
   */
  public static Update update(JsonNode body, UUID pathId, String idField, boolean trace) {
    Problems p = new Problems();
    Loc root = Loc.of("body");
    ObjectNode b = object(body, root, p);
    p.throwIfAny();
    normalizeKeys(b);
    Envelope env = envelope(b, root, p);
    UUID id = requiredUuid(b, idField, root, p);
    if (id != null && !id.equals(pathId)) {
      p.add(root.field(idField), "value_error",
          "Value error, " + idField + " " + id + " is not the id in the path, " + pathId, b.get(idField));
    }
    Boolean complete = null;
    if (trace && b.hasNonNull("is_complete")) {
      complete = bool(b, "is_complete", false, root, p);
    }
    ObjectNode fields = Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode v = e.getValue();
      Loc at = root.field(name);
      switch (name) {
        case "log_stream_id", "experiment_id", "metrics_testing_id", "session_id", "logging_method",
            "client_version", "reliable", "is_complete", "trace_id", "span_id", "id", "parent_id",
            "type", "spans" -> { } // the envelope and the record's identity: not record fields
        case "duration_ns" -> {
          if (nullableLong(v, at, p)) {
            fields.set(name, v);
          }
        }
        case "tags" -> {
          if (!v.isNull() && stringList(v, at, p)) {
            fields.set(name, v);
          }
        }
        default -> {
          // The record may not have arrived: its type is not known here.
          if (!v.isNull() && checkField(name, v, at, null, p)) {
            fields.set(name, v);
          }
        }
      }
    }
    p.throwIfAny();
    return new Update(id, env, fields, complete);
  }

  // --- records

  private static void flattenChildren(
      ObjectNode record, UUID traceId, UUID id, Loc at, Problems p, List<FlatRecord> out) {
    JsonNode children = record.get("spans");
    if (children == null || children.isNull()) {
      return;
    }
    if (!children.isArray()) {
      p.add(at.field("spans"), "list_type", "Input should be a valid list", children);
      return;
    }
    checkChildren(children, traceId, id, at, p, out);
  }

  private static void checkChildren(
      JsonNode children, UUID traceId, UUID parentId, Loc at, Problems p, List<FlatRecord> out) {
    for (int i = 0; i < children.size(); i++) {
      Loc here = at.field("spans").index(i);
      ObjectNode s = object(children.get(i), here, p);
      if (s == null) {
        continue;
      }
      normalizeKeys(s);
      checkRecord(s, here, false, p);
      UUID id = idOrNew(s);
      UUID claimedTrace = uuid(s.get("trace_id"));
      if (claimedTrace != null && !claimedTrace.equals(traceId)) {
        p.add(here.field("trace_id"), "value_error", "Value error, trace_id " + claimedTrace
            + " is not the trace " + traceId + " the span is sent in", s.get("trace_id"));
      }
      UUID claimedParent = uuid(s.get("parent_id"));
      if (claimedParent != null && !claimedParent.equals(parentId)) {
        p.add(here.field("parent_id"), "value_error", "Value error, parent_id " + claimedParent
            + " is not " + parentId + ", the record the span is sent under", s.get("parent_id"));
      }
      if (id.equals(traceId) || id.equals(parentId)) {
        p.add(here.field("id"), "value_error",
            "Value error, a span cannot have the id of its trace or parent", s.get("id"));
      }
      String type = Json.text(s, "type");
      flattenChildren(s, traceId, id, here, p, out);
      out.add(flat(s, id, traceId, parentId, type, here));
    }
  }

  /** Checks the fields of one record (not its nested spans, which the caller walks). */
  private static void checkRecord(ObjectNode r, Loc at, boolean trace, Problems p) {
    JsonNode type = r.get("type");
    if (trace) {
      if (type == null || type.isNull()) {
        r.put("type", "trace");
      } else if (!"trace".equals(type.asText(null)) || !type.isTextual()) {
        p.add(at.field("type"), "literal_error", "Input should be 'trace'", type);
      }
    } else if (type == null || type.isNull()) {
      p.add(at, "union_tag_not_found",
          "Unable to extract tag using discriminator 'type'", null);
    } else if (!type.isTextual() || !SPAN_TYPES.contains(type.textValue())) {
      p.add(at, "union_tag_invalid", "Input tag '" + type.asText() + "' found using 'type' does not"
          + " match any of the expected tags: 'agent', 'workflow', 'llm', 'retriever', 'tool',"
          + " 'control'", type);
    }
    String recordType = Json.text(r, "type");
    for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("type") && !e.getKey().equals("spans")) {
        checkField(e.getKey(), e.getValue(), at.field(e.getKey()), recordType, p);
      }
    }
  }

  /**
   * Checks one known field of a record; unknown fields pass. True when it is fine. A field that
   * only some record types have is checked on those ({@code type}, null when not known, as in an
   * update): Galileo drops it from the others, and so checks nothing there either.
   */
  private static boolean checkField(String name, JsonNode v, Loc at, String type, Problems p) {
    int before = p.size();
    if (UUID_FIELDS.contains(name)) {
      if (!v.isNull() && uuid(v) == null) {
        badUuid(v, at, p);
      }
    } else if (NULLABLE_STRINGS.contains(name)) {
      if (!v.isNull() && !v.isTextual()) {
        p.add(at, "string_type", "Input should be a valid string", v);
      }
    } else if (CONTENT_FIELDS.contains(name)) {
      if (!v.isNull() && !v.isTextual() && !v.isArray() && !v.isObject()) {
        p.add(at, "string_type",
            "Input should be a valid string, a list of messages or documents, or a message", v);
      }
    } else {
      switch (name) {
        case "name" -> {
          if (!v.isTextual()) {
            p.add(at, "string_type", "Input should be a valid string", v);
          }
        }
        case "created_at" -> {
          if (!v.isTextual() || Timestamps.parse(v.textValue()) == null) {
            p.add(at, "datetime_from_date_parsing", "Input should be a valid datetime", v);
          }
        }
        case "user_metadata", "dataset_metadata" -> {
          if (!v.isObject()) {
            p.add(at, "dict_type", "Input should be a valid dictionary", v);
          } else {
            v.fields().forEachRemaining(m -> {
              if (m.getValue().isContainerNode()) {
                p.add(at.field(m.getKey()), "string_type", "Input should be a valid string",
                    m.getValue());
              }
            });
          }
        }
        case "tags" -> stringList(v, at, p);
        case "agent_type" -> {
          if (type == null || type.equals("agent")) {
            AgentFields.agentType(v, at, p);
          }
        }
        case "tools" -> {
          if (type == null || type.equals("llm")) {
            AgentFields.tools(v, at, p);
          }
        }
        case "events" -> {
          if (type == null || type.equals("llm")) {
            AgentFields.events(v, at, p);
          }
        }
        case "status_code", "step_number" -> nullableLong(v, at, p);
        case "temperature" -> {
          if (!v.isNull() && !v.isNumber()) {
            p.add(at, "float_type", "Input should be a valid number", v);
          }
        }
        case "metrics" -> {
          if (!v.isObject()) {
            p.add(at, "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from", v);
          } else {
            v.fields().forEachRemaining(m -> {
              if (!m.getValue().isNull() && !m.getValue().isNumber()) {
                p.add(at.field(m.getKey()), "float_type", "Input should be a valid number",
                    m.getValue());
              } else if (m.getKey().endsWith("_ns") || m.getKey().startsWith("num_")) {
                nullableLong(m.getValue(), at.field(m.getKey()), p);
              }
            });
          }
        }
        default -> { } // unknown: kept as sent
      }
    }
    return p.size() == before;
  }

  /** The record as stored: the request's own node, its nested spans (flattened already) taken out. */
  private static FlatRecord flat(
      ObjectNode r, UUID id, UUID traceId, UUID parentId, String type, Loc loc) {
    ObjectNode body = r;
    body.remove("spans");
    body.put("id", id.toString());
    body.put("trace_id", traceId.toString());
    if (parentId != null) {
      body.put("parent_id", parentId.toString());
    }
    return new FlatRecord(id, traceId, parentId, type, body, loc);
  }

  private static UUID idOrNew(ObjectNode r) {
    UUID id = uuid(r.get("id"));
    return id != null ? id : UUID.randomUUID();
  }

  // --- envelope and scalar checks

  private static Envelope envelope(ObjectNode b, Loc root, Problems p) {
    for (String f : ENVELOPE_UUIDS) {
      JsonNode v = b.get(f);
      if (v != null && !v.isNull() && uuid(v) == null) {
        badUuid(v, root.field(f), p);
      }
    }
    JsonNode version = b.get("client_version");
    if (version != null && !version.isNull() && !version.isTextual()) {
      p.add(root.field("client_version"), "string_type", "Input should be a valid string", version);
    }
    bool(b, "reliable", true, root, p);
    return new Envelope(uuid(b.get("log_stream_id")), uuid(b.get("experiment_id")),
        uuid(b.get("session_id")));
  }

  private static ObjectNode object(JsonNode v, Loc at, Problems p) {
    if (v instanceof ObjectNode o) {
      return o;
    }
    p.add(at, "model_attributes_type",
        "Input should be a valid dictionary or object to extract fields from", v);
    return null;
  }

  private static boolean nonEmptyList(JsonNode v, Loc at, Problems p) {
    if (v == null) {
      p.add(at, "missing", "Field required", null);
      return false;
    }
    if (!v.isArray()) {
      p.add(at, "list_type", "Input should be a valid list", v);
      return false;
    }
    if (v.isEmpty()) {
      p.add(at, "too_short", "List should have at least 1 item after validation, not 0", null);
      return false;
    }
    return true;
  }

  private static boolean stringList(JsonNode v, Loc at, Problems p) {
    if (!v.isArray()) {
      p.add(at, "list_type", "Input should be a valid list", v);
      return false;
    }
    boolean ok = true;
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        p.add(at.index(i), "string_type", "Input should be a valid string", v.get(i));
        ok = false;
      }
    }
    return ok;
  }

  private static boolean nullableLong(JsonNode v, Loc at, Problems p) {
    if (v.isNull() || (v.isIntegralNumber() && v.canConvertToLong())) {
      return true;
    }
    if (v.isNumber() && v.canConvertToExactIntegral() && v.canConvertToLong()) {
      return true; // 12.0 is an integer to pydantic
    }
    p.add(at, "int_type", "Input should be a valid integer", v);
    return false;
  }

  private static boolean bool(ObjectNode b, String field, boolean dflt, Loc root, Problems p) {
    JsonNode v = b.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      p.add(root.field(field), "bool_type", "Input should be a valid boolean", v);
      return dflt;
    }
    return v.booleanValue();
  }

  private static UUID requiredUuid(ObjectNode b, String field, Loc root, Problems p) {
    JsonNode v = b.get(field);
    if (v == null || v.isNull()) {
      p.add(root.field(field), "missing", "Field required", null);
      return null;
    }
    UUID id = uuid(v);
    if (id == null) {
      badUuid(v, root.field(field), p);
    }
    return id;
  }

  private static void badUuid(JsonNode v, Loc at, Problems p) {
    p.add(at, "uuid_parsing", "Input should be a valid UUID, in the form "
        + "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", v);
  }

  static UUID uuid(JsonNode v) {
    return v != null && v.isTextual() ? Ids.parse(v.textValue()) : null;
  }

  /**
   * Renames camelCase keys of a record, an envelope, their metrics or a record's events to the
   * snake_case the API uses ({@code createdAt} to {@code created_at}), unless the snake_case key
   * is there too. Only these levels: the keys of content and metadata are the user's own.
   */
  static void normalizeKeys(ObjectNode o) {
    rename(o);
    if (o.get("metrics") instanceof ObjectNode metrics) {
      rename(metrics);
    }
    AgentFields.normalizeEventKeys(o);
  }

  static void rename(ObjectNode o) {
    List<String> camel = new ArrayList<>();
    o.fieldNames().forEachRemaining(k -> {
      if (!k.equals(k.toLowerCase(Locale.ROOT))) {
        camel.add(k);
      }
    });
    for (String k : camel) {
      String snake = k.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
      if (!o.has(snake)) {
        o.set(snake, o.remove(k));
      }
    }
  }
}
