package ai.galileo.tracing.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web view: plain HTML, CSS and JavaScript from the jar, no build step. {@code /} is the trace
 * list, {@code /traces/{id}} a trace, {@code /static/NAME} the files they load.
 *
 * <p>The pages show untrusted content (whatever an LLM answered), so they are served with a
 * strict Content Security Policy: scripts and styles only from the console itself, no inline
 * script, no plugins, no framing, and Trusted Types enforced, so that even a bug that passed a
 * string to {@code innerHTML} would throw rather than parse it as markup. The scripts only ever
 * insert text.
 */
public final class WebPages implements ConsoleHandler.Route {
  private static final String BASE = "/ai/galileo/tracing/console/web/";
  private static final Map<String, String> FILES = Map.of(
      "console.css", "text/css; charset=utf-8",
      "common.js", "text/javascript; charset=utf-8",
      "list.js", "text/javascript; charset=utf-8",
      "trace.js", "text/javascript; charset=utf-8",
      "live.js", "text/javascript; charset=utf-8",
      "favicon.svg", "image/svg+xml");

  private final Map<String, byte[]> content = new LinkedHashMap<>();
  private final ConnectSources connect;

  /** Where the pages may connect besides their own origin (the live WebSocket), per request. */
  @FunctionalInterface
  public interface ConnectSources {
    /** Extra {@code connect-src} sources for a page requested with this Host header, or "". */
    String forHost(String hostHeader);
  }

  public WebPages(ConnectSources connect) {
    this.connect = connect;
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
    String type = page ? "text/html; charset=utf-8" : FILES.get(file);
    Reply r = new Reply(200, type, content.get(file), new LinkedHashMap<>());
    r.header("Cache-Control", "no-cache");
    if (page) {
      r.header("Content-Security-Policy", policy(ex.header("Host")));
      r.header("X-Frame-Options", "DENY");
      r.header("Cross-Origin-Opener-Policy", "same-origin");
    }
    r.header("Cross-Origin-Resource-Policy", "same-origin");
    return r;
  }

  /** The Content Security Policy of the pages. */
  String policy(String host) {
    String extra = connect.forHost(host);
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
