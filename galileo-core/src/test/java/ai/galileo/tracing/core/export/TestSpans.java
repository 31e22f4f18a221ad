package ai.galileo.tracing.core.export;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.Ids;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds {@link SpanData} snapshots for tests, with sensible values for what a test leaves out. */
public final class TestSpans {
  /** 2026-07-07T15:55:01.074308123Z: the nanoseconds beyond the micros must not show. */
  public static final long START = 1_783_439_701_074_308_123L;

  private SpanType type;
  private String name;
  private UUID traceId;
  private UUID spanId;
  private UUID parentId;
  private UUID sessionId;
  private Content input;
  private Content output;
  private Map<String, String> metadata = new LinkedHashMap<>(Map.of("service.name", "test"));
  private List<String> tags = List.of();
  private Integer statusCode;
  private long start = START;
  private long duration = 1_500_000L;
  private SpanData.State state = SpanData.State.ENDED;
  private SpanData.LlmData llm;
  private AgentType agentType;
  private String toolCallId;

  private TestSpans(SpanType type, String name) {
    this.type = type;
    this.name = name;
  }

  /** A trace with a fresh id. */
  public static TestSpans trace(String name) {
    TestSpans t = new TestSpans(SpanType.TRACE, name);
    t.traceId = Ids.randomUuid();
    t.spanId = t.traceId;
    return t;
  }

  /** A span of the given type directly under {@code parent}, in the parent's trace. */
  public static TestSpans span(SpanType type, String name, SpanData parent) {
    return span(type, name, parent.traceId(), parent.spanId());
  }

  /** A span of the given type with a fresh id. */
  public static TestSpans span(SpanType type, String name, UUID traceId, UUID parentId) {
    TestSpans t = new TestSpans(type, name);
    t.traceId = traceId;
    t.parentId = parentId;
    t.spanId = Ids.randomUuid();
    return t;
  }

  public TestSpans id(UUID id) {
    spanId = id;
    if (type == SpanType.TRACE) {
      traceId = id;
    }
    return this;
  }

  public TestSpans input(Content c) {
    input = c;
    return this;
  }

  public TestSpans input(String text) {
    return input(Content.text(text));
  }

  public TestSpans output(Content c) {
    output = c;
    return this;
  }

  public TestSpans output(String text) {
    return output(Content.text(text));
  }

  public TestSpans session(UUID id) {
    sessionId = id;
    return this;
  }

  public TestSpans metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  public TestSpans tags(String... values) {
    tags = List.of(values);
    return this;
  }

  public TestSpans status(Integer code) {
    statusCode = code;
    return this;
  }

  public TestSpans start(long epochNanos) {
    start = epochNanos;
    return this;
  }

  public TestSpans duration(long nanos) {
    duration = nanos;
    return this;
  }

  /** The snapshot taken at start: no output, no duration. */
  public TestSpans started() {
    state = SpanData.State.STARTED;
    output = null;
    duration = -1;
    return this;
  }

  public TestSpans unfinished() {
    state = SpanData.State.UNFINISHED;
    return this;
  }

  public TestSpans llm(SpanData.LlmData data) {
    llm = data;
    return this;
  }

  public TestSpans agentType(AgentType value) {
    agentType = value;
    return this;
  }

  public TestSpans toolCallId(String value) {
    toolCallId = value;
    return this;
  }

  public SpanData build() {
    return new SpanData(type, name, traceId, spanId, parentId, false, sessionId, input, output,
        Map.copyOf(metadata), tags, statusCode, start, duration, state, llm, agentType, toolCallId);
  }
}
