package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.ok;
import static ai.galileo.tracing.console.Records.trace;
import static ai.galileo.tracing.console.Records.tracesIngest;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A console started with an API key, in headless Chromium (skipped without it, like {@link
 * BrowserTest}): signed out, its pages show no trace; signing in with the key shows them, live;
 * a wrong key shows an error; signing out ends it.
 */
class SignInBrowserTest {
  static final String KEY = "the-console-key";
  static final String SECRET = "a private prompt about the merger";

  @RegisterExtension
  final RunningConsole console = RunningConsole.with(b -> b.apiKey(KEY));

  @TempDir
  Path profile;

  WebDriver driver;
  WebDriverWait wait;
  UUID traceId = UUID.randomUUID();

  @BeforeEach
  void setUp() {
    driver = Chromium.start(profile);
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    Api api = console.v2().withHeader("Galileo-API-Key", KEY);
    UUID project = api.project("private");
    ok(api.post("/projects/" + project + "/traces", tracesIngest(null, true, trace(traceId, SECRET))));
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
  }

  String url(String path) {
    return console.console().url() + path;
  }

  String path() {
    return URI.create(driver.getCurrentUrl()).getPath();
  }

  void signIn(String key) {
    driver.findElement(By.id("api-key")).sendKeys(key);
    driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
  }

  void screenshot(String name) throws IOException {
    Files.createDirectories(BrowserTest.SCREENSHOTS);
    Files.write(BrowserTest.SCREENSHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void signedOutThePagesShowNoTraceAndSigningInWithTheKeyShowsTheListLive() throws IOException {
    for (String page : new String[] {"/", "/traces/" + traceId, "/api/traces", "/api/traces/" + traceId}) {
      driver.get(url(page));
      assertThat(driver.getPageSource()).as(page).doesNotContain(SECRET);
    }
    driver.get(url("/api/traces"));
    assertThat(driver.getPageSource()).contains("Not authenticated").doesNotContain(traceId.toString());
    driver.get(url("/"));
    assertThat(path()).as("sent to sign in").isEqualTo("/signin");
    assertThat(driver.findElements(By.id("traces"))).isEmpty();
    screenshot("signin.png");

    signIn("not-the-key");
    wait.until(d -> !d.findElements(By.id("signin-error")).isEmpty());
    assertThat(driver.findElement(By.id("signin-error")).getText()).contains("not this console's API key");
    assertThat(driver.getPageSource()).doesNotContain(SECRET);
    assertThat(driver.manage().getCookies()).as("no session for a wrong key").isEmpty();
    screenshot("signin-wrong-key.png");

    signIn(KEY);
    wait.until(d -> path().equals("/") && !d.findElements(By.cssSelector(
        "#traces tbody tr[data-trace-id='" + traceId + "']")).isEmpty());
    assertThat(driver.findElement(By.cssSelector("#traces tbody tr td.name")).getText()).isEqualTo(SECRET);
    // The live feed opened with the session cookie.
    wait.until(d -> "on".equals(d.findElement(By.id("live")).getAttribute("data-state")));
    Cookie session = driver.manage().getCookieNamed("galileo_console_" + console.console().port());
    assertThat(session).isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Strict");
    assertThat(session.getPath()).isEqualTo("/");
    assertThat(session.isSecure()).isFalse();
    assertThat(session.getValue()).doesNotContain(KEY);
    assertThat(driver.findElement(By.id("signout")).isDisplayed()).isTrue();
    screenshot("signed-in.png");

    driver.findElement(By.cssSelector("#signout button")).click();
    wait.until(d -> path().equals("/signin"));
    driver.get(url("/traces/" + traceId));
    assertThat(path()).as("signed out").isEqualTo("/signin");
    assertThat(driver.getPageSource()).doesNotContain(SECRET);
  }

  @Test
  void signingInFromALinkToATraceLeadsToThatTrace() {
    driver.get(url("/traces/" + traceId));
    assertThat(path()).isEqualTo("/signin");
    signIn(KEY);
    wait.until(d -> path().equals("/traces/" + traceId)
        && SECRET.equals(d.findElement(By.id("trace-name")).getText()));
  }
}
