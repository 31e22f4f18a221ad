package ai.galileo.tracing.core.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for traces, and span UUIDs derived from their trace and 62 random bits.
 *
 * <p>{@link UUID#randomUUID()} draws from {@code SecureRandom}, which costs about 200 ns and can
 * contend on a shared lock; trace ids need uniqueness, not secrecy, so {@link ThreadLocalRandom}
 * serves, with the version and variant bits set as RFC 4122 asks for version 4.
 */
public final class Ids {
  private Ids() {}

  public static UUID randomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low);
  }

  /**
   * A new span UUID of the trace: 62 random bits as its low half (the W3C parent-id it travels
   * as) and the high half derived from the trace and those bits ({@link W3CIds#spanUuid}), so
   * that a {@code traceparent} alone names it.
   */
  public static UUID spanUuid(UUID traceId) {
    long low = (ThreadLocalRandom.current().nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return W3CIds.spanUuid(traceId, low);
  }
}
