package ai.galileo.tracing.conformance;

import ai.galileo.tracing.SpanContext;
import java.util.List;
import java.util.Map;

/**
 * One request as the test application saw it.
 *
 * @param path the request's path
 * @param headers its headers, names lower-case, every value in order
 * @param thread the server thread that handled it
 * @param current the span current in the handler
 */
record Seen(String path, Map<String, List<String>> headers, String thread, SpanContext current) {
  List<String> values(String name) {
    return headers.getOrDefault(name, List.of());
  }
}
