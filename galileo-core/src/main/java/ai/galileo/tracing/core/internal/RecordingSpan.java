package ai.galileo.tracing.core.internal;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A span of the real tracer. Setters and {@link #end()} synchronize on the span: uncontended locks
 * are cheap, and a span is usually touched by one thread at a time. What the builder describes is
 * set before the span is published, without locking.
 */
public final class RecordingSpan implements Span {
  /** Metadata key under which every span records the service that made it. */
  public static final String SERVICE_NAME_KEY = "service.name";

  private final TracerState state;
  private final SpanContext context;
  private final SpanType type;
  private final UUID parentId;
  private final boolean remoteParent;
  /** The parent in this process, told of this span's output when it ends; null for a local root. */
  private final RecordingSpan localParent;
  /** A trace started only to hold this span, ended with it; null otherwise. */
  private final boolean endsLocalParent;
  private final UUID sessionId;
  private final TimeAnchor anchor;
  private final long startNanoTime;

  private String name;
  private Content input;
  private Content output;
  private Content redactedInput;
  private Content redactedOutput;
  private Content lastChildOutput;
  /** Starts with {@link #SERVICE_NAME_KEY}; handed to the final snapshot as it is. */
  private final Metadata metadata;
  private List<String> tags;
  private Integer statusCode;
  /** What only LLM spans usually have; null until one is set, which keeps other spans small. */
  private LlmFields llm;
  /** The kind of agent of an AGENT span, or null. */
  private AgentType agentType;
  /** The model's tool call a TOOL span executes, or null. */
  private String toolCallId;
  private long durationOverride = -1;
  private boolean ended;
  /** Posted open because tracing headers under it left the process (distributed mode). */
  private volatile boolean announced;

  /** The next span in the tracer's registry of open spans ({@link OpenSpans}), which owns it. */
  RecordingSpan nextOpen;

  RecordingSpan(
      TracerState state,
      SpanContext context,
      SpanType type,
      String name,
      UUID parentId,
      boolean remoteParent,
      RecordingSpan localParent,
      boolean endsLocalParent,
      UUID sessionId,
      Metadata metadata,
      TimeAnchor anchor,
      long startNanoTime) {
    this.state = state;
    this.context = context;
    this.type = type;
    this.name = name;
    this.parentId = parentId;
    this.remoteParent = remoteParent;
    this.localParent = localParent;
    this.endsLocalParent = endsLocalParent;
    this.sessionId = sessionId;
    this.metadata = metadata;
    this.anchor = anchor;
    this.startNanoTime = startNanoTime;
  }

  /** The start, wall-clock: the anchor was chosen so that it maps the monotonic start exactly. */
  private long startEpochNanos() {
    return anchor.epochNanosAt(startNanoTime);
  }

  private LlmFields llm() {
    if (llm == null) {
      llm = new LlmFields();
    }
    return llm;
  }

  /** The model and token counts of an LLM span, guarded by the span's lock. */
  private static final class LlmFields {
    static final LlmFields NONE = new LlmFields();

    String model;
    Double temperature;
    Long inputTokens;
    Long outputTokens;
    Long totalTokens;
    Long timeToFirstTokenNanos;
    String finishReason;
    /** Unmodifiable and {@linkplain JsonText checked}, replaced whole by {@link #setTools}. */
    List<ToolDefinition> tools;
    /** Appended to, checked, by {@link #addEvent}; copied into snapshots but the last. */
    List<LlmEvent> events;
    Long imageInputTokens;
    Long imageOutputTokens;
    Long audioInputTokens;
    Long audioOutputTokens;
  }

  TracerState state() {
    return state;
  }

  TimeAnchor anchor() {
    return anchor;
  }

  UUID sessionId() {
    return sessionId;
  }

  /**
   * What the builder described: set before the span is published, so without locking. Tags are
   * kept once each, as {@link #addTag} keeps them.
   */
  void describe(Content input, List<String> tags, String model, AgentType agentType,
      String toolCallId) {
    this.input = input;
    this.agentType = agentType;
    this.toolCallId = toolCallId;
    if (model != null) {
      llm().model = model;
    }
    if (tags != null) {
      this.tags = new ArrayList<>(tags.size());
      for (String tag : tags) {
        if (!this.tags.contains(tag)) {
          this.tags.add(tag);
        }
      }
    }
  }

  /** Called by the builder once the span is fully described. */
  void started() {
    if (state.recording()) {
      state.opened(this);
      if (state.startRequired()) {
        SpanData snapshot;
        synchronized (this) {
          snapshot = snapshot(-1, SpanData.State.STARTED, null, false);
        }
        state.started(snapshot);
      }
    }
  }

  @Override
  public SpanContext context() {
    return context;
  }

  /**
   * The trace id's canonical text, as its local root's context keeps it: each span's own context
   * would format it again (a UUID's 36 characters, on every outgoing call's new client span).
   */
  public String traceIdString() {
    RecordingSpan root = this;
    while (root.localParent != null) {
      root = root.localParent;
    }
    return root.context.traceIdString();
  }

  @Override
  public SpanType type() {
    return type;
  }

  @Override
  public synchronized boolean isRecording() {
    return !ended;
  }

  @Override
  public synchronized Span setName(String name) {
    if (!ended && name != null) {
      this.name = name;
    }
    return this;
  }

  @Override
  public synchronized Span setInput(Content input) {
    if (!ended && input != null) {
      this.input = input;
    }
    return this;
  }

  @Override
  public synchronized Span setOutput(Content output) {
    if (!ended && output != null) {
      this.output = output;
    }
    return this;
  }

  @Override
  public synchronized Span setRedactedInput(Content redactedInput) {
    if (!ended && redactedInput != null) {
      this.redactedInput = redactedInput;
    }
    return this;
  }

  @Override
  public synchronized Span setRedactedOutput(Content redactedOutput) {
    if (!ended && redactedOutput != null) {
      this.redactedOutput = redactedOutput;
    }
    return this;
  }

  @Override
  public synchronized Span setMetadata(String key, String value) {
    if (!ended && key != null && value != null) {
      metadata.set(key, value);
    }
    return this;
  }

  @Override
  public synchronized Span addTag(String tag) {
    if (!ended && tag != null) {
      if (tags == null) {
        tags = new ArrayList<>(2);
      }
      if (!tags.contains(tag)) {
        tags.add(tag);
      }
    }
    return this;
  }

  @Override
  public synchronized Span setStatusCode(int statusCode) {
    if (!ended) {
      this.statusCode = boxed(statusCode);
    }
    return this;
  }

  /** Boxes of the HTTP status codes, made once: {@link Integer#valueOf} caches only up to 127. */
  private static final Integer[] HTTP_STATUS_CODES = new Integer[500];

  static {
    for (int i = 0; i < HTTP_STATUS_CODES.length; i++) {
      HTTP_STATUS_CODES[i] = 100 + i;
    }
  }

  private static Integer boxed(int statusCode) {
    return statusCode >= 100 && statusCode < 600
        ? HTTP_STATUS_CODES[statusCode - 100]
        : Integer.valueOf(statusCode);
  }

  @Override
  public synchronized Span setModel(String model) {
    if (!ended && model != null) {
      llm().model = model;
    }
    return this;
  }

  @Override
  public synchronized Span setTemperature(double temperature) {
    if (!ended && Double.isFinite(temperature)) {
      llm().temperature = temperature;
    }
    return this;
  }

  @Override
  public synchronized Span setTokens(long inputTokens, long outputTokens) {
    if (!ended) {
      llm().inputTokens = inputTokens;
      llm().outputTokens = outputTokens;
    }
    return this;
  }

  @Override
  public synchronized Span setTotalTokens(long totalTokens) {
    if (!ended) {
      llm().totalTokens = totalTokens;
    }
    return this;
  }

  @Override
  public synchronized Span setTimeToFirstTokenNanos(long nanos) {
    if (!ended && nanos >= 0) {
      llm().timeToFirstTokenNanos = nanos;
    }
    return this;
  }

  @Override
  public synchronized Span setFinishReason(String finishReason) {
    if (!ended && finishReason != null) {
      llm().finishReason = finishReason;
    }
    return this;
  }

  @Override
  public synchronized Span setTools(List<ToolDefinition> tools) {
    if (!ended && tools != null) {
      // Checked here, once, on the caller's thread: the exporter copies the JSON as it is.
      llm().tools = JsonText.tools(tools);
    }
    return this;
  }

  @Override
  public synchronized Span addEvent(LlmEvent event) {
    if (!ended && event != null) {
      LlmFields f = llm();
      if (f.events == null) {
        f.events = new ArrayList<>(2);
      }
      f.events.add(JsonText.normalizeEvent(event)); // as for tools: checked once, here
    }
    return this;
  }

  @Override
  public synchronized Span setImageTokens(long inputTokens, long outputTokens) {
    if (!ended) {
      llm().imageInputTokens = inputTokens;
      llm().imageOutputTokens = outputTokens;
    }
    return this;
  }

  @Override
  public synchronized Span setAudioTokens(long inputTokens, long outputTokens) {
    if (!ended) {
      llm().audioInputTokens = inputTokens;
      llm().audioOutputTokens = outputTokens;
    }
    return this;
  }

  @Override
  public synchronized Span setAgentType(AgentType agentType) {
    if (!ended && agentType != null) {
      this.agentType = agentType;
    }
    return this;
  }

  @Override
  public synchronized Span setToolCallId(String toolCallId) {
    if (!ended && toolCallId != null) {
      this.toolCallId = toolCallId;
    }
    return this;
  }

  @Override
  public synchronized Span setDurationNanos(long nanos) {
    if (!ended && nanos >= 0) {
      this.durationOverride = nanos;
    }
    return this;
  }

  @Override
  public synchronized Span recordError(Throwable error) {
    if (!ended && error != null) {
      applyError(error);
    }
    return this;
  }

  /** What {@link #recordError} records; the caller holds the lock and checked the span is open. */
  private void applyError(Throwable error) {
    metadata.set("error.type", error.getClass().getName());
    String message = error.getMessage();
    if (message != null) {
      metadata.set("error.message", message);
    }
    if (statusCode == null) {
      statusCode = 500;
    }
  }

  @Override
  public void end() {
    finish(System.nanoTime() - startNanoTime, 0, null);
  }

  /**
   * Ends the span as a call's span ends: with the status code, if one was sent (above 0), and the
   * failure, if any, set under the same lock as the end, not one lock each.
   */
  public void end(int statusCode, Throwable error) {
    finish(System.nanoTime() - startNanoTime, statusCode, error);
  }

  @Override
  public void end(Instant endTime) {
    if (endTime == null) {
      end();
    } else {
      finish(Math.max(0, TimeAnchor.toEpochNanos(endTime) - startEpochNanos()), 0, null);
    }
  }

  private void finish(long measuredDuration, int statusCode, Throwable error) {
    SpanData snapshot;
    Content finalOutput;
    Integer finalStatus;
    synchronized (this) {
      if (ended) {
        return;
      }
      if (statusCode > 0) {
        this.statusCode = boxed(statusCode);
      }
      if (error != null) {
        applyError(error);
      }
      ended = true;
      if (output == null) {
        output = lastChildOutput; // Galileo's rule: no output of its own means its last child's
      }
      finalOutput = output;
      finalStatus = statusCode;
      long duration = durationOverride >= 0 ? durationOverride : measuredDuration;
      snapshot = state.recording() ? snapshot(duration, SpanData.State.ENDED, finalOutput, true) : null;
    }
    if (snapshot != null) {
      state.ended(snapshot);
    }
    if (localParent != null && finalOutput != null) {
      localParent.childEnded(finalOutput);
    }
    if (endsLocalParent) {
      // The trace exists only to hold this span: it reports the same outcome (a server's 200).
      if (finalStatus != null) {
        localParent.setStatusCode(finalStatus);
      }
      localParent.end();
    }
  }

  /**
   * The tracing headers of this span are leaving the process (distributed mode): another service
   * may attach spans under it. Its trace, if it started here, is posted open, so the other
   * service's spans join an open trace. With {@code GALILEO_INGEST_PARENTS_FIRST} this span and
   * every local ancestor are posted open too, root first, and the caller waits until they are in
   * the backend. Cheap when already done.
   */
  public void leavingProcess() {
    if (!state.announcing()) {
      return;
    }
    if (!state.ingestParentsFirst()) {
      RecordingSpan root = this;
      while (root.localParent != null) {
        root = root.localParent;
      }
      if (root.type == SpanType.TRACE && !root.announced) {
        root.announce();
      }
      return;
    }
    int depth = 0;
    for (RecordingSpan s = this; s != null; s = s.localParent) {
      depth++;
    }
    RecordingSpan[] chain = new RecordingSpan[depth];
    for (RecordingSpan s = this; s != null; s = s.localParent) {
      chain[--depth] = s;
    }
    boolean queued = false;
    for (RecordingSpan s : chain) {
      queued |= s.announce();
    }
    if (queued) {
      state.awaitAnnounced(context().traceId());
    }
  }

  /** Queues this span's start snapshot, once, while it is open; false if nothing was queued. */
  private synchronized boolean announce() {
    // LLM spans are posted when they end: an update cannot carry their model and token counts.
    if (announced || ended || type == SpanType.LLM) {
      return false;
    }
    announced = true;
    // Queued under the lock, so the final snapshot cannot overtake the start one.
    state.announced(snapshot(-1, SpanData.State.STARTED, null, false));
    return true;
  }

  /**
   * An outgoing call under this span is starting: its local root's final request waits for it
   * (distributed mode). Null when nothing waits: batch mode, or the root has already ended.
   */
  public Downstream.Call downstreamCall() {
    Downstream downstream = state.downstream();
    if (downstream == null) {
      return null;
    }
    RecordingSpan root = this;
    while (root.localParent != null) {
      root = root.localParent;
    }
    if (root.endedUnsynchronized()) {
      return null; // too late to hold it; what the call brings arrives after the root's end
    }
    return downstream.joined(root).call();
  }

  /**
   * Whether the span has ended, read without the lock: another thread's {@link #end()} may not be
   * seen yet. Enough for {@link OpenSpans} to forget spans, which it does only when this says so.
   */
  boolean endedUnsynchronized() {
    return ended;
  }

  private synchronized void childEnded(Content childOutput) {
    if (!ended) {
      lastChildOutput = childOutput;
    }
  }

  /** A snapshot for a span still open when the tracer shuts down; null if it has ended since. */
  public synchronized SpanData unfinishedSnapshot() {
    if (ended) {
      return null;
    }
    return snapshot(System.nanoTime() - startNanoTime, SpanData.State.UNFINISHED,
        output == null ? lastChildOutput : output, false);
  }

  /**
   * @param last true for the final snapshot of an ended span: nothing changes the span after it,
   *     so the snapshot takes its metadata and tags as they are instead of copies
   */
  private SpanData snapshot(long durationNanos, SpanData.State snapshotState, Content out, boolean last) {
    SpanData.LlmData llm = null;
    LlmFields f = this.llm == null ? LlmFields.NONE : this.llm;
    if (type == SpanType.LLM || f.model != null || f.inputTokens != null) {
      Long total = f.totalTokens;
      if (total == null && f.inputTokens != null && f.outputTokens != null) {
        total = f.inputTokens + f.outputTokens;
      }
      List<LlmEvent> events = f.events == null ? null
          : JsonText.checkedEvents(last ? f.events : List.copyOf(f.events));
      llm = new SpanData.LlmData(f.model, f.temperature, f.inputTokens, f.outputTokens, total,
          f.timeToFirstTokenNanos, f.finishReason, f.tools, events, f.imageInputTokens,
          f.imageOutputTokens, f.audioInputTokens, f.audioOutputTokens);
    }
    return new SpanData(
        type,
        name,
        context.traceId(),
        context.spanId(),
        parentId,
        remoteParent,
        sessionId,
        input,
        out,
        last ? metadata : metadata.copy(),
        tags == null ? List.of() : last ? Collections.unmodifiableList(tags) : List.copyOf(tags),
        statusCode,
        startEpochNanos(),
        durationNanos,
        snapshotState,
        llm,
        agentType,
        toolCallId,
        redactedInput,
        redactedOutput);
  }

  @Override
  public String toString() {
    return "RecordingSpan{" + type.wireName() + " '" + name + "', " + context + "}";
  }
}
