package ai.galileo.tracing.transport.mcp.internal;

import ai.galileo.tracing.Tracer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Copies an HTTP request's tracing headers (the propagators' fields only) into the SDK's transport
 * context, where the server handlers read them when the request's {@code _meta} carries no trace.
 * In a class of its own so that the Servlet API is loaded only by servers that use it.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ServletHeaders {
  private ServletHeaders() {}

  public static McpTransportContextExtractor<HttpServletRequest> extractor(Tracer tracer,
      McpTransportContextExtractor<HttpServletRequest> next) {
    List<String> fields = List.copyOf(tracer.propagator().fields());
    return request -> {
      McpTransportContext context = null;
      if (next != null) {
        context = next.extract(request);
      }
      if (context == null) {
        context = McpTransportContext.EMPTY;
      }
      Map<String, String> headers = new LinkedHashMap<>(4);
      try {
        for (String field : fields) {
          String value = request.getHeader(field);
          if (value != null) {
            headers.put(field.toLowerCase(Locale.ROOT), value);
          }
        }
      } catch (RuntimeException e) {
        return context; // a request that cannot be read is served untraced
      }
      return withHeaders(context, headers);
    };
  }

  /**
   * The context with the headers under {@link McpTracingKeys#HEADERS}, by wrapping rather than
   * {@code putAll}, which only SDK 2.2 has (Spring AI brings 0.17 and 2.0).
   */
  private static McpTransportContext withHeaders(McpTransportContext context, Map<String, String> headers) {
    return key -> McpTracingKeys.HEADERS.equals(key) ? headers : context.get(key);
  }
}
