package ai.galileo.tracing.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web view's files: served from the jar with a strict Content Security Policy, and written so
 * that nothing from a trace can become markup or script.
 */
class WebPagesTest {
  private static final List<String> SCRIPTS = List.of("common.js", "live.js", "list.js", "trace.js", "agent.js");
  private static final List<String> PAGES = List.of("index.html", "trace.html", "signin.html");

  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  @Test
  void theListAndTracePagesAreHtmlWithAStrictPolicy() {
    for (String route : List.of("/", "/index.html", "/traces/" + UUID.randomUUID())) {
      Api.Answer a = console.bare().get(route);
      assertThat(a.status()).as(route).isEqualTo(200);
      assertThat(a.raw().headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      String csp = a.raw().headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
          "frame-ancestors 'none'", "base-uri 'none'", "require-trusted-types-for 'script'");
      assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval");
      assertThat(a.raw().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(a.raw().headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
    assertThat(console.bare().get("/").text()).contains("<table id=\"traces\"");
    assertThat(console.bare().get("/traces/" + UUID.randomUUID()).text()).contains("id=\"tree\"");
  }

  @Test
  void staticFilesAreServedWithTheirTypesAndNothingElseIs() {
    Api.Answer js = console.bare().get("/static/trace.js");
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.raw().headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(console.bare().get("/static/console.css").raw().headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");
    assertThat(console.bare().get("/static/favicon.svg").status()).isEqualTo(200);
    assertThat(console.bare().get("/static/nothing.js").status()).isEqualTo(404);
    assertThat(console.bare().get("/static/..%2Fweb%2Findex.html").status()).isEqualTo(404);
    assertThat(console.bare().get("/static/../../GalileoConsole.class").status()).isEqualTo(404);
    assertThat(console.bare().post("/", Api.obj()).status()).isEqualTo(405);
  }

  @Test
  void thePagesHaveNoInlineScriptOrStyleForThePolicyToRefuse() throws IOException {
    Pattern inline = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>|\\son[a-z]+\\s*=|\\sstyle\\s*=|<style",
        Pattern.CASE_INSENSITIVE);
    for (String page : PAGES) {
      assertThat(inline.matcher(resource(page)).find()).as(page).isFalse();
    }
  }

  @Test
  void theScriptsNeverTurnTextIntoMarkupOrCode() throws IOException {
    Pattern sinks = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|"
        + "new Function|setTimeout\\(\\s*['\"`]|setInterval\\(\\s*['\"`]|createContextualFragment|srcdoc|DOMParser");
    for (String script : SCRIPTS) {
      assertThat(sinks.matcher(resource(script)).find()).as(script).isFalse();
    }
  }

  @Test
  void aConsoleOnLoopbackAnswersOnlyToItsOwnHostNames() throws IOException {
    int port = console.console().port();
    assertThat(statusLine("evil.example:" + port, "/")).isEqualTo("HTTP/1.1 421");
    assertThat(statusLine("evil.example", "/api/traces")).isEqualTo("HTTP/1.1 421");
    assertThat(statusLine("localhost:" + port, "/")).isEqualTo("HTTP/1.1 200");
    assertThat(statusLine("127.0.0.1:" + port, "/v2/healthcheck")).isEqualTo("HTTP/1.1 200");
    assertThat(statusLine("[::1]:" + port, "/healthcheck")).isEqualTo("HTTP/1.1 200");
  }

  /** The status line of a GET sent with this Host header (which java.net.http will not set). */
  String statusLine(String host, String path) throws IOException {
    try (Socket s = new Socket("127.0.0.1", console.console().port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    }
  }

  static String resource(String name) throws IOException {
    try (InputStream in = WebPagesTest.class.getResourceAsStream("/ai/galileo/tracing/console/web/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
