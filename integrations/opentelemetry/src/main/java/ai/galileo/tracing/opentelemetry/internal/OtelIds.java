package ai.galileo.tracing.opentelemetry.internal;

import ai.galileo.tracing.core.internal.Hex;
import ai.galileo.tracing.core.internal.W3CIds;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.UUID;

/**
 * OpenTelemetry's ids and Galileo's UUIDs, one for the other, by galileo-core's {@link W3CIds}
 * (the mapping the W3C propagator, the OTLP exporter and the console intake share): the trace id
 * is the trace UUID's 128 bits; a Galileo span's OpenTelemetry span id is {@link
 * W3CIds#parentIdOf}; an OpenTelemetry span's Galileo UUID is {@link W3CIds#spanUuid} of its
 * trace and span id (so a Galileo span seen through OpenTelemetry maps back to itself). A
 * span context standing for a Galileo span whose UUID that does not give (the trace itself) also
 * carries the full UUID as the {@code galileo} tracestate member, as the W3C propagator sends it,
 * so the exact UUID is known again wherever that context goes (children inherit tracestate: the member is trusted only while its
 * parent-id agrees with the span id, as the propagator does).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class OtelIds {
  /** Galileo's tracestate key, as {@code W3CTraceContextPropagator.GALILEO_KEY}. */
  public static final String GALILEO_KEY = "galileo";

  private OtelIds() {}

  /** The OpenTelemetry context standing for a Galileo span (or trace) made in this process. */
  public static SpanContext toOtel(ai.galileo.tracing.SpanContext galileo) {
    String traceId = Hex.of(galileo.traceId());
    String spanId = Hex.of(W3CIds.parentIdOf(galileo.spanId()));
    // As the W3C propagator: the member only for a UUID the ids do not name by themselves.
    TraceState state = W3CIds.isDerivable(galileo.traceId(), galileo.spanId())
        ? TraceState.getDefault()
        : TraceState.builder().put(GALILEO_KEY, Hex.of(galileo.spanId())).build();
    return galileo.isRemote()
        ? SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.getSampled(), state)
        : SpanContext.create(traceId, spanId, TraceFlags.getSampled(), state);
  }

  /**
   * The Galileo trace UUID of an OpenTelemetry trace id: its bits when they are v4-shaped (as
   * {@code GalileoIdGenerator} makes them, or when the trace began in Galileo), otherwise the bits
   * with the six version and variant bits overwritten ({@link W3CIds#asV4}).
   */
  public static UUID traceUuid(SpanContext context) {
    String hex = context.getTraceId();
    long high = Hex.parseLong(hex, 0);
    long low = Hex.parseLong(hex, 16);
    return W3CIds.isV4(high, low) ? new UUID(high, low) : W3CIds.asV4(high, low);
  }

  /** The 64 bits of an OpenTelemetry span id. */
  public static long spanIdBits(SpanContext context) {
    return Hex.parseLong(context.getSpanId(), 0);
  }

  /**
   * The Galileo UUID of the span an OpenTelemetry context stands for: the full UUID of its {@code
   * galileo} tracestate member when that agrees with the span id, else the UUID derived from the
   * trace and the span id. A member equal to the trace id as it came (not v4) means the trace itself.
   */
  public static UUID spanUuid(SpanContext context, UUID traceUuid) {
    long spanId = spanIdBits(context);
    String member = context.getTraceState().get(GALILEO_KEY);
    UUID full = member == null ? null : Hex.parseUuid(member);
    if (full != null && W3CIds.parentIdOf(full) == spanId) {
      return full.getMostSignificantBits() == traceUuid.getMostSignificantBits()
          || !full.equals(new UUID(Hex.parseLong(context.getTraceId(), 0),
              Hex.parseLong(context.getTraceId(), 16)))
          ? full
          : traceUuid; // the trace itself, whose id was coerced to v4
    }
    return W3CIds.spanUuid(traceUuid, spanId);
  }
}
