package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.internal.Uuids;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JSON bodies of Galileo's ingest API (the repository's spec/galileo-api/openapi-ingest.yaml),
 * written as UTF-8 straight into a byte buffer ({@link JsonBytes}) that is reused from body to
 * body, and the few fields the exporter reads from its answers (with Jackson's parser).
 *
 * <p>Every body validates against its request schema whatever the spans hold: strings are made
 * well-formed and cut to {@code maxStringChars} ({@link SafeText}), numbers JSON cannot hold are
 * left out, and each span's input and output are coerced to the shapes its type accepts. Misuse by
 * the caller (a trace nested in a span, children under an LLM span, an empty batch) throws
 * {@link IllegalArgumentException}, so such a bug shows in tests rather than as lost data.
 *
 * <p>Thread-safe: a call takes the one spare writer and its buffer, or makes its own when another
 * thread holds it (the exporter writes from one thread at a time, so that is rare).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class GalileoJson {
  private static final Logger LOG = Logger.getLogger(GalileoJson.class.getName());

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final int INITIAL_BUFFER = 16 * 1024;
  /** A buffer grown past this (a body of huge spans) is not kept for the next body. */
  private static final int MAX_KEPT_BUFFER = 4 * 1024 * 1024;

  private static final byte[] LOG_STREAM_ID = JsonBytes.name("log_stream_id");
  private static final byte[] CLIENT_VERSION = JsonBytes.name("client_version");
  private static final byte[] SESSION_ID = JsonBytes.name("session_id");
  private static final byte[] TRACE_ID = JsonBytes.name("trace_id");
  private static final byte[] PARENT_ID = JsonBytes.name("parent_id");
  private static final byte[] SPAN_ID = JsonBytes.name("span_id");
  private static final byte[] IS_COMPLETE = JsonBytes.name("is_complete");
  private static final byte[] TRACES = JsonBytes.name("traces");
  private static final byte[] SPANS = JsonBytes.name("spans");
  private static final byte[] NAME = JsonBytes.name("name");
  private static final byte[] TYPE = JsonBytes.name("type");
  private static final byte[] EXTERNAL_ID = JsonBytes.name("external_id");
  private static final byte[] STATUS_CODE = JsonBytes.name("status_code");
  private static final byte[] DURATION_NS = JsonBytes.name("duration_ns");

  private final String clientVersion;
  private final SafeText text;
  private final AtomicReference<RecordWriter> spare = new AtomicReference<>();

  /**
   * @param clientVersion sent as {@code client_version}; null to leave it out
   * @param maxStringChars the longest string sent; longer ones are cut and marked
   */
  public GalileoJson(String clientVersion, int maxStringChars) {
    this.text = new SafeText(maxStringChars);
    this.clientVersion = clientVersion == null ? null : text.fix(clientVersion);
  }

  /**
   * A {@code LogTracesIngestRequest}: whole traces, each with its spans nested.
   *
   * @param logStreamId the log stream, or null to leave it out
   * @param sessionId the session of every trace in the request, or null
   * @param traces at least one node, each holding a trace ({@link SpanData#isTrace()})
   * @param isComplete whether the traces are complete, or more spans and updates follow
   */
  public byte[] tracesIngest(
      UUID logStreamId, UUID sessionId, List<SpanNode> traces, boolean isComplete) {
    return write(tracesIngestBody(logStreamId, sessionId, traces, isComplete));
  }

  /**
   * Writes the {@link #tracesIngest} body into {@code out} as UTF-8, and leaves it open: for a
   * caller that owns a buffer or a connection's stream.
   *
   * @throws IOException if {@code out} fails
   */
  public void writeTracesIngest(OutputStream out,
      UUID logStreamId, UUID sessionId, List<SpanNode> traces, boolean isComplete) throws IOException {
    write(out, tracesIngestBody(logStreamId, sessionId, traces, isComplete));
  }

  private BodyContent tracesIngestBody(
      UUID logStreamId, UUID sessionId, List<SpanNode> traces, boolean isComplete) {
    requireNonEmpty(traces, "traces");
    for (SpanNode n : traces) {
      if (!n.span().isTrace()) {
        throw new IllegalArgumentException("not a trace: " + n.span());
      }
    }
    return w -> {
      JsonBytes out = w.out();
      out.startObject();
      envelope(w, logStreamId);
      w.uuidField(SESSION_ID, sessionId);
      out.field(IS_COMPLETE);
      out.bool(isComplete);
      out.field(TRACES);
      out.startArray();
      for (SpanNode n : traces) {
        w.record(n);
      }
      out.endArray();
      out.endObject();
    };
  }

  /**
   * A {@code LogSpansIngestRequest}: spans, with the spans under them nested, added under one
   * parent of a trace that was ingested before.
   *
   * @param logStreamId the log stream, or null to leave it out
   * @param traceId the trace the spans belong to
   * @param parentId the span (or the trace) the top-level spans are children of
   * @param spans at least one node; none may hold a trace
   */
  public byte[] spansIngest(UUID logStreamId, UUID traceId, UUID parentId, List<SpanNode> spans) {
    return write(spansIngestBody(logStreamId, traceId, parentId, spans));
  }

  /**
   * Writes the {@link #spansIngest} body into {@code out} as UTF-8, and leaves it open.
   *
   * @throws IOException if {@code out} fails
   */
  public void writeSpansIngest(OutputStream out,
      UUID logStreamId, UUID traceId, UUID parentId, List<SpanNode> spans) throws IOException {
    write(out, spansIngestBody(logStreamId, traceId, parentId, spans));
  }

  private BodyContent spansIngestBody(UUID logStreamId, UUID traceId, UUID parentId, List<SpanNode> spans) {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(parentId, "parentId");
    requireNonEmpty(spans, "spans");
    for (SpanNode n : spans) {
      if (n.span().isTrace()) {
        throw new IllegalArgumentException("a trace is ingested with tracesIngest: " + n.span());
      }
    }
    return w -> {
      JsonBytes out = w.out();
      out.startObject();
      envelope(w, logStreamId);
      w.uuidField(TRACE_ID, traceId);
      w.uuidField(PARENT_ID, parentId);
      out.field(SPANS);
      out.startArray();
      for (SpanNode n : spans) {
        w.record(n);
      }
      out.endArray();
      out.endObject();
    };
  }

  /**
   * A {@code LogSpanUpdateRequest} (PATCH) with what a span has at its end: input and output in
   * the shapes its type takes, status code, duration and tags.
   */
  public byte[] spanUpdate(UUID logStreamId, SpanData span) {
    if (span.isTrace()) {
      throw new IllegalArgumentException("a trace is updated with traceUpdate: " + span);
    }
    return write(w -> {
      JsonBytes out = w.out();
      out.startObject();
      envelope(w, logStreamId);
      w.uuidField(SPAN_ID, span.spanId());
      update(w, span);
      out.endObject();
    });
  }

  /**
   * A {@code LogTraceUpdateRequest} (PATCH) with what a trace has at its end, as text.
   *
   * @param isComplete true once every span of the trace has been sent
   */
  public byte[] traceUpdate(UUID logStreamId, SpanData trace, boolean isComplete) {
    if (!trace.isTrace()) {
      throw new IllegalArgumentException("not a trace: " + trace);
    }
    return write(w -> {
      JsonBytes out = w.out();
      out.startObject();
      envelope(w, logStreamId);
      w.uuidField(TRACE_ID, trace.traceId());
      update(w, trace);
      out.field(IS_COMPLETE);
      out.bool(isComplete);
      out.endObject();
    });
  }

  /** A {@code ProjectCreate} for a project of type {@code gen_ai}, the type that holds logs. */
  public byte[] projectCreate(String name) {
    requireName(name);
    return write(w -> {
      JsonBytes out = w.out();
      out.startObject();
      out.field(NAME);
      w.string(name);
      out.field(TYPE);
      out.string("gen_ai");
      out.endObject();
    });
  }

  /** A {@code LogStreamCreateRequest}. */
  public byte[] logStreamCreate(String name) {
    requireName(name);
    return write(w -> {
      JsonBytes out = w.out();
      out.startObject();
      out.field(NAME);
      w.string(name);
      out.endObject();
    });
  }

  /**
   * A {@code SessionCreateRequest}.
   *
   * @param logStreamId the log stream, or null to leave it out
   * @param name the session's name, or null
   * @param externalId the caller's own id for the session, or null
   */
  public byte[] sessionCreate(UUID logStreamId, String name, String externalId) {
    return write(w -> {
      JsonBytes out = w.out();
      out.startObject();
      envelope(w, logStreamId);
      if (name != null) {
        out.field(NAME);
        w.string(name);
      }
      if (externalId != null) {
        out.field(EXTERNAL_ID);
        w.string(externalId);
      }
      out.endObject();
    });
  }

  /**
   * The id of the element named {@code name} in a list such as {@code GET /projects} or
   * {@code GET /projects/{id}/log_streams} answers; null when there is none, or the body is not
   * JSON. Unknown fields are skipped; a paginated object that wraps the list is looked into too.
   */
  public static UUID findIdByName(byte[] json, String name) {
    Objects.requireNonNull(name, "name");
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken top = p.nextToken();
      if (top == JsonToken.START_ARRAY) {
        return findInArray(p, name);
      }
      if (top != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        if (p.nextToken() == JsonToken.START_ARRAY) {
          UUID found = findInArray(p, name);
          if (found != null) {
            return found;
          }
        } else {
          p.skipChildren();
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Unreadable list in a Galileo API answer", e);
      return null;
    }
  }

  /** The {@code id} of the object a create request answered with; null if none or not JSON. */
  /**
   * Whether a span record (the answer to {@code GET .../spans/{id}}) is final: its {@code metrics}
   * carry a {@code duration_ns}, which a span posted open lacks until its update.
   */
  public static boolean isFinishedRecord(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("metrics".equals(field) && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String metric = p.currentName();
            JsonToken v = p.nextToken();
            if ("duration_ns".equals(metric) && v.isNumeric()) {
              return true;
            }
            p.skipChildren();
          }
          return false;
        }
        p.skipChildren();
      }
      return false;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Unreadable span in a Galileo API answer", e);
      return false;
    }
  }

  /** The {@code detail} of an error answer ({@code {"detail": "..."}}), or null. */
  public static String errorDetail(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("detail".equals(field) && value == JsonToken.VALUE_STRING) {
          return p.getText();
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  public static UUID readId(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      return idOf(p, null);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Unreadable object in a Galileo API answer", e);
      return null;
    }
  }

  /** Reads array elements up to the array's end; the id of the first named {@code name}. */
  private static UUID findInArray(JsonParser p, String name) throws IOException {
    UUID found = null;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      UUID id = idOf(p, name);
      if (found == null && id != null) {
        found = id;
      }
    }
    return found;
  }

  /**
   * Reads one object, positioned on its start, to its end: its {@code id}, if its {@code name}
   * equals {@code name} (or {@code name} is null), else null.
   */
  private static UUID idOf(JsonParser p, String name) throws IOException {
    String id = null;
    boolean named = name == null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_STRING && "id".equals(field)) {
        id = p.getText();
      } else if (value == JsonToken.VALUE_STRING && "name".equals(field) && name != null) {
        named |= name.equals(p.getText());
      } else {
        p.skipChildren();
      }
    }
    return named ? Uuids.parse(id) : null;
  }

  private void envelope(RecordWriter w, UUID logStreamId) {
    w.uuidField(LOG_STREAM_ID, logStreamId);
    if (clientVersion != null) {
      w.out().field(CLIENT_VERSION);
      w.out().string(clientVersion);
    }
  }

  /** The fields both PATCH requests share; input and output as the span's type takes them. */
  private static void update(RecordWriter w, SpanData span) {
    JsonBytes out = w.out();
    SpanType type = span.type();
    w.input(type, span.input(), false);
    w.output(type, span.output());
    if (span.statusCode() != null) {
      out.field(STATUS_CODE);
      out.number(span.statusCode());
    }
    if (span.durationNanos() >= 0) {
      out.field(DURATION_NS);
      out.number(span.durationNanos());
    }
    w.tags(span.tags());
  }

  private byte[] write(BodyContent content) {
    RecordWriter w = writeBody(content);
    try {
      return w.out().toByteArray();
    } finally {
      release(w);
    }
  }

  private void write(OutputStream out, BodyContent content) throws IOException {
    RecordWriter w = writeBody(content);
    try {
      w.out().writeTo(out);
    } finally {
      release(w);
    }
  }

  /** Writes a body with the spare writer, or a new one; the caller releases it. */
  private RecordWriter writeBody(BodyContent content) {
    RecordWriter w = spare.getAndSet(null);
    if (w == null) {
      w = new RecordWriter(new JsonBytes(INITIAL_BUFFER), text);
    }
    w.out().reset();
    try {
      content.write(w);
    } catch (RuntimeException | Error e) {
      release(w);
      throw e;
    }
    return w;
  }

  /** Keeps the writer for the next body, unless its buffer grew too large to keep around. */
  private void release(RecordWriter w) {
    if (w.out().capacity() <= MAX_KEPT_BUFFER) {
      spare.set(w);
    }
  }

  private static void requireNonEmpty(List<SpanNode> nodes, String what) {
    if (nodes == null || nodes.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty: the API needs at least one");
    }
  }

  private static void requireName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
  }

  @FunctionalInterface
  private interface BodyContent {
    void write(RecordWriter body);
  }
}
