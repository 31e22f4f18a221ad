package ai.galileo.tracing.opentelemetry.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.TimeUnit;

/**
 * A non-recording OpenTelemetry span that stands for a Galileo span, as OpenTelemetry's current
 * span while that Galileo span is current: OpenTelemetry's spans started then nest under it.
 * Recording through it does nothing (the Galileo span is recorded by Galileo); it keeps the Galileo
 * span, so that a Galileo span started where OpenTelemetry's context carried this one (another
 * thread, say) nests under the very same span.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class GalileoBackedSpan implements Span {
  private final ai.galileo.tracing.Span galileo;
  private final SpanContext context;

  public GalileoBackedSpan(ai.galileo.tracing.Span galileo) {
    this.galileo = galileo;
    this.context = OtelIds.toOtel(galileo.context());
  }

  /** The Galileo span this one stands for. */
  public ai.galileo.tracing.Span galileoSpan() {
    return galileo;
  }

  @Override
  public <T> Span setAttribute(AttributeKey<T> key, T value) {
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes) {
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
    return this;
  }

  @Override
  public Span setStatus(StatusCode statusCode, String description) {
    return this;
  }

  @Override
  public Span recordException(Throwable exception, Attributes additionalAttributes) {
    return this;
  }

  @Override
  public Span updateName(String name) {
    return this;
  }

  @Override
  public void end() {}

  @Override
  public void end(long timestamp, TimeUnit unit) {}

  @Override
  public SpanContext getSpanContext() {
    return context;
  }

  @Override
  public boolean isRecording() {
    return false;
  }

  @Override
  public String toString() {
    return "GalileoBackedSpan{" + galileo.context() + "}";
  }
}
