package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.ok;
import static ai.galileo.tracing.console.Records.span;
import static ai.galileo.tracing.console.Records.trace;
import static ai.galileo.tracing.console.Records.tracesIngest;
import static ai.galileo.tracing.console.Records.withSpans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may see the traces. With an API key, every route needs it: Galileo's API by its headers,
 * the pages by a session that signing in with the key starts, {@code /api} by that session or the
 * key, the live feed by the session. Without one, the console stays on loopback.
 */
class WebAccessTest {
  static final String KEY = "s3cret-key";
  static final String SECRET = "the user's private question";

  @Nested
  class WithAKey {
    @RegisterExtension
    final RunningConsole console = RunningConsole.with(b -> b.apiKey(KEY));

    UUID traceId = UUID.randomUUID();
    Api web;

    @BeforeEach
    void logATrace() {
      Api api = console.v2().withHeader("Galileo-API-Key", KEY);
      UUID project = api.project("private");
      ok(api.post("/projects/" + project + "/traces", tracesIngest(null, true,
          withSpans(trace(traceId, SECRET), span("llm", UUID.randomUUID(), SECRET, "svc")))));
      web = console.bare().withHeader("Origin", origin());
    }

    String origin() {
      return "http://127.0.0.1:" + console.console().port();
    }

    String cookieName() {
      return "galileo_console_" + console.console().port();
    }

