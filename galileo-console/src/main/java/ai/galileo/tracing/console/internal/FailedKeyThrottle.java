package ai.galileo.tracing.console.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down guessing the API key, per client ({@link Exchange#client()}: its address): after a few wrong keys each
 * further one makes the client wait longer (1 s, 2 s, 4 s, ... up to 30 s) before its next attempt
 * is even looked at. A client that must wait is refused at once (429 with {@code Retry-After}),
 * without checking what it sent and without holding a thread, so a right key is let in as soon as
 * the short wait is over. A client's record is forgotten 15 minutes after its last wrong key, and
 * the table keeps at most {@value #MAX_CLIENTS} clients, the least recently seen going first.
 *
 * <p>A right key does not clear the record: an attacker sharing an address with a client that
 * holds the key (behind one proxy, or on this machine) would otherwise get a fresh allowance after
 * each of its requests. Everyone behind one proxy shares one record: the console does not trust
 * {@code X-Forwarded-For}, which any client can send.
 */
public final class FailedKeyThrottle {
  static final int FREE_FAILURES = 5;
  static final Duration FIRST_DELAY = Duration.ofSeconds(1);
  static final Duration MAX_DELAY = Duration.ofSeconds(30);
  static final Duration FORGET_AFTER = Duration.ofMinutes(15);
  static final int MAX_CLIENTS = 10_000;

  private final Clock clock;
  private final Map<String, Failures> clients = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
      return size() > MAX_CLIENTS;
    }
  };

  // Guarded by this.
  private long wrongKeys;
  private long refused;

  public FailedKeyThrottle(Clock clock) {
    this.clock = clock;
  }

  /**
   * What the throttle has done, for {@code /api/stats}: so that guessing shows, and a client
   * slowed down by mistake can be told apart from one that was never let in.
   *
   * @param wrongKeys wrong keys (or tokens) counted since the console started
   * @param refusedWhileWaiting requests refused with 429 because their address had to wait
   * @param addressesRemembered addresses with wrong keys in the last 15 minutes
   * @param addressesWaiting of those, the ones that must wait now
   */
  public record Counts(long wrongKeys, long refusedWhileWaiting, int addressesRemembered,
      int addressesWaiting) {}

  public synchronized Counts counts() {
    Instant now = clock.instant();
    int remembered = 0;
    int waiting = 0;
    for (Failures f : clients.values()) {
      if (Duration.between(f.last, now).compareTo(FORGET_AFTER) <= 0) {
        remembered++;
        if (f.waitUntil != null && f.waitUntil.isAfter(now)) {
          waiting++;
        }
      }
    }
    return new Counts(wrongKeys, refused, remembered, waiting);
  }

  private static final class Failures {
    int count;
    Instant last;
    Instant waitUntil;
  }

  /**
   * Refuses a client that must still wait.
   *
   * @throws ApiException 429 with the seconds to wait, when it must
   */
  public void refuseIfWaiting(String client) {
    long seconds = secondsToWait(client);
    if (seconds > 0) {
      synchronized (this) {
        refused++;
      }
      throw ApiException.tooManyRequests(seconds, "Too many wrong API keys from this address: try again in "
          + seconds + (seconds == 1 ? " second" : " seconds"));
    }
  }

  /** How long the client must wait before its next attempt is checked, in whole seconds; 0 for none. */
  public synchronized long secondsToWait(String client) {
    Failures f = current(client);
    if (f == null || f.waitUntil == null) {
      return 0;
    }
    long millis = Duration.between(clock.instant(), f.waitUntil).toMillis();
    return millis <= 0 ? 0 : (millis + 999) / 1000;
  }

  /** Counts a wrong key (or token) from the client, and sets how long it waits before the next. */
  public synchronized void failed(String client) {
    Instant now = clock.instant();
    Failures f = current(client);
    if (f == null) {
      f = new Failures();
      clients.put(client, f);
    }
    f.count++;
    f.last = now;
    wrongKeys++;
    if (f.count > FREE_FAILURES) {
      int doublings = Math.min(f.count - FREE_FAILURES - 1, 30);
      long millis = Math.min(MAX_DELAY.toMillis(), FIRST_DELAY.toMillis() << doublings);
      f.waitUntil = now.plusMillis(millis);
    }
  }

  /** How many clients are remembered; for tests. */
  synchronized int size() {
    return clients.size();
  }

  private Failures current(String client) {
    Failures f = clients.get(client);
    if (f != null && Duration.between(f.last, clock.instant()).compareTo(FORGET_AFTER) > 0) {
      clients.remove(client);
      return null;
    }
    return f;
  }
}
