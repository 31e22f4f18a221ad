package ai.galileo.tracing.core.internal;

import java.util.UUID;

/**
 * How Galileo's UUIDs map onto W3C's 128-bit trace-id and 64-bit parent-id, and back.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class W3CIds {
  private static final long VERSION_MASK = 0xf000L;
  private static final long VERSION_4 = 0x4000L;
  private static final long VARIANT_MASK = 0xc000_0000_0000_0000L;
  private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;

  private W3CIds() {}

  /** True if the 128 bits have the version (4) and variant (10) bits of a random UUID. */
  public static boolean isV4(long high, long low) {
    return (high & VERSION_MASK) == VERSION_4 && (low & VARIANT_MASK) == VARIANT_RFC;
  }

  /**
   * The 128 bits as a version 4 UUID, overwriting the six version and variant bits. Galileo only
   * accepts v4 ids, and a trace-id made by OpenTelemetry is 128 random bits.
   */
  public static UUID asV4(long high, long low) {
    return new UUID(
        (high & ~VERSION_MASK) | VERSION_4, (low & ~VARIANT_MASK) | VARIANT_RFC);
  }

  /**
   * The W3C parent-id that stands for a span UUID: its low 64 bits, or its high 64 bits when the
   * low ones are all zero (the parent-id may not be zero). The full UUID travels in tracestate.
   */
  public static long parentIdOf(UUID spanId) {
    long low = spanId.getLeastSignificantBits();
    return low != 0 ? low : spanId.getMostSignificantBits();
  }

  /**
   * The span UUID for a W3C parent-id that came without Galileo's tracestate member, such as one
   * made by OpenTelemetry. The 16 hex digits of the parent-id are written, in order, into the
   * UUID's first 16 free hex digits, skipping the version digit {@code 4} and the variant digit
   * {@code 8}, and the rest is zero:
   *
   * <pre>
   *   parent-id  0123456789abcdef
   *   UUID       01234567-89ab-4cde-8f00-000000000000
   * </pre>
   *
   * So the same parent-id always gives the same valid v4 UUID, distinct parent-ids give distinct
   * UUIDs, and a person can read the parent-id back off the UUID.
   */
  public static UUID uuidForParentId(long parentId) {
    long high = (parentId & 0xffff_ffff_ffff_0000L) | VERSION_4 | ((parentId >>> 4) & 0x0fffL);
    long low = VARIANT_RFC | ((parentId & 0xfL) << 56);
    return new UUID(high, low);
  }
}
