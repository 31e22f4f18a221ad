package ai.galileo.tracing.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.SpanType;
import java.time.Instant;

/**
 * A span that records nothing and only carries an identity: a remote parent, or what the no-op
 * tracer hands out so that propagation still works in code compiled only against the api.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class PropagatedSpan implements Span {
  public static final PropagatedSpan INVALID = new PropagatedSpan(SpanContext.INVALID);

  private final SpanContext context;

  public PropagatedSpan(SpanContext context) {
    this.context = context;
  }

  @Override
  public SpanContext context() {
    return context;
  }

  @Override
  public SpanType type() {
    return context.isTraceRoot() ? SpanType.TRACE : SpanType.WORKFLOW;
  }

  @Override
  public boolean isRecording() {
    return false;
  }

  @Override
  public Span setName(String name) {
    return this;
  }

  @Override
  public Span setInput(Content input) {
    return this;
  }

  @Override
  public Span setOutput(Content output) {
    return this;
  }

  @Override
  public Span setMetadata(String key, String value) {
    return this;
  }

  @Override
  public Span addTag(String tag) {
    return this;
  }

  @Override
  public Span setStatusCode(int statusCode) {
    return this;
  }

  @Override
  public Span setModel(String model) {
    return this;
  }

  @Override
  public Span setTemperature(double temperature) {
    return this;
  }

  @Override
  public Span setTokens(long inputTokens, long outputTokens) {
    return this;
  }

  @Override
  public Span setTotalTokens(long totalTokens) {
    return this;
  }

  @Override
  public Span setTimeToFirstTokenNanos(long nanos) {
    return this;
  }

  @Override
  public Span setDurationNanos(long nanos) {
    return this;
  }

  @Override
  public Span recordError(Throwable error) {
    return this;
  }

  @Override
  public void end() {}

  @Override
  public void end(Instant endTime) {}

  @Override
  public String toString() {
    return "PropagatedSpan{" + context + "}";
  }
}
