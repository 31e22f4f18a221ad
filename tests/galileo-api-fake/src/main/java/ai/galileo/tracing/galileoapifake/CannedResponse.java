package ai.galileo.tracing.galileoapifake;

/**
 * A response {@link GalileoApiFake} gives instead of its own, to script failures: queued with
 * {@link GalileoApiFake#enqueue}, used once, in order.
 *
 * <p>A non-2xx status answers without processing the request (nothing is stored), as a failing
 * server would; a 2xx one lets the request be processed and only replaces the body, if it has one.
 *
 * @param status the HTTP status
 * @param retryAfter the {@code Retry-After} header's value (seconds or an HTTP date), or null
 * @param body the JSON body, or null for the fake's own ({@code {"detail": ...}} on errors)
 * @param anyRoute false to apply only to ingest and update requests (POST traces or spans, PATCH
 *     a trace or a span), true to apply to the next request of any route but the health check
 */
public record CannedResponse(int status, String retryAfter, String body, boolean anyRoute) {

  /** A response with this status, for the next ingest or update request. */
  public static CannedResponse of(int status) {
    return new CannedResponse(status, null, null, false);
  }

  /** The same with a {@code Retry-After} header. */
  public CannedResponse withRetryAfter(String value) {
    return new CannedResponse(status, value, body, anyRoute);
  }

  /** The same with this body. */
  public CannedResponse withBody(String json) {
    return new CannedResponse(status, retryAfter, json, anyRoute);
  }

  /** The same, for the next request of any route (such as {@code GET /v2/projects}). */
  public CannedResponse onAnyRoute() {
    return new CannedResponse(status, retryAfter, body, true);
  }
}