    Api.Answer signIn(String key, String next) {
      String form = "api_key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)
          + (next == null ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      return web.send("POST", "/signin", form, "application/x-www-form-urlencoded");
    }

    /** Signs in; the {@code Cookie} header value that carries the session. */
    String session() {
      Api.Answer a = signIn(KEY, "/");
      assertThat(a.status()).as(a.toString()).isEqualTo(303);
      String setCookie = a.raw().headers().firstValue("Set-Cookie").orElseThrow();
      return setCookie.substring(0, setCookie.indexOf(';'));
    }

    List<String> pages() {
      return List.of("/", "/index.html", "/traces/" + traceId);
    }

    List<String> uiApi() {
      return List.of("/api/traces", "/api/traces/" + traceId, "/api/projects", "/api/live", "/api/session");
    }

    List<String> scripts() {
      return List.of("/static/common.js", "/static/live.js", "/static/list.js", "/static/trace.js",
          "/static/agent.js");
    }

    void assertRefused(Api.Answer a, String route) {
      // 429 once this address has sent more wrong keys than it may in a row (SignInThrottleTest).
      assertThat(a.status()).as(route).isIn(401, 429);
      assertThat(a.text()).as(route).doesNotContain(SECRET).doesNotContain(traceId.toString());
      assertThat(a.raw().headers().firstValue("Set-Cookie")).as(route).isEmpty();
    }

    @Test
    void signedOutThePagesSendToTheSignInPageAndComeBackAfterwards() {
      for (String page : pages()) {
        Api.Answer a = console.bare().get(page);
        assertThat(a.status()).as(page).isEqualTo(303);
        assertThat(a.raw().headers().firstValue("Location"))
            .hasValue("/signin?next=" + URLEncoder.encode(page, StandardCharsets.UTF_8));
        assertThat(a.text()).isEmpty();
      }
      Api.Answer withQuery = console.bare().get("/?project=x&q=y");
      assertThat(withQuery.raw().headers().firstValue("Location"))
          .hasValue("/signin?next=%2F%3Fproject%3Dx%26q%3Dy");
    }

    @Test
    void withoutTheKeyOrWithAWrongOneNothingElseAnswersAndNothingLeaks() {
      for (String route : concat(uiApi(), scripts())) {
        assertRefused(console.bare().get(route), route);
        assertRefused(console.bare().withHeader("Galileo-API-Key", "wrong").get(route), route);
        assertRefused(console.bare().withHeader("Authorization", "Bearer wrong").get(route), route);
        assertRefused(console.bare().withHeader("Cookie", cookieName() + "=forged").get(route), route);
      }
      for (String page : pages()) {
        // The key is for scripts and SDKs: a page wants a signed-in browser.
        Api.Answer a = console.bare().withHeader("Galileo-API-Key", KEY).get(page);
        assertThat(a.status()).as(page).isEqualTo(303);
        assertThat(console.bare().withHeader("Cookie", cookieName() + "=forged").get(page).status())
            .as(page).isEqualTo(303);
      }
      assertRefused(console.v2().get("/projects"), "/v2/projects");
      assertRefused(console.v2().withHeader("Galileo-API-Key", "wrong").get("/projects"), "/v2/projects");
    }

    @Test
    void theKeyInAHeaderOpensTheJsonApi() {
      for (String route : uiApi()) {
        assertThat(console.bare().withHeader("Authorization", "Bearer " + KEY).get(route).status())
            .as(route).isEqualTo(200);
        assertThat(console.bare().withHeader("Galileo-API-Key", KEY).get(route).status())
            .as(route).isEqualTo(200);
      }
      assertThat(ok(console.bare().withHeader("Galileo-API-Key", KEY).get("/api/traces/" + traceId)).text())
          .contains(SECRET);
      assertThat(ok(console.bare().withHeader("Galileo-API-Key", KEY).get("/api/session")).json())
          .isEqualTo(Api.parse("{\"api_key_required\": true, \"session\": false}"));
    }

    @Test
    void aSessionOpensThePagesScriptsAndJsonApi() {
      Api signedIn = console.bare().withHeader("Cookie", session());
      for (String route : concat(pages(), uiApi(), scripts())) {
        assertThat(signedIn.get(route).status()).as(route).isEqualTo(200);
      }
      assertThat(signedIn.get("/api/traces").text()).contains(SECRET);
      assertThat(ok(signedIn.get("/api/session")).json())
          .isEqualTo(Api.parse("{\"api_key_required\": true, \"session\": true}"));
      // Galileo's API keeps its own credentials: the browser's session is not a key.
      assertThat(signedIn.withPrefix("/v2").get("/projects").status()).isEqualTo(401);
    }

    @Test
    void theSignInPageItsStylesheetAndTheHealthcheckNeedNoKeyAndHoldNoTrace() {
      for (String route : List.of("/signin", "/static/console.css", "/static/favicon.svg", "/favicon.ico",
          "/healthcheck", "/v2/healthcheck")) {
        Api.Answer a = console.bare().get(route);
        assertThat(a.status()).as(route).isEqualTo(200);
        assertThat(a.text()).as(route).doesNotContain(SECRET).doesNotContain(traceId.toString());
      }
      Api.Answer page = console.bare().get("/signin?next=/traces/" + traceId);
      assertThat(page.raw().headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.text()).contains("<form id=\"signin\"", "name=\"api_key\"", "type=\"password\"")
          .contains("value=\"/traces/" + traceId + "\"");
      String csp = page.raw().headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp).contains("default-src 'none'", "script-src 'self'", "form-action 'self'",
          "frame-ancestors 'none'").doesNotContain("unsafe-inline");
      assertThat(page.raw().headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(page.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void signingInSetsAnHttpOnlyStrictSessionCookieThatIsNotTheKey() {
      Api.Answer a = signIn(KEY, "/traces/" + traceId);
      assertThat(a.status()).isEqualTo(303);
      assertThat(a.raw().headers().firstValue("Location")).hasValue("/traces/" + traceId);
      assertThat(a.text()).isEmpty();
      List<String> cookies = a.raw().headers().allValues("Set-Cookie");
      assertThat(cookies).hasSize(1);
      String cookie = cookies.get(0);
      List<String> parts = List.of(cookie.split(";\\s*"));
      assertThat(parts.get(0)).startsWith(cookieName() + "=");
      String token = parts.get(0).substring(cookieName().length() + 1);
      assertThat(token).hasSizeGreaterThanOrEqualTo(40).doesNotContain(KEY);
      assertThat(parts.subList(1, parts.size()))
          .containsExactlyInAnyOrder("Path=/", "HttpOnly", "SameSite=Strict");
      assertThat(cookie).as("served over http, not https").doesNotContain("Secure");
      assertThat(session()).as("a new random token each time").isNotEqualTo(parts.get(0));
    }

    @Test
    void aWrongKeyGets401AndTheSignInPageWithAnErrorButNoCookie() {
      Api.Answer a = signIn("wrong", "/");
      assertThat(a.status()).isEqualTo(401);
      assertThat(a.raw().headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(a.text()).contains("id=\"signin-error\"", "not this console&#39;s API key")
          .doesNotContain(SECRET).doesNotContain("wrong");
      assertThat(a.raw().headers().firstValue("Set-Cookie")).isEmpty();
      Api.Answer none = web.send("POST", "/signin", "next=%2F", "application/x-www-form-urlencoded");
      assertThat(none.status()).isEqualTo(401);
    }

    @Test
    void aSignInFormPostedFromElsewhereIsRefused() {
      String form = "api_key=" + KEY;
      for (String origin : new String[] {"http://evil.example", "null", "https://127.0.0.1:"
          + console.console().port(), "http://127.0.0.1:" + (console.console().port() + 1)}) {
        Api.Answer a = console.bare().withHeader("Origin", origin)
            .send("POST", "/signin", form, "application/x-www-form-urlencoded");
        assertThat(a.status()).as(origin).isEqualTo(403);
        assertThat(a.raw().headers().firstValue("Set-Cookie")).as(origin).isEmpty();
      }
      Api.Answer noOrigin = console.bare().send("POST", "/signin", form, "application/x-www-form-urlencoded");
      assertThat(noOrigin.status()).isEqualTo(403);
      assertThat(web.send("POST", "/signin", "{\"api_key\": \"" + KEY + "\"}", "application/json").status())
          .isEqualTo(415);
    }

    @Test
    void afterSigningInOnlyLocalPagesAreReturnedTo() {
      for (String next : new String[] {"//evil.example/", "https://evil.example/", "/\\evil.example",
          "javascript:alert(1)", "/\"><script>"}) {
        Api.Answer a = signIn(KEY, next);
        assertThat(a.raw().headers().firstValue("Location")).as(next).hasValue("/");
      }
      String page = console.bare().get("/signin?next=" + URLEncoder.encode("/\"><script>alert(1)</script>",
          StandardCharsets.UTF_8)).text();
      assertThat(page).doesNotContain("<script>").contains("name=\"next\" value=\"/\"");
    }

    @Test
    void signingOutEndsTheSession() {
      String cookie = session();
      Api signedIn = console.bare().withHeader("Cookie", cookie);
      assertThat(signedIn.get("/api/traces").status()).isEqualTo(200);
      assertThat(signedIn.withHeader("Origin", "http://evil.example").send("POST", "/signout", "", "text/plain")
          .status()).as("not from elsewhere").isEqualTo(403);
      assertThat(signedIn.get("/api/traces").status()).isEqualTo(200);

      Api.Answer out = signedIn.withHeader("Origin", origin()).send("POST", "/signout", "", "text/plain");
      assertThat(out.status()).isEqualTo(303);
      assertThat(out.raw().headers().firstValue("Location")).hasValue("/signin");
      assertThat(out.raw().headers().firstValue("Set-Cookie").orElseThrow())
          .startsWith(cookieName() + "=;").contains("Max-Age=0");
      assertRefused(signedIn.get("/api/traces"), "/api/traces");
      assertThat(signedIn.get("/").status()).isEqualTo(303);
      assertThat(console.bare().get("/signout").status()).isEqualTo(405);
    }

    @Test
    void theLiveFeedNeedsTheSessionAtTheHandshakeAndClosesWhenItEnds() throws Exception {
      URI live = URI.create("ws://127.0.0.1:" + console.console().livePort() + "/live");
      for (String cookie : new String[] {null, cookieName() + "=forged", KEY}) {
        Throwable refused = catchThrowable(() -> LiveUpdatesTest.Client.connect(live, origin(), cookie));
        assertThat(refused).as(String.valueOf(cookie))
            .hasStackTraceContaining(WebSocketHandshakeException.class.getName());
      }
      String cookie = session();
      LiveUpdatesTest.Client client = LiveUpdatesTest.Client.connect(live, origin(), cookie);
      try {
        client.send("{\"subscribe\": null}");
        client.await(m -> m.path("type").asText().equals("subscribed"));
        assertThat(console.bare().withHeader("Cookie", cookie).withHeader("Origin", origin())
            .send("POST", "/signout", "", "text/plain").status()).isEqualTo(303);
        assertThat(client.closed.poll(20, TimeUnit.SECONDS)).as("closed on sign-out").isNotNull();
      } finally {
        client.close();
      }
      assertThatThrownBy(() -> LiveUpdatesTest.Client.connect(live, origin(), cookie))
          .hasStackTraceContaining(WebSocketHandshakeException.class.getName());
    }
  }

  @Nested
  class WithoutAKey {
    @RegisterExtension
    final RunningConsole console = RunningConsole.inMemory();

    @Test
    void everythingIsOpenOnLoopbackAndThereIsNothingToSignInTo() {
      for (String route : List.of("/", "/api/traces", "/api/live", "/static/list.js", "/v2/projects")) {
        assertThat(console.bare().get(route).status()).as(route).isEqualTo(200);
      }
      assertThat(ok(console.bare().get("/api/session")).json())
          .isEqualTo(Api.parse("{\"api_key_required\": false, \"session\": false}"));
      Api.Answer signin = console.bare().get("/signin?next=/traces/x");
      assertThat(signin.status()).isEqualTo(303);
      assertThat(signin.raw().headers().firstValue("Location")).hasValue("/traces/x");
    }

    @Test
    void itWillNotListenBeyondLoopback() {
      for (String host : new String[] {"0.0.0.0", "::"}) {
        assertThatThrownBy(() -> RunningConsole.defaults().host(host).start())
            .as(host)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("without an API key")
            .hasMessageContaining("--api-key");
      }
    }
  }

  @SafeVarargs
  static List<String> concat(List<String>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }

}
