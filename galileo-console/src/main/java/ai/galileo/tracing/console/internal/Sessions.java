package ai.galileo.tracing.console.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web view's signed-in sessions, kept in memory only (a restart signs everyone out). A
 * session is a random token, given to the browser in a cookie; the console keeps only each
 * token's SHA-256, so nothing kept here would let anyone in, and looking one up says nothing
 * about the others. Sessions end on sign-out or after {@link #LIFETIME}.
 */
public final class Sessions {
  static final Duration LIFETIME = Duration.ofHours(12);
  /** The most sessions kept: the oldest go first. Signing in is cheap, so a bound is needed. */
  static final int MAX = 1_000;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  /** Expiry by digest of the token, as hex. */
  private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

  public Sessions(Clock clock) {
    this.clock = clock;
  }

  /** Starts a session; its token, for the cookie. */
  public String create() {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String token = B64.encodeToString(raw);
    Instant now = clock.instant();
    expiries.values().removeIf(e -> !e.isAfter(now));
    while (expiries.size() >= MAX) {
      expiries.entrySet().stream().min(Map.Entry.comparingByValue())
          .ifPresent(oldest -> expiries.remove(oldest.getKey()));
    }
    expiries.put(digest(token), now.plus(LIFETIME));
    return token;
  }

  /** The session of a token, as its digest, when the token is one and has not expired; else null. */
  public String find(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return null;
    }
    String id = digest(token);
    return isValid(id) ? id : null;
  }

  /** Whether the session (a digest from {@link #find}) is still on. */
  public boolean isValid(String id) {
    Instant expiry = id == null ? null : expiries.get(id);
    if (expiry == null) {
      return false;
    }
    if (!expiry.isAfter(clock.instant())) {
      expiries.remove(id);
      return false;
    }
    return true;
  }

  /** Ends the session (a digest from {@link #find}). */
  public void end(String id) {
    if (id != null) {
      expiries.remove(id);
    }
  }

  static String digest(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
