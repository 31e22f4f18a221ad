package ai.galileo.tracing.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import java.time.Instant;
import java.util.UUID;

/**
 * The tracer when no implementation is installed. It records nothing, but a span started under a
 * remote parent carries that parent's identity, so a library compiled only against the api still
 * passes the trace on to the services it calls.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class NoopTracer implements Tracer {
  public static final NoopTracer INSTANCE = new NoopTracer();

  private NoopTracer() {}

  @Override
  public SpanBuilder traceBuilder(String name) {
    return new NoopSpanBuilder(true);
  }

  @Override
  public SpanBuilder spanBuilder(String name, SpanType type) {
    return new NoopSpanBuilder(false);
  }

  @Override
  public Propagator propagator() {
    return Propagator.noop();
  }

  private static final class NoopSpanBuilder implements SpanBuilder {
    private final boolean root;
    private Context parent;

    NoopSpanBuilder(boolean root) {
      this.root = root;
    }

    @Override
    public SpanBuilder setParent(Context parent) {
      this.parent = parent;
      return this;
    }

    @Override
    public SpanBuilder setInput(Content input) {
      return this;
    }

    @Override
    public SpanBuilder setMetadata(String key, String value) {
      return this;
    }

    @Override
    public SpanBuilder addTag(String tag) {
      return this;
    }

    @Override
    public SpanBuilder setSessionId(UUID sessionId) {
      return this;
    }

    @Override
    public SpanBuilder setModel(String model) {
      return this;
    }

    @Override
    public SpanBuilder setStartTimestamp(Instant start) {
      return this;
    }

    @Override
    public Span start() {
      if (root) {
        return Span.invalid();
      }
      Span parentSpan = parent == null ? ThreadLocalContextStorage.currentSpan() : parent.span();
      // The parent itself is returned when it records nothing: no allocation, same identity.
      return parentSpan instanceof PropagatedSpan ? parentSpan : Span.wrap(parentSpan.context());
    }
  }
}
