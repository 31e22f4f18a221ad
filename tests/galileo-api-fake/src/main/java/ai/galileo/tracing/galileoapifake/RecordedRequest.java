package ai.galileo.tracing.galileoapifake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One request {@link GalileoApiFake} received, as it answered it.
 *
 * @param sequence its place in the order of arrival, from 1
 * @param route the route it matched, or null for none
 * @param method the HTTP method
 * @param path the raw path, such as {@code /v2/projects/…/traces}
 * @param query the raw query, or null
 * @param headers the headers, names in lower case
 * @param bodyText the body as UTF-8 text, empty if none
 * @param body the body parsed, or null if it was empty or not JSON
 * @param violations what was wrong with it (schema, ids, route); empty if nothing
 * @param status the status it was answered with
 */
public record RecordedRequest(
    long sequence,
    GalileoApiFake.Route route,
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    String bodyText,
    JsonNode body,
    List<String> violations,
    int status) {

  /** The first value of the header, by case-insensitive name, or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The {@code X-Galileo-SDK} header, or null. */
  public String sdk() {
    return header(GalileoApiFake.SDK_HEADER);
  }

  @Override
  public String toString() {
    return "#" + sequence + " " + method + " " + path + (query == null ? "" : "?" + query)
        + " -> " + status + (violations.isEmpty() ? "" : " " + violations);
  }
}
