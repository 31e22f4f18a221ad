package ai.galileo.tracing.core.internal;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.internal.ThreadLocalContextStorage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds {@link RecordingSpan}s: picks the parent, the ids and the time base. */
public final class RecordingSpanBuilder implements SpanBuilder {
  private final TracerState state;
  private final SpanType type;
  private String name;
  private Context parent;
  private Content input;
  /** Begins with the service name, as every span's metadata does; null until an entry is set. */
  private Metadata metadata;
  /** True once a started span owns {@link #metadata}: a later change must not reach it. */
  private boolean metadataTaken;
  private List<String> tags;
  private UUID sessionId;
  private String model;
  private Instant startTimestamp;
  private AgentType agentType;
  private String toolCallId;

  public RecordingSpanBuilder(TracerState state, String name, SpanType type) {
    this.state = state;
    this.name = name == null ? "" : name;
    this.type = type == null ? SpanType.WORKFLOW : type;
  }

  @Override
  public SpanBuilder setParent(Context parent) {
    this.parent = parent;
    return this;
  }

  @Override
  public SpanBuilder setInput(Content input) {
    this.input = input;
    return this;
  }

  @Override
  public SpanBuilder setMetadata(String key, String value) {
    if (key != null && value != null) {
      if (metadata == null) {
        metadata = newMetadata();
      } else if (metadataTaken) {
        metadata = metadata.copy();
        metadataTaken = false;
      }
      metadata.set(key, value);
    }
    return this;
  }

  @Override
  public SpanBuilder addTag(String tag) {
    if (tag != null) {
      if (tags == null) {
        tags = new ArrayList<>(2);
      }
      tags.add(tag);
    }
    return this;
  }

  @Override
  public SpanBuilder setSessionId(UUID sessionId) {
    this.sessionId = sessionId;
    return this;
  }

  @Override
  public SpanBuilder setModel(String model) {
    this.model = model;
    return this;
  }

  @Override
  public SpanBuilder setAgentType(AgentType agentType) {
    this.agentType = agentType;
    return this;
  }

  @Override
  public SpanBuilder setToolCallId(String toolCallId) {
    this.toolCallId = toolCallId;
    return this;
  }

  @Override
  public SpanBuilder setStartTimestamp(Instant start) {
    this.startTimestamp = start;
    return this;
  }

  @Override
  public Span start() {
    if (type == SpanType.TRACE) {
      return startTrace();
    }
    Span parentSpan;
    boolean resolved = false;
    if (parent == null) {
      Span current = ThreadLocalContextStorage.currentSpan();
      parentSpan = ImplicitParent.resolve(current);
      resolved = parentSpan != current;
    } else {
      parentSpan = parent.span();
    }
    SpanContext parentContext = parentSpan.context();
    if (!parentContext.isValid()) {
      // No parent anywhere: the span gets a trace of its own, which ends when the span ends.
      RecordingSpan trace = newTrace();
      return startChild(trace.context(), trace, true, false);
    }
    RecordingSpan localParent =
        parentSpan instanceof RecordingSpan && ((RecordingSpan) parentSpan).state() == state
            ? (RecordingSpan) parentSpan
            : null;
    // A parent from the implicit-parent resolver that is not remote was made in this process
    // (an OpenTelemetry span): the span is sent once that parent is, like a Galileo child.
    boolean remoteParent = localParent == null && !(resolved && !parentContext.isRemote());
    return startChild(parentContext, localParent, false, remoteParent);
  }

  private Span startTrace() {
    return newTrace();
  }

  private RecordingSpan newTrace() {
    UUID traceId = Ids.randomUuid();
    long nanoTime = System.nanoTime();
    TimeAnchor anchor = TimeAnchor.recent(nanoTime);
    long epochNanos = startEpochNanos(anchor, nanoTime);
    RecordingSpan trace = new RecordingSpan(
        state,
        SpanContext.create(traceId, traceId),
        SpanType.TRACE,
        name,
        null,
        false,
        null,
        false,
        sessionId,
        takeMetadata(),
        anchor,
        startNanoTime(anchor, nanoTime, epochNanos));
    trace.describe(input, tags, null, null, null);
    trace.started();
    return trace;
  }

  /**
   * @param endsLocalParent true when the parent is a trace started only to hold this span
   * @param remoteParent true when the parent was not made in this process
   */
  private Span startChild(SpanContext parentContext, RecordingSpan localParent, boolean endsLocalParent,
      boolean remoteParent) {
    long nanoTime = System.nanoTime();
    TimeAnchor anchor = localParent != null ? localParent.anchor() : TimeAnchor.recent(nanoTime);
    long epochNanos = startEpochNanos(anchor, nanoTime);
    RecordingSpan span = new RecordingSpan(
        state,
        SpanContext.create(parentContext.traceId(), Ids.spanUuid(parentContext.traceId())),
        type,
        name,
        parentContext.spanId(),
        remoteParent,
        localParent,
        endsLocalParent,
        localParent != null ? localParent.sessionId() : sessionId,
        takeMetadata(),
        anchor,
        startNanoTime(anchor, nanoTime, epochNanos));
    span.describe(input, tags, model, agentType, toolCallId);
    span.started();
    return span;
  }

  private Metadata newMetadata() {
    Metadata m = new Metadata(4);
    m.set(RecordingSpan.SERVICE_NAME_KEY, state.serviceName());
    return m;
  }

  /** The metadata for a span about to start, which owns it from then on. */
  private Metadata takeMetadata() {
    if (metadata == null) {
      return newMetadata();
    }
    if (metadataTaken) {
      return metadata.copy(); // a second start() from the same builder
    }
    metadataTaken = true;
    return metadata;
  }

  private long startEpochNanos(TimeAnchor anchor, long nanoTime) {
    return startTimestamp != null
        ? TimeAnchor.toEpochNanos(startTimestamp)
        : anchor.epochNanosAt(nanoTime);
  }

  /** The monotonic reading of the start, moved back when an earlier start time was given. */
  private static long startNanoTime(TimeAnchor anchor, long nanoTime, long epochNanos) {
    return nanoTime - (anchor.epochNanosAt(nanoTime) - epochNanos);
  }

}
