package ai.galileo.tracing.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may use the API. With no API key configured, anyone may (a console on the loopback
 * interface, for local use): any key, any token, or none at all. With a key, a request needs
 * {@code Galileo-API-Key: KEY}, {@code Authorization: Bearer KEY}, or {@code Authorization:
 * Bearer TOKEN} with a token from {@code POST /login/api_key}. The web view's own access (a
 * session cookie, or these headers for {@code /api}) is {@link WebAccess}'s. Keys are compared in
 * constant time and never logged.
 *
 * <p>Tokens are JWTs (HS256), because Galileo's SDKs decode the token they get to see when it
 * expires. They are signed with a key derived from the API key, so they stay valid across restarts
 * of a console with the same key, and no other.
 */
public final class Auth {
  static final Duration TOKEN_LIFETIME = Duration.ofHours(24);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final String apiKey;
  /** What keys are compared by: digests, of equal length whatever was sent. */
  private final byte[] keyDigest;
  private final byte[] signingKey;
  private final Clock clock;
  private final FailedKeyThrottle throttle;

  /** The wrong-key throttle's counts, for {@code /api/stats}. */
  public FailedKeyThrottle.Counts throttleCounts() {
    return throttle.counts();
  }

  public Auth(String apiKey, Clock clock) {
    this.apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
    this.clock = clock;
    this.throttle = new FailedKeyThrottle(clock);
    this.signingKey = sha256("galileo-console token key\0" + (this.apiKey == null ? "" : this.apiKey));
    this.keyDigest = sha256("galileo-console key\0" + (this.apiKey == null ? "" : this.apiKey));
  }

  /** Whether any caller is accepted. */
  public boolean isOpen() {
    return apiKey == null;
  }

  /**
   * Checks a request's credentials.
   *
   * @throws ApiException 401 when a key is configured and the request does not carry it
   */
  public void check(Exchange ex) {
    if (apiKey == null) {
      return;
    }
    String key = ex.header("Galileo-API-Key");
    String authorization = ex.header("Authorization");
    String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authorization.substring(7).trim() : null;
    if (key == null && bearer == null) {
      throw ApiException.detail(401, "Not authenticated"); // no guess: not counted
    }
    throttle.refuseIfWaiting(ex.client());
    if ((key != null && isKey(key)) || (bearer != null && (isKey(bearer) || validToken(bearer)))) {
      return;
    }
    throttle.failed(ex.client());
    throw ApiException.detail(401, "Invalid API key or token");
  }

  /**
   * The answer to {@code POST /login/api_key}: a {@code Token}.
   *
   * @throws ApiException 401 when a key is configured and this is not it; 429 when the client
   *     sent too many wrong keys lately and must wait before trying again
   */
  public ObjectNode login(String key, String client) {
    if (apiKey != null && !checkKey(key, client)) {
      throw ApiException.detail(401, "Invalid API key");
    }
    long now = clock.instant().getEpochSecond();
    ObjectNode header = Json.object().put("alg", "HS256").put("typ", "JWT");
    ObjectNode claims = Json.object()
        .put("sub", "galileo-console")
        .put("iat", now)
        .put("exp", now + TOKEN_LIFETIME.toSeconds());
    String unsigned = B64.encodeToString(Json.bytes(header)) + "." + B64.encodeToString(Json.bytes(claims));
    String token = unsigned + "." + B64.encodeToString(hmac(unsigned));
    return Json.object().put("access_token", token).put("token_type", "bearer");
  }

  /**
   * Whether this is the configured key, counting a wrong one against the client.
   *
   * @throws ApiException 429 when the client must wait before its next attempt is checked
   */
  boolean checkKey(String candidate, String client) {
    throttle.refuseIfWaiting(client);
    if (isKey(candidate)) {
      return true;
    }
    throttle.failed(client);
    return false;
  }

  boolean validToken(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return false;
    }
    try {
      byte[] signature = B64D.decode(parts[2]);
      if (!MessageDigest.isEqual(signature, hmac(parts[0] + "." + parts[1]))) {
        return false;
      }
      JsonNode claims = Json.parse(B64D.decode(parts[1]));
      return claims.path("exp").canConvertToLong()
          && claims.path("exp").asLong() > clock.instant().getEpochSecond();
    } catch (IllegalArgumentException | java.io.IOException e) {
      return false;
    }
  }

  /**
   * Whether this is the configured key (false when none is configured), in constant time: the
   * digests compared have the same length whatever the candidate's, so neither the key's length
   * nor how much of it a guess got right shows in the time taken.
   */
  boolean isKey(String candidate) {
    return apiKey != null && candidate != null
        && MessageDigest.isEqual(sha256("galileo-console key\0" + candidate), keyDigest);
  }

  private byte[] hmac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
