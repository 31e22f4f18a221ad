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
   * low ones are all zero (the parent-id may not be zero). A span UUID that {@link #isDerivable}
   * needs nothing more; any other travels in full in tracestate.
   */
  public static long parentIdOf(UUID spanId) {
    long low = spanId.getLeastSignificantBits();
    return low != 0 ? low : spanId.getMostSignificantBits();
  }

  /**
   * The span UUID that a W3C parent-id stands for in a trace, when nothing else names it (no
   * Galileo tracestate member that agrees with it). One mapping for every parent-id, whoever made
   * it, shared by the W3C propagator, the OpenTelemetry bridge and the console's OTLP intake:
   *
   * <ul>
   *   <li>a parent-id whose top two bits are {@code 10} (the shape of a UUID's low half, as the
   *       parent-ids of our own spans always are): the UUID whose low 64 bits are the parent-id and
   *       whose high 64 bits are a hash of the trace UUID and the parent-id, with the version
   *       digit 4. Every span this SDK makes has such a UUID ({@link Ids#spanUuid}), so its W3C
   *       ids alone name it and {@code tracestate} need not carry it;
   *   <li>any other parent-id: {@link #uuidForParentId}.
   * </ul>
   *
   * @param traceId the trace's Galileo UUID, or the 128 bits of the W3C trace-id as received: the
   *     version and variant bits are not used, so both give the same UUID
   */
  public static UUID spanUuid(UUID traceId, long parentId) {
    if (!isDerivedForm(parentId)) {
      return uuidForParentId(parentId);
    }
    return new UUID(derivedHigh(traceId, parentId), parentId);
  }

  /**
   * True if {@link #spanUuid} gives a derived UUID for the parent-id (one {@link #isDerivable}),
   * false if it gives {@link #uuidForParentId}.
   */
  public static boolean isDerivedForm(long parentId) {
    return (parentId & VARIANT_MASK) == VARIANT_RFC;
  }

  /**
   * True if the span's UUID is what {@link #spanUuid} gives for its W3C ids: then {@code
   * traceparent} alone carries it.
   */
  public static boolean isDerivable(UUID traceId, UUID spanId) {
    long low = spanId.getLeastSignificantBits();
    return (low & VARIANT_MASK) == VARIANT_RFC
        && spanId.getMostSignificantBits() == derivedHigh(traceId, low);
  }

  /**
   * The high half of a derived span UUID: 60 bits that depend on all 128 bits of the trace id
   * and all 64 of the parent-id, plus the version digit. Two spans' UUIDs are equal only if both
   * their parent-ids (62 random bits) and these 60 bits are, so a span UUID keeps the 122 bits of
   * uniqueness of a random v4 UUID. The mixing is SplitMix64's finalizer (Stafford's variant 13),
   * chosen for being well known and cheap (a few multiplications); the console keeps a copy of it.
   */
  static long derivedHigh(UUID traceId, long parentId) {
    // The trace id's version and variant bits are left out, so a trace-id as received and its
    // asV4 form give the same UUIDs.
    long high = traceId.getMostSignificantBits() & ~VERSION_MASK;
    long low = traceId.getLeastSignificantBits() & ~VARIANT_MASK;
    long h = mix(high ^ mix(low ^ parentId));
    return (h & ~VERSION_MASK) | VERSION_4;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * The span UUID for a W3C parent-id that came without Galileo's tracestate member, such as one
   * made by OpenTelemetry, when its top two bits are not {@code 10} (see {@link #spanUuid}). The
   * 16 hex digits of the parent-id are written, in order, into the UUID's first 16 free hex digits, skipping the version digit {@code 4} and the variant digit
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
