package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.ok;
import static ai.galileo.tracing.console.Records.span;
import static ai.galileo.tracing.console.Records.trace;
import static ai.galileo.tracing.console.Records.tracesIngest;
import static ai.galileo.tracing.console.Records.withSpans;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A trace larger than a page of spans in headless Chromium: the page draws the first 2,000 spans
 * and says how many there are, and loads the rest when asked, rather than loading and drawing
 * them all at once (60,000 would hang the tab).
 */
class LargeTraceBrowserTest {
  private static final int SPANS = 2_300;

  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  @TempDir
  Path profile;

  WebDriver driver;

  @BeforeEach
  void startBrowser() {
    driver = Chromium.start(profile);
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void aLargeTraceShowsAPageOfSpansAndLoadsTheRestOnRequest() throws Exception {
    Api api = console.v2();
    UUID project = api.project("big");
    UUID traceId = UUID.randomUUID();
    ObjectNode[] spans = new ObjectNode[SPANS];
    for (int i = 0; i < SPANS; i++) {
      spans[i] = span("tool", UUID.randomUUID(), "step " + i, "svc");
    }
    ok(api.post("/projects/" + project + "/traces", tracesIngest(null, true,
        withSpans(trace(traceId, "many steps"), spans))));

    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    driver.get(console.console().url() + "/traces/" + traceId);
    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    // The trace's own row and the first page of its spans.
    assertThat(driver.findElements(By.cssSelector("#tree li.row"))).hasSize(1 + 2_000);
    assertThat(driver.findElement(By.id("more-text")).getText()).isEqualTo("Showing 2,000 of 2,300 spans.");
    assertThat(driver.findElement(By.id("more-button")).getText()).isEqualTo("Load 300 more");
    Files.createDirectories(BrowserTest.SCREENSHOTS);
    Files.write(BrowserTest.SCREENSHOTS.resolve("large-trace.png"),
        ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

    driver.findElement(By.id("more-button")).click();
    wait.until(d -> d.findElements(By.cssSelector("#tree li.row")).size() == 1 + SPANS);
    assertThat(driver.findElement(By.id("more")).isDisplayed()).isFalse();
  }
}
