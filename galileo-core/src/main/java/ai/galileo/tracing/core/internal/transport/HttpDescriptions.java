package ai.galileo.tracing.core.internal.transport;

import java.net.URI;
import java.util.Locale;

/**
 * How HTTP requests are named and described on spans, the same way in every transport.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class HttpDescriptions {
  public static final String HTTP_METHOD = "http.method";
  public static final String HTTP_PATH = "http.path";
  public static final String HTTP_URL = "http.url";

  private HttpDescriptions() {}

  /** The method, upper-case; {@code GET} when unknown. */
  public static String method(String method) {
    return method == null || method.isBlank() ? "GET" : method.trim().toUpperCase(Locale.ROOT);
  }

  /** The path without query or fragment; {@code /} when empty. */
  public static String path(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    int end = path.length();
    int q = path.indexOf('?');
    if (q >= 0) {
      end = q;
    }
    int h = path.indexOf('#');
    if (h >= 0 && h < end) {
      end = h;
    }
    String p = path.substring(0, end);
    return p.isEmpty() ? "/" : p;
  }

  /** {@code host/path}, for a client span's name. */
  public static String hostAndPath(URI uri) {
    if (uri == null) {
      return "/";
    }
    String host = uri.getHost() == null ? "" : uri.getHost();
    return host + path(uri.getRawPath());
  }

  /** The URL without user info, query or fragment, which may hold secrets. */
  public static String url(URI uri) {
    if (uri == null) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    if (uri.getScheme() != null) {
      s.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      s.append(uri.getHost());
      if (uri.getPort() >= 0) {
        s.append(':').append(uri.getPort());
      }
    }
    return s.append(path(uri.getRawPath())).toString();
  }
}
