package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.Document;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web view in headless Chromium (Debian's chromium and chromium-driver packages; skipped
 * where they are not installed): a distributed trace logged by this SDK from two services, the
 * list and the span tree, a span that arrives after the page loaded, and markup in a span's
 * output. Screenshots of both pages go to {@code target/screenshots/}.
 */
class BrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final String XSS = "<img src=x onerror=alert(1)>";

  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  @TempDir
  Path profile;

  WebDriver driver;
  WebDriverWait wait;
  GalileoTracer orchestrator;
  GalileoTracer retrieval;

  @BeforeEach
  void startBrowser() {
    driver = Chromium.start(profile);
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    orchestrator = service("orchestrator");
    retrieval = service("retrieval");
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    for (GalileoTracer t : new GalileoTracer[] {orchestrator, retrieval}) {
      if (t != null) {
        t.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  GalileoTracer service(String name) {
    return GalileoTracer.builder()
        .config(GalileoConfig.builder()
            .mode(Mode.DISTRIBUTED)
            .apiUrl(URI.create(console.console().url().toString()))
            .project("rag-demo")
            .logStream(name)
            .serviceName(name)
            .set("GALILEO_EXPORT_DELAY_MS", "20")
            .build())
        .shutdownHook(false)
        .build();
  }

  /** The ids of a distributed trace made by the two services. */
  record Logged(UUID traceId, UUID callId, UUID serverId, Context serverContext) {}

  /**
   * The orchestrator answers a question: it calls the retrieval service (its spans continue the
   * trace through the tracing headers) and a model, and concludes the trace.
   */
  Logged logDistributedTrace() {
    Span trace = orchestrator.traceBuilder("answer question")
        .setInput(Content.text("What did Galileo study?")).start();
    UUID callId;
    UUID serverId;
    Context serverContext;
    try (Scope t = trace.makeCurrent()) {
      Span call = orchestrator.spanBuilder("call retrieval", SpanType.WORKFLOW).start();
      callId = call.context().spanId();
      Map<String, String> headers;
      try (Scope c = call.makeCurrent()) {
        headers = new HashMap<>(orchestrator.tracingHeaders());
      }
      Span server = retrieval.spanBuilder("POST /retrieve", SpanType.WORKFLOW)
          .setParent(retrieval.extractHeaders(headers)).start();
      serverId = server.context().spanId();
      serverContext = Context.root().with(server);
      try (Scope s = server.makeCurrent()) {
        retrieval.spanBuilder("vector search", SpanType.RETRIEVER).setInput(Content.text("Galileo")).start()
            .setOutput(Content.documents(
                Document.of("Galileo studied the motion of pendulums.", Map.of("source", "kb/physics.md")),
                Document.of("He improved the telescope.", Map.of("source", "kb/astronomy.md"))))
            .end();
      }
      server.setOutput(Content.text("2 documents")).end();
      assertThat(retrieval.flush(Duration.ofSeconds(10)).failed()).isZero();
      call.setOutput(Content.text("2 documents")).end();
      Span llm = orchestrator.spanBuilder("answer", SpanType.LLM)
          .setInput(Content.messages(Message.system("Answer briefly."), Message.user("What did Galileo study?")))
          .setModel("local-model").start();
      llm.setTokens(42, 9).setOutput(Content.message(Message.assistant("Motion, astronomy and optics."))).end();
    }
    trace.setOutput(Content.text("Motion, astronomy and optics.")).end();
    assertThat(orchestrator.flush(Duration.ofSeconds(10)).failed()).isZero();
    return new Logged(trace.context().traceId(), callId, serverId, serverContext);
  }

  /** A span the retrieval service adds under its server span, later. */
  UUID addRetrievalSpan(Logged logged, String name, String output) {
    Span s = retrieval.spanBuilder(name, SpanType.TOOL).setParent(logged.serverContext())
        .setInput(Content.text("late input")).start();
    s.setOutput(Content.text(output)).end();
    assertThat(retrieval.flush(Duration.ofSeconds(10)).failed()).isZero();
    return s.context().spanId();
  }

  /**
   * Opens a page and waits until it shows what it loaded and is live: connected, and reloaded
   * once after connecting, so that from here on it changes only with what the test logs.
   */
  void open(String path) {
    driver.get(console.console().url() + path);
    wait.until(d -> "true".equals(((JavascriptExecutor) d)
        .executeScript("return document.body.dataset.ready || ''")));
    waitLive();
    int loads = path.equals("/") ? 2 : 1; // the list loads once on its own, then on connecting
    wait.until(d -> ((Number) ((JavascriptExecutor) d)
        .executeScript("return Number(document.body.dataset.synced || 0)")).intValue() >= loads);
  }

  WebElement row(UUID spanId) {
    return wait.until(d -> d.findElements(By.cssSelector("#tree li[data-span-id='" + spanId + "']"))
        .stream().findFirst().orElse(null));
  }

  /**
   * What {@code read} finds in a span's row, once the row is there and {@code read} gives
   * non-null: live updates re-render the tree, so the row is looked up afresh on each try.
   */
  <T> T onRow(UUID spanId, java.util.function.Function<WebElement, T> read) {
    return wait.ignoring(StaleElementReferenceException.class).until(d -> {
      List<WebElement> rows = d.findElements(By.cssSelector("#tree li[data-span-id='" + spanId + "']"));
      return rows.isEmpty() ? null : read.apply(rows.get(0));
    });
  }

  static int level(WebElement row) {
    return Integer.parseInt(row.getAttribute("aria-level"));
  }

  void waitLive() {
    wait.until(d -> "on".equals(d.findElement(By.id("live")).getAttribute("data-state")));
  }

  /** Marks the page, so that a later check can tell it was never reloaded. */
  void markPage() {
    ((JavascriptExecutor) driver).executeScript("window.__notReloaded = true;");
  }

  boolean stillSamePage() {
    return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript("return window.__notReloaded === true;"));
  }

  void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  void assertNoAlert() {
    try {
      String text = driver.switchTo().alert().getText();
      throw new AssertionError("an alert ran: " + text);
    } catch (NoAlertPresentException expected) {
      // nothing ran
    }
  }

  @Test
  void theListShowsTheDistributedTraceAndATraceLoggedLaterAppearsWithoutReloading() throws IOException {
    Logged logged = logDistributedTrace();
    open("/");
    WebElement row = wait.until(d -> d.findElements(By.cssSelector(
        "#traces tbody tr[data-trace-id='" + logged.traceId() + "']")).stream().findFirst().orElse(null));
    assertThat(row.findElement(By.cssSelector("td.name")).getText()).isEqualTo("answer question");
    assertThat(row.findElement(By.cssSelector("td.where")).getText()).isEqualTo("rag-demo / orchestrator");
    assertThat(row.findElement(By.cssSelector("td.spans")).getText()).isEqualTo("4");
    assertThat(row.findElement(By.cssSelector("td.services .count")).getText()).isEqualTo("2");
    assertThat(row.findElement(By.cssSelector("td.services")).getText()).contains("orchestrator", "retrieval");
    assertThat(row.findElement(By.cssSelector("td.status")).getText()).isEqualTo("ok");

    waitLive();
    markPage();
    Span later = orchestrator.traceBuilder("a later question").setInput(Content.text("and then?")).start();
    later.end();
    orchestrator.flush(Duration.ofSeconds(10));
    String laterRow = "#traces tbody tr[data-trace-id='" + later.context().traceId() + "']";
    String text = wait.ignoring(StaleElementReferenceException.class).until(d ->
        d.findElements(By.cssSelector(laterRow)).stream().findFirst().map(WebElement::getText).orElse(null));
    assertThat(text).contains("a later question");
    assertThat(stillSamePage()).as("the page was not reloaded").isTrue();
    String first = wait.ignoring(StaleElementReferenceException.class).until(d ->
        d.findElements(By.cssSelector("#traces tbody tr")).get(0).getAttribute("data-trace-id"));
    assertThat(first).as("newest first").isEqualTo(later.context().traceId().toString());

    // The text filter narrows the list.
    driver.findElement(By.id("q")).sendKeys("later");
    wait.until(d -> d.findElements(By.cssSelector("#traces tbody tr")).size() == 1);
    driver.findElement(By.id("q")).clear();
    driver.findElement(By.id("q")).sendKeys(" ");
    wait.until(d -> d.findElements(By.cssSelector("#traces tbody tr")).size() == 2);
    screenshot("trace-list.png");
    assertNoAlert();
  }

  @Test
  void aDistributedTracesTreeShowsBothServicesAndASpanAddedLaterAppearsLive() throws IOException {
    Logged logged = logDistributedTrace();
    open("/traces/" + logged.traceId());
    assertThat(driver.findElement(By.id("trace-name")).getText()).isEqualTo("answer question");

    WebElement call = row(logged.callId());
    WebElement server = row(logged.serverId());
    assertThat(call.getAttribute("data-service")).isEqualTo("orchestrator");
    assertThat(server.getAttribute("data-service")).isEqualTo("retrieval");
    assertThat(Integer.parseInt(server.getAttribute("aria-level")))
        .as("the retrieval service's span sits under the orchestrator's call")
        .isEqualTo(Integer.parseInt(call.getAttribute("aria-level")) + 1);
    assertThat(server.findElement(By.cssSelector(".service")).getText()).isEqualTo("retrieval");
    assertThat(server.findElement(By.cssSelector(".type")).getText()).isEqualToIgnoringCase("workflow");
    assertThat(driver.findElements(By.cssSelector("#tree li[data-service='orchestrator']"))).hasSizeGreaterThanOrEqualTo(3);
    assertThat(driver.findElements(By.cssSelector("#tree li[data-service='retrieval']"))).hasSize(2);
    assertThat(driver.findElements(By.cssSelector("#tree .waterfall .bar"))).hasSize(5);
    assertThat(driver.findElements(By.cssSelector("#services .service"))).extracting(WebElement::getText)
        .containsExactly("orchestrator", "retrieval");

    // Selecting the retriever shows its documents with their metadata.
    driver.findElements(By.cssSelector("#tree li[data-type='retriever']")).get(0).click();
    wait.until(d -> d.findElement(By.id("detail-output")).getText().contains("kb/physics.md"));
    assertThat(driver.findElement(By.id("detail-output")).getText()).contains("Galileo studied the motion of pendulums.");
    // Selecting the LLM span shows its chat messages, model and tokens.
    driver.findElements(By.cssSelector("#tree li[data-type='llm']")).get(0).click();
    wait.until(d -> d.findElement(By.id("detail-output")).getText().contains("Motion, astronomy and optics."));
    assertThat(driver.findElement(By.id("detail-input")).getText()).contains("Answer briefly.", "What did Galileo study?");
    assertThat(driver.findElement(By.id("detail")).getText()).contains("local-model", "in 42, out 9");
    screenshot("trace-tree.png");

    waitLive();
    markPage();
    UUID late = addRetrievalSpan(logged, "rerank documents", "ranked");
    int serverLevel = onRow(logged.serverId(), BrowserTest::level);
    String lateText = onRow(late, WebElement::getText);
    String lateService = onRow(late, r -> r.getAttribute("data-service"));
    int lateLevel = onRow(late, BrowserTest::level);
    assertThat(lateText).contains("rerank documents");
    assertThat(lateService).isEqualTo("retrieval");
    assertThat(lateLevel).as("under the retrieval service's server span").isEqualTo(serverLevel + 1);
    assertThat(stillSamePage()).as("the page was not reloaded").isTrue();
    assertThat(driver.findElements(By.cssSelector("#tree li.row"))).as("the trace and its 5 spans").hasSize(6);
    // The trace was complete when it came: Galileo would refuse it, and the page says so.
    String note = onRow(late, r -> r.findElements(By.cssSelector(".late-note")).stream()
        .findFirst().map(WebElement::getText).orElse(null));
    assertThat(note).isEqualTo(LateSpansTest.REASON);
    String badge = onRow(late, r -> r.findElement(By.cssSelector(".badge.late")).getText());
    assertThat(badge).isEqualToIgnoringCase("late");
    assertThat(driver.findElements(By.cssSelector("#tree li.row.late"))).as("only that span").hasSize(1);
    wait.until(d -> d.findElement(By.id("late-summary")).isDisplayed());
    assertThat(driver.findElement(By.id("late-summary")).getText())
        .isEqualTo("1 span arrived after the trace was complete: Galileo rejects it.");
    assertThat(driver.findElement(By.id("late-count")).getText()).isEqualTo("1");
    onRow(late, r -> {
      r.click();
      return true;
    });
    wait.until(d -> d.findElements(By.id("detail-late")).size() == 1);
    assertThat(driver.findElement(By.id("detail-late")).getText()).isEqualTo("Late: " + LateSpansTest.REASON);
    screenshot("trace-tree-live.png");
    assertNoAlert();
  }

  @Test
  void markupInASpansOutputIsShownAsTextAndRunsNothing() throws IOException {
    Logged logged = logDistributedTrace();
    open("/traces/" + logged.traceId());
    waitLive();
    UUID evil = addRetrievalSpan(logged, XSS, XSS);
    String evilName = onRow(evil, r -> r.findElement(By.cssSelector(".span-name")).getText());
    assertThat(evilName).isEqualTo(XSS);
    onRow(evil, r -> {
      r.click();
      return true;
    });
    String output = wait.ignoring(StaleElementReferenceException.class).until(d -> {
      List<WebElement> pre = d.findElements(By.cssSelector("#detail-output pre"));
      return pre.isEmpty() ? null : pre.get(0).getText();
    });
    assertThat(output).isEqualTo(XSS);
    assertThat(driver.findElements(By.tagName("img"))).as("no element was made from the markup").isEmpty();
    assertThat(driver.findElement(By.cssSelector("#detail h2")).getText()).contains(XSS);

    // And in the list, where the name is shown too.
    Span trace = orchestrator.traceBuilder(XSS).setInput(Content.text(XSS)).start();
    trace.end();
    orchestrator.flush(Duration.ofSeconds(10));
    open("/");
    WebElement listed = wait.until(d -> d.findElements(By.cssSelector(
        "#traces tbody tr[data-trace-id='" + trace.context().traceId() + "'] td.name")).stream()
        .findFirst().orElse(null));
    assertThat(listed.getText()).isEqualTo(XSS);
    assertThat(driver.findElements(By.tagName("img"))).isEmpty();
    assertNoAlert();
    screenshot("markup-as-text.png");
    assertThat(ok(console.bare().get("/api/traces/" + logged.traceId())).path("spans").toString())
        .contains("onerror=alert(1)");
  }
}
