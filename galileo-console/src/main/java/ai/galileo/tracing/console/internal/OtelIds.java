package ai.galileo.tracing.console.internal;

import java.util.UUID;

/**
 * How OpenTelemetry's 128-bit trace ids and 64-bit span ids map onto Galileo's UUIDs: the same
 * mapping as galileo-core's {@code internal/W3CIds} (copied, because the console does not depend
 * on the SDK; {@code OtelIdsTest} checks the two agree).
 *
 * <ul>
 *   <li>a trace id shaped like a v4 UUID is that UUID; any other gets the v4 version and variant
 *       bits;
 *   <li>the span id that stands for a Galileo span (or trace) UUID is its low 64 bits, or its
 *       high 64 bits when the low ones are zero;
 *   <li>a span id with no Galileo UUID known becomes a v4 UUID with its 16 hex digits in the
 *       first 16 free hex digits, the same UUID every time.
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

  static UUID uuidForSpanId(long spanId) {
    long high = (spanId & 0xffff_ffff_ffff_0000L) | VERSION_4 | ((spanId >>> 4) & 0x0fffL);
    long low = VARIANT_RFC | ((spanId & 0xfL) << 56);
    return new UUID(high, low);
  }
}
