package ai.galileo.tracing.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The web view: plain HTML, CSS and JavaScript from the jar, no build step. {@code /} is the trace
 * list, {@code /traces/{id}} a trace, {@code /static/NAME} the files they load.
 *
 * <p>The pages show untrusted content (whatever an LLM answered), so they are served with a
 * strict Content Security Policy: scripts and styles only from the console itself, no inline
 * script, no plugins, no framing, and Trusted Types enforced, so that even a bug that passed a
 * string to {@code innerHTML} would throw rather than parse it as markup. The scripts only ever
 * insert text.
 *
 * <p>With an API key configured, only a signed-in browser gets the pages and scripts (see {@link
 * WebAccess}); a signed-out one asking for a page is sent to the sign-in page.
 */
public final class WebPages implements ConsoleHandler.Route {
  private static final String BASE = "/ai/galileo/tracing/console/web/";
  private static final Map<String, String> FILES = Map.of(
      "console.css", "text/css; charset=utf-8",
      "common.js", "text/javascript; charset=utf-8",
      "list.js", "text/javascript; charset=utf-8",
      "trace.js", "text/javascript; charset=utf-8",
      "agent.js", "text/javascript; charset=utf-8",
      "live.js", "text/javascript; charset=utf-8",
      "favicon.svg", "image/svg+xml");

  /** What the sign-in page loads: served to anyone, as they hold no trace data. */
  private static final Set<String> PUBLIC = Set.of("console.css", "favicon.svg");

  private final Map<String, byte[]> content = new LinkedHashMap<>();
  private final ConnectSources connect;
  private final WebAccess access;

  /** Where the pages may connect besides their own origin (the live WebSocket), per request. */
  @FunctionalInterface
  public interface ConnectSources {
    /** Extra {@code connect-src} sources for a page requested with this Host header, or "". */
    String forHost(String hostHeader);
  }

  public WebPages(ConnectSources connect, WebAccess access) {
    this.connect = connect;
    this.access = access;
    for (String name : List.of("index.html", "trace.html")) {
      content.put(name, load(name, true));
    }
    for (String name : FILES.keySet()) {
      byte[] b = load(name, false);
      if (b != null) {
        content.put(name, b);
      }
    }
  }

  @Override
  public Reply handle(Exchange ex, List<String> s) {
    String file;
    boolean page;
    if (s.isEmpty() || (s.size() == 1 && s.get(0).equals("index.html"))) {
      file = "index.html";
      page = true;
    } else if (s.size() == 2 && s.get(0).equals("traces")) {
      file = "trace.html";
      page = true;
    } else if (s.size() == 2 && s.get(0).equals("static") && content.containsKey(s.get(1))
        && FILES.containsKey(s.get(1))) {
      file = s.get(1);
      page = false;
    } else if (s.size() == 1 && s.get(0).equals("favicon.ico")) {
      file = "favicon.svg";
      page = false;
    } else {
      return null;
    }
    if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
      throw ApiException.methodNotAllowed("GET, HEAD");
    }
    if (!PUBLIC.contains(file) && !access.signedIn(ex)) {
      if (page) {
        return access.signInRedirect(ex);
      }
      throw ApiException.detail(401, "Not authenticated");
    }
    String type = page ? "text/html; charset=utf-8" : FILES.get(file);
    Reply r = new Reply(200, type, content.get(file), new LinkedHashMap<>());
    r.header("Cache-Control", "no-cache");
    if (page) {
      pageHeaders(r, policy(connect.forHost(ex.header("Host"))));
    }
    r.header("Cross-Origin-Resource-Policy", "same-origin");
    return r;
  }

  /**
   * The headers of a page: its policy, no framing, its own browsing context group, and the
   * referrer kept to its own origin. Not {@code no-referrer}: with it a browser sends {@code
   * Origin: null} with a form post, and the sign-in and sign-out forms are checked by origin.
   */
  static void pageHeaders(Reply r, String policy) {
    r.header("Content-Security-Policy", policy);
    r.header("X-Frame-Options", "DENY");
    r.header("Cross-Origin-Opener-Policy", "same-origin");
    r.header("Cross-Origin-Resource-Policy", "same-origin");
    r.header("Referrer-Policy", "same-origin");
  }

  /**
   * The Content Security Policy of the pages.
   *
   * @param extra more {@code connect-src} sources (the live feed), or ""
   */
  static String policy(String extra) {
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        + "connect-src 'self'" + (extra.isEmpty() ? "" : " " + extra) + "; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
        + "require-trusted-types-for 'script'; trusted-types 'none'";
  }

  private static byte[] load(String name, boolean required) {
    try (InputStream in = WebPages.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        if (required) {
          throw new IllegalStateException("missing web resource " + name);
        }
        return null;
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
