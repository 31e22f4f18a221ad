package ai.galileo.tracing;

import ai.galileo.tracing.internal.Uuids;
import java.util.UUID;
import java.util.function.Function;

/**
 * The identity of a span that travels between services: the trace's UUID and the span's UUID.
 *
 * <p>In Galileo's model the trace itself is the root node, so a trace's own context has a span id
 * equal to its trace id; a downstream service that receives such a context attaches its spans
 * directly under the trace. Instances are immutable; the canonical string forms are computed once
 * and cached, because every outgoing call and every exported span needs them.
 *
 * @since 0.1.0
 */
public final class SpanContext {
  private static final UUID NIL = new UUID(0L, 0L);

  /** The context of no span: what a no-op span has when there is no parent to carry. */
  public static final SpanContext INVALID = new SpanContext(NIL, NIL, false);

  private final UUID traceId;
  private final UUID spanId;
  private final boolean remote;
  private String traceIdString; // racy single-check caching: the value is always the same
  private String spanIdString;
  private Formatted formatted; // the same racy caching; its fields are final, so safely published

  /** A propagator's header values for this context, and whose they are. */
  private static final class Formatted {
    final Object key;
    final Object value;

    Formatted(Object key, Object value) {
      this.key = key;
      this.value = value;
    }
  }

  private SpanContext(UUID traceId, UUID spanId, boolean remote) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.remote = remote;
  }

  /**
   * A context for a span made in this process.
   *
   * @throws IllegalArgumentException if either id is null or the nil UUID
   */
  public static SpanContext create(UUID traceId, UUID spanId) {
    return new SpanContext(requireValid(traceId, "traceId"), requireValid(spanId, "spanId"), false);
  }

  /**
   * A context received from another service.
   *
   * @throws IllegalArgumentException if either id is null or the nil UUID
   */
  public static SpanContext createRemote(UUID traceId, UUID spanId) {
    return new SpanContext(requireValid(traceId, "traceId"), requireValid(spanId, "spanId"), true);
  }

  /**
   * Parses a remote context from the string forms a propagator read off the wire. Never throws:
   * anything that is not two well-formed, non-nil UUIDs gives {@link #INVALID}. Upper-case hex is
   * accepted; any other deviation from the canonical 8-4-4-4-12 form is not.
   */
  public static SpanContext parseRemote(CharSequence traceId, CharSequence spanId) {
    UUID trace = Uuids.parse(traceId);
    UUID span = Uuids.parse(spanId);
    if (trace == null || span == null || trace.equals(NIL) || span.equals(NIL)) {
      return INVALID;
    }
    return new SpanContext(trace, span, true);
  }

  public UUID traceId() {
    return traceId;
  }

  public UUID spanId() {
    return spanId;
  }

  /** The trace id in canonical lower-case form, as sent in {@code X-Galileo-Trace-ID}. */
  public String traceIdString() {
    String s = traceIdString;
    if (s == null) {
      s = traceId.toString();
      traceIdString = s;
    }
    return s;
  }

  /** The span id in canonical lower-case form, as sent in {@code X-Galileo-Parent-ID}. */
  public String spanIdString() {
    String s = spanIdString;
    if (s == null) {
      s = traceId.equals(spanId) ? traceIdString() : spanId.toString();
      spanIdString = s;
    }
    return s;
  }

  /**
   * For propagators: what {@code format} makes of this context, made on first use and kept with
   * the context, as the id strings are. A span that calls several services, or retries, then
   * formats its headers once. One value is kept, for the first key asked; another key gets a
   * value formatted afresh every time. {@code format} must always give an equal value for the
   * same context and must not keep the context.
   *
   * @param key identifies the format (compared by identity), usually a propagator's constant
   * @param format makes the value from this context
   * @since 0.1.0
   */
  @SuppressWarnings("unchecked")
  public <T> T formatted(Object key, Function<? super SpanContext, ? extends T> format) {
    Formatted f = formatted;
    if (f != null && f.key == key) {
      return (T) f.value;
    }
    T value = format.apply(this);
    if (f == null) {
      formatted = new Formatted(key, value);
    }
    return value;
  }

  /** True unless this is {@link #INVALID}. */
  public boolean isValid() {
    return this != INVALID && !traceId.equals(NIL);
  }

  /** True when this context was received from another process. */
  public boolean isRemote() {
    return remote;
  }

  /** True when this is the context of the trace itself (the root), not of a span under it. */
  public boolean isTraceRoot() {
    return isValid() && traceId.equals(spanId);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SpanContext)) {
      return false;
    }
    SpanContext that = (SpanContext) o;
    return remote == that.remote && traceId.equals(that.traceId) && spanId.equals(that.spanId);
  }

  @Override
  public int hashCode() {
    return (traceId.hashCode() * 31 + spanId.hashCode()) * 31 + (remote ? 1 : 0);
  }

  @Override
  public String toString() {
    if (!isValid()) {
      return "SpanContext{INVALID}";
    }
    return "SpanContext{trace=" + traceIdString() + ", span=" + spanIdString()
        + (remote ? ", remote" : "") + "}";
  }

  private static UUID requireValid(UUID id, String name) {
    if (id == null || id.equals(NIL)) {
      throw new IllegalArgumentException(name + " must be a non-nil UUID, was " + id);
    }
    return id;
  }
}
