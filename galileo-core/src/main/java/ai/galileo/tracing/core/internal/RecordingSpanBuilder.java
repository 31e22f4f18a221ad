package ai.galileo.tracing.core.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.SpanType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds {@link RecordingSpan}s: picks the parent, the ids and the time base. */
public final class RecordingSpanBuilder implements SpanBuilder {
  private final TracerState state;
  private final SpanType type;
  private String name;
  private Context parent;
  private Content input;
  private Map<String, String> metadata;
  private List<String> tags;
  private UUID sessionId;
  private String model;
  private Instant startTimestamp;

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
        metadata = new LinkedHashMap<>(4);
      }
      metadata.put(key, value);
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
  public SpanBuilder setStartTimestamp(Instant start) {
    this.startTimestamp = start;
    return this;
  }

  @Override
  public Span start() {
    if (type == SpanType.TRACE) {
      return startTrace();
    }
    Span parentSpan = (parent == null ? Context.current() : parent).span();
    SpanContext parentContext = parentSpan.context();
    if (!parentContext.isValid()) {
      // No parent anywhere: the span gets a trace of its own, which ends when the span ends.
      RecordingSpan trace = newTrace();
      return startChild(trace.context(), trace, trace);
    }
    RecordingSpan localParent =
        parentSpan instanceof RecordingSpan && ((RecordingSpan) parentSpan).state() == state
            ? (RecordingSpan) parentSpan
            : null;
    return startChild(parentContext, localParent, null);
  }

  private Span startTrace() {
    return newTrace();
  }

  private RecordingSpan newTrace() {
    UUID traceId = Ids.randomUuid();
    TimeAnchor anchor = TimeAnchor.now();
    long nanoTime = System.nanoTime();
    long epochNanos = startEpochNanos(anchor, nanoTime);
    RecordingSpan trace = new RecordingSpan(
        state,
        SpanContext.create(traceId, traceId),
        SpanType.TRACE,
        name,
        null,
        false,
        null,
        null,
        sessionId,
        anchor,
        startNanoTime(anchor, nanoTime, epochNanos),
        epochNanos);
    describe(trace, false);
    trace.started();
    return trace;
  }

  private Span startChild(SpanContext parentContext, RecordingSpan localParent, RecordingSpan implicitTrace) {
    TimeAnchor anchor = localParent != null ? localParent.anchor() : TimeAnchor.now();
    long nanoTime = System.nanoTime();
    long epochNanos = startEpochNanos(anchor, nanoTime);
    RecordingSpan span = new RecordingSpan(
        state,
        SpanContext.create(parentContext.traceId(), Ids.randomUuid()),
        type,
        name,
        parentContext.spanId(),
        localParent == null,
        localParent,
        implicitTrace,
        localParent != null ? localParent.sessionId() : sessionId,
        anchor,
        startNanoTime(anchor, nanoTime, epochNanos),
        epochNanos);
    describe(span, true);
    span.started();
    return span;
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

  private void describe(RecordingSpan span, boolean withModel) {
    if (input != null) {
      span.setInput(input);
    }
    if (metadata != null) {
      span.putAllMetadata(metadata);
    }
    if (tags != null) {
      for (String tag : tags) {
        span.addTag(tag);
      }
    }
    if (withModel && model != null) {
      span.setModel(model);
    }
  }
}
