package ai.galileo.tracing.opentelemetry.internal;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.ToolDefinition;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A non-recording OpenTelemetry span that stands for a Galileo span, as OpenTelemetry's current
 * span while that Galileo span is current: OpenTelemetry's spans started then nest under it.
 * Recording through it does nothing (the Galileo span is recorded by Galileo), but for the
 * attributes that name what Galileo's agent views read, which code enriching OpenTelemetry's
 * current span may set: they go to the Galileo span's own setters ({@link #setAttribute}). It
 * keeps the Galileo span, so that a Galileo span started where OpenTelemetry's context carried
 * this one (another thread, say) nests under the very same span.
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

  /**
   * Sets on the Galileo span what these attributes say, read as the bridge reads an OpenTelemetry
   * span: {@code gen_ai.response.finish_reasons} (its first) or {@code llm.finish_reason}, {@code
   * gen_ai.tool.definitions}, {@code gen_ai.tool.call.id} or {@code tool.id}, and {@code
   * galileo.agent.type}. Any other attribute, or a value that cannot be read, is ignored.
   */
  @Override
  public <T> Span setAttribute(AttributeKey<T> key, T value) {
    if (key == null || value == null) {
      return this;
    }
    try {
      switch (key.getKey()) {
        case "gen_ai.response.finish_reasons", "llm.finish_reason" -> {
          Object first = value instanceof List<?> list ? (list.isEmpty() ? null : list.get(0)) : value;
          if (first instanceof String reason) {
            galileo.setFinishReason(reason);
          }
        }
        case "gen_ai.tool.definitions" -> {
          List<ToolDefinition> tools = value instanceof String json ? ToolDefinitions.parseArray(json) : null;
          if (tools != null) {
            galileo.setTools(tools);
          }
        }
        case "gen_ai.tool.call.id", "tool.id" -> {
          if (value instanceof String id) {
            galileo.setToolCallId(id);
          }
        }
        case "galileo.agent.type" -> {
          AgentType type = value instanceof String name ? AgentType.fromWireName(name) : null;
          if (type != null && type.wireName().equalsIgnoreCase(((String) value).trim())) {
            galileo.setAgentType(type);
          }
        }
        default -> { } // recorded by Galileo, not through OpenTelemetry
      }
    } catch (RuntimeException e) {
      // a Galileo span never throws for bad values; nothing here may reach the caller either
    }
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
