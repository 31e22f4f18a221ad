package ai.galileo.tracing.console.internal;

import java.util.UUID;

/**
 * How OpenTelemetry's 128-bit trace ids and 64-bit span ids map onto Galileo's UUIDs: the same
 * mapping as galileo-core's {@code internal/W3CIds} (copied, because the console does not depend
 * on the SDK; {@code OtlpIntakeTest} checks the two agree).
 *
 * <ul>
 *   <li>a trace id shaped like a v4 UUID is that UUID; any other gets the v4 version and variant
 *       bits;
 *   <li>the span id that stands for a Galileo span (or trace) UUID is its low 64 bits, or its
 *       high 64 bits when the low ones are zero;
 *   <li>a span id with no Galileo UUID known: one whose top two bits are {@code 10} (as every
 *       span id of a span the SDK made) becomes the UUID with the span id as its low 64 bits and
 *       a hash of the trace id and the span id as its high 64 (so a span of the SDK maps to its own
 *       UUID); any other becomes a v4 UUID with its 16 hex digits in the first 16 free hex digits.
 *       Either is the same UUID every time.
 * </ul>
 */
final class OtelIds {
  private static final long VERSION_MASK = 0xf000L;
  private static final long VERSION_4 = 0x4000L;
  private static final long VARIANT_MASK = 0xc000_0000_0000_0000L;
  private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;

  private OtelIds() {}

  static UUID traceUuid(long high, long low) {
    boolean v4 = (high & VERSION_MASK) == VERSION_4 && (low & VARIANT_MASK) == VARIANT_RFC;
    return v4 ? new UUID(high, low)
        : new UUID((high & ~VERSION_MASK) | VERSION_4, (low & ~VARIANT_MASK) | VARIANT_RFC);
  }

  static long spanIdOf(UUID id) {
    long low = id.getLeastSignificantBits();
    return low != 0 ? low : id.getMostSignificantBits();
  }

  static UUID uuidForSpanId(UUID traceId, long spanId) {
    if ((spanId & VARIANT_MASK) == VARIANT_RFC) {
      long th = traceId.getMostSignificantBits() & ~VERSION_MASK;
      long tl = traceId.getLeastSignificantBits() & ~VARIANT_MASK;
      long h = mix(th ^ mix(tl ^ spanId));
      return new UUID((h & ~VERSION_MASK) | VERSION_4, spanId);
    }
    long high = (spanId & 0xffff_ffff_ffff_0000L) | VERSION_4 | ((spanId >>> 4) & 0x0fffL);
    long low = VARIANT_RFC | ((spanId & 0xfL) << 56);
    return new UUID(high, low);
  }

  /** SplitMix64's finalizer, as {@code W3CIds} mixes. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
