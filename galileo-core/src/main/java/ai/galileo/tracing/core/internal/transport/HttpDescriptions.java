package ai.galileo.tracing.core.internal.transport;

import ai.galileo.tracing.Content;
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

  /**
   * A client span's description of one HTTP call: the method, the span's name ({@code GET
   * host/path}), its input ({@code GET url}) and the URL as recorded.
   */
  public record ClientCall(String method, String name, Content input, String url) {
    public static ClientCall of(String method, URI uri) {
      String m = HttpDescriptions.method(method);
      String url = HttpDescriptions.url(uri);
      return new ClientCall(m, m + " " + hostAndPath(uri), Content.text(m + " " + url), url);
    }

    /**
     * The key under which calls to the URI may share a description: its text, when the
     * description is all there is to it. A URI with a query, a fragment or user info, which the
     * description leaves out and which may hold secrets, gets none (null).
     */
    public static String key(URI uri) {
      return uri == null || uri.getRawQuery() != null || uri.getRawFragment() != null
          || uri.getRawUserInfo() != null ? null : uri.toString();
    }
  }

  /**
   * A server span's description of one HTTP request: the method, the path without its query,
   * and the span's name ({@code GET /path}), which is also its input.
   */
  public record ServerCall(String method, String path, String name, Content input) {
    public static ServerCall of(String method, String path) {
      String m = HttpDescriptions.method(method);
      String p = HttpDescriptions.path(path);
      String name = m + " " + p;
      return new ServerCall(m, p, name, Content.text(name));
    }

    /**
     * The key under which requests for the path may share a description: the path itself, unless
     * it holds a query or fragment, which the description leaves out and which may hold secrets
     * (null then).
     */
    public static String key(String path) {
      return path == null || path.indexOf('?') >= 0 || path.indexOf('#') >= 0 ? null : path;
    }
  }

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
