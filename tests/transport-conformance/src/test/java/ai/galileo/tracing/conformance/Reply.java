package ai.galileo.tracing.conformance;

import java.util.List;

/**
 * What a test server answered: the status, the body, and the values of the final response's
 * {@code X-Galileo-Span-ID} header (the server's span, when it continued the caller's trace).
 */
record Reply(int status, String body, List<String> spanIds) {
  Reply {
    spanIds = List.copyOf(spanIds);
  }
}
