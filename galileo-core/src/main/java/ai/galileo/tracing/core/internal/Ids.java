package ai.galileo.tracing.core.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for traces and spans.
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
}
