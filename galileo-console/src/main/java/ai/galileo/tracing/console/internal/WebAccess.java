package ai.galileo.tracing.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Who may see the traces. Their inputs and outputs are prompts, documents and answers: with an
 * API key configured, the web view, its JSON API ({@code /api}) and its live feed need it as much
 * as Galileo's API does.
 *
 * <p>A browser signs in once, on {@code /signin}, with the key; it gets a session cookie (a random
 * token, never the key: HttpOnly, SameSite=Strict, Path=/, and Secure were the console ever served
 * over https), which the pages, {@code /api} and the live feed's handshake then carry. Scripts may
 * send the key instead, to {@code /api}: {@code Authorization: Bearer KEY} or {@code
 * Galileo-API-Key: KEY}. The sign-in and sign-out forms must come from the console's own pages,
 * by their {@code Origin}. The sign-in page and its stylesheet and icon are the only things served
 * without the key, and they hold no trace data.
 *
 * <p>With no key configured (a console on loopback only), everything is open.
 */
public final class WebAccess implements LiveHub.Access {
  private static final String PAGE = "/ai/galileo/tracing/console/web/signin.html";
  private static final String HTML = "text/html; charset=utf-8";
  /** A local path to go back to after signing in: no scheme, no host, nothing to escape from. */
  private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9/._~%?&=+\\-]{0,2000}");

  private final Auth auth;
  private final Sessions sessions;
  private final byte[] page;
  private final List<Consumer<String>> signedOut = new CopyOnWriteArrayList<>();
  private volatile String cookieName = "galileo_console";

  public WebAccess(Auth auth, Sessions sessions) {
    this.auth = auth;
    this.sessions = sessions;
    try (InputStream in = WebAccess.class.getResourceAsStream(PAGE)) {
      if (in == null) {
        throw new IllegalStateException("missing web resource signin.html");
      }
      this.page = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a key is needed at all. */
  public boolean isRequired() {
    return !auth.isOpen();
  }

  /**
   * The console's port, known once it listens: it names the cookie, because browsers keep cookies
   * by host, not port, and two consoles on one machine must not sign each other out.
   */
  public void port(int port) {
    cookieName = "galileo_console_" + port;
  }

  /** Told the session (its id) of each sign-out, so that its live feed can be closed. */
  public void onSignOut(Consumer<String> listener) {
    signedOut.add(listener);
  }

  /** Whether the request may see the web view: no key needed, or a valid session cookie. */
  public boolean signedIn(Exchange ex) {
    return !isRequired() || sessionOf(ex.header("Cookie")) != null;
  }

  /**
   * Lets a request to {@code /api} through: signed in, or carrying the key.
   *
   * @throws ApiException 401, saying nothing more, otherwise
   */
  public void requireForApi(Exchange ex) {
    if (!signedIn(ex)) {
      auth.check(ex);
    }
  }

  /** {@code GET /api/session}: whether a key is needed, and whether this is a signed-in browser. */
  public Reply sessionInfo(Exchange ex) {
    if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
      throw ApiException.methodNotAllowed("GET");
    }
    return Reply.ok(Json.object().put("api_key_required", isRequired())
        .put("session", isRequired() && sessionOf(ex.header("Cookie")) != null));
  }

  /** Where a signed-out browser asking for a page is sent: the sign-in page, then back. */
  public Reply signInRedirect(Exchange ex) {
    String query = ex.rawQuery();
    String back = ex.path() + (query == null || query.isEmpty() ? "" : "?" + query);
    return redirect("/signin?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
  }

  // --- the live feed

  @Override
  public String session(String cookieHeader) {
    return isRequired() ? sessionOf(cookieHeader) : "";
  }

  @Override
  public boolean isValid(String session) {
    return !isRequired() || sessions.isValid(session);
  }

  // --- sign-in and sign-out

  /** Answers {@code /signin} and {@code /signout}; null for any other path. */
  public Reply handle(Exchange ex, List<String> s) throws IOException {
    if (s.size() != 1) {
      return null;
    }
    switch (s.get(0)) {
      case "signin" -> {
        return switch (ex.method()) {
          case "GET", "HEAD" -> signedIn(ex) ? redirect(next(ex.query("next")))
              : page(200, next(ex.query("next")), null);
          case "POST" -> signIn(ex);
          default -> throw ApiException.methodNotAllowed("GET, HEAD, POST");
        };
      }
      case "signout" -> {
        if (!ex.method().equals("POST")) {
          throw ApiException.methodNotAllowed("POST");
        }
        requireOwnOrigin(ex);
        String session = sessionOf(ex.header("Cookie"));
        if (session != null) {
          sessions.end(session);
          signedOut.forEach(l -> l.accept(session));
        }
        return redirect(isRequired() ? "/signin" : "/")
            .header("Set-Cookie", cookieName + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
      }
      default -> {
        return null;
      }
    }
  }

  private Reply signIn(Exchange ex) throws IOException {
    requireOwnOrigin(ex);
    String type = ex.header("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw ApiException.detail(415, "Unsupported Media Type: the sign-in form is"
          + " application/x-www-form-urlencoded");
    }
    Map<String, String> form = form(new String(ex.body(), StandardCharsets.UTF_8));
    String next = next(form.get("next"));
    if (!isRequired()) {
      return redirect(next);
    }
    boolean right;
    try {
      right = auth.checkKey(form.get("api_key"), ex.client());
    } catch (ApiException wait) {
      return page(429, next, "Too many wrong keys from this address: try again in "
          + wait.retryAfterSeconds() + (wait.retryAfterSeconds() == 1 ? " second." : " seconds."))
          .header("Retry-After", Long.toString(wait.retryAfterSeconds()));
    }
    if (!right) {
      return page(401, next, "That is not this console's API key.");
    }
    // Never the key itself: a random token, which the console can end.
    return redirect(next).header("Set-Cookie", cookieName + "=" + sessions.create()
        + "; Path=/; HttpOnly; SameSite=Strict");
  }

  /** The sign-in page: no script, so nothing for the policy to allow; {@code next} is checked. */
  private Reply page(int status, String next, String error) {
    String html = new String(page, StandardCharsets.UTF_8)
        .replace("{{next}}", escape(next))
        .replace("<!--error-->", error == null ? ""
            : "<p id=\"signin-error\" class=\"error\" role=\"alert\">" + escape(error) + "</p>");
    Reply r = new Reply(status, HTML, html.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    WebPages.pageHeaders(r, WebPages.policy(""));
    return r;
  }

  /**
   * Refuses a form post that a page elsewhere made: browsers send the posting page's origin, which
   * must be this console, as the browser reached it.
   */
  private static void requireOwnOrigin(Exchange ex) {
    String origin = ex.header("Origin");
    String host = ex.header("Host");
    if (origin == null || host == null || !origin.trim().equalsIgnoreCase("http://" + host.trim())) {
      throw ApiException.detail(403, "Forbidden: sign in and out from the console's own page");
    }
  }

  private String sessionOf(String cookieHeader) {
    if (cookieHeader == null) {
      return null;
    }
    for (String part : cookieHeader.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equals(cookieName)) {
        String found = sessions.find(part.substring(eq + 1).trim());
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static Reply redirect(String location) {
    return new Reply(303, "text/plain; charset=utf-8", new byte[0], new LinkedHashMap<>())
        .header("Location", location);
  }

  /** The page to go back to: a local path, or the trace list. */
  static String next(String wanted) {
    return wanted != null && LOCAL_PATH.matcher(wanted).matches() ? wanted : "/";
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      try {
        out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // A malformed %-escape: as if the field were not sent.
      }
    }
    return out;
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
