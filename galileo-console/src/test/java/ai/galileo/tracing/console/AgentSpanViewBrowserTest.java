package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.ok;
import static ai.galileo.tracing.console.Records.span;
import static ai.galileo.tracing.console.Records.trace;
import static ai.galileo.tracing.console.Records.tracesIngest;
import static ai.galileo.tracing.console.Records.withSpans;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The span view of an agent's trace in headless Chromium (skipped without Debian's chromium and
 * chromium-driver): logged over Galileo's ingest API as Galileo's SDKs send it, the LLM span shows
 * its finish reason, the tools it was offered, its reasoning as a block of its own, its MCP and
 * built-in tool events and its image and audio tokens; the agent span its agent type; the tool
 * span its tool call id, linked both ways to the assistant's tool call. Markup anywhere in these
 * fields shows as text. Screenshots go to {@code target/screenshots/}.
 */
class AgentSpanViewBrowserTest {
  static final String XSS = "<img src=x onerror=alert(1)>";

  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  @TempDir
  Path profile;

  WebDriver driver;
  WebDriverWait wait;
  Api api;
  UUID stream;
  String traces;

  @BeforeEach
  void start() {
    driver = Chromium.start(profile);
    driver.manage().window().setSize(new Dimension(1400, 1900));
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    api = console.v2();
    UUID project = api.project("agents");
    stream = api.logStream(project, "weather");
    traces = "/projects/" + project + "/traces";
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
  }

  void log(ObjectNode trace) {
    ok(api.post(traces, tracesIngest(stream, true, trace)));
  }

  /**
   * Opens a trace's page once it is live and has reloaded on connecting, so that nothing
   * re-renders under the test after that.
   */
  void open(UUID traceId) {
    driver.get(console.console().url() + "/traces/" + traceId);
    wait.until(d -> "true".equals(((JavascriptExecutor) d)
        .executeScript("return document.body.dataset.ready || ''")));
    wait.until(d -> "on".equals(d.findElement(By.id("live")).getAttribute("data-state")));
    wait.until(d -> ((Number) ((JavascriptExecutor) d)
        .executeScript("return Number(document.body.dataset.synced || 0)")).intValue() >= 1);
  }

  void select(UUID spanId) {
    wait.ignoring(StaleElementReferenceException.class).until(d -> {
      d.findElement(By.cssSelector("#tree li[data-span-id='" + spanId + "']")).click();
      return true;
    });
    wait.until(d -> !d.findElements(By.cssSelector(
        "#tree li[data-span-id='" + spanId + "'][aria-selected='true']")).isEmpty());
  }

  String text(String css) {
    return wait.until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null)).getText();
  }

  List<String> texts(String css) {
    return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  void screenshot(String name) throws IOException {
    Files.createDirectories(BrowserTest.SCREENSHOTS);
    Files.write(BrowserTest.SCREENSHOTS.resolve(name),
        ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
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
  void anLlmSpanShowsItsFinishReasonToolsOfferedReasoningAndEvents() throws IOException {
    AgentRecords agent = new AgentRecords();
    log(agent.trace());
    open(agent.traceId);
    select(agent.llmId);

    assertThat(text("#detail-finish-reason")).isEqualTo("tool_calls");
    assertThat(text("#detail-image-tokens")).isEqualTo("in 85, out 0");
    assertThat(text("#detail-audio-tokens")).isEqualTo("in 120, out 0");

    assertThat(text("#detail-tools h3")).isEqualToIgnoringCase("Tools offered · 2");
    assertThat(texts("#detail-tools .tool-def-name")).containsExactly("get_weather", "search_docs");
    assertThat(texts("#detail-tools .tool-desc"))
        .containsExactly("Current weather for a city.", "Searches the travel guides for advice.");
    WebElement weather = driver.findElement(By.cssSelector("#detail-tools .tool-def[data-tool-name='get_weather']"));
    assertThat(weather.findElements(By.cssSelector(".params li"))).extracting(li -> li.getText().replace('\n', ' '))
        .containsExactly("city string REQUIRED City name, e.g. Paris", "unit \"celsius\" | \"fahrenheit\"");
    assertThat(weather.findElements(By.cssSelector(".chip.called"))).as("the model called it").hasSize(1);
    assertThat(driver.findElements(By.cssSelector("#detail-tools .tool-def[data-tool-name='search_docs'] .chip.called")))
        .as("offered, not called").isEmpty();
    // The schema is folded until asked for.
    WebElement schema = weather.findElement(By.cssSelector("details.schema pre.json"));
    assertThat(schema.isDisplayed()).isFalse();
    weather.findElement(By.cssSelector("details.schema summary")).click();
    wait.until(d -> schema.isDisplayed());
    assertThat(schema.getText()).contains("\"required\": [", "\"fahrenheit\"");

    WebElement reasoning = driver.findElement(By.cssSelector("#detail-reasoning .reasoning"));
    assertThat(reasoning.findElement(By.cssSelector(".reasoning-summary pre")).getText()).isEqualTo(AgentRecords.SUMMARY);
    assertThat(reasoning.findElement(By.cssSelector(".reasoning-content pre")).getText()).isEqualTo(AgentRecords.REASONING);
    assertThat(reasoning.getText()).contains("completed");

    assertThat(driver.findElements(By.cssSelector("#detail-events li.event")))
        .extracting(e -> e.getAttribute("data-event-type"))
        .containsExactly("mcp_list_tools", "mcp_call", "internal_tool_call");
    assertThat(texts("#detail-events .event-title")).containsExactly("travel-docs", "travel-docs › search_docs", "web_search");
    assertThat(text("#detail-events li[data-event-type='mcp_call']")).contains("umbrella Paris spring", "Showers are common in April.");
    assertThat(text("#detail-events li[data-event-type='mcp_list_tools'] .tool-def-name")).isEqualTo("search_docs");

    // The assistant's tool call carries its id, linked to the TOOL span that ran it.
    WebElement call = driver.findElement(By.cssSelector("#detail-output .tool-calls li[data-call-id='" + AgentRecords.CALL_ID + "']"));
    assertThat(call.findElement(By.cssSelector(".call-id")).getText()).isEqualTo(AgentRecords.CALL_ID);
    assertThat(call.findElement(By.cssSelector(".call-link")).getText()).isEqualTo("ran by get_weather");
    ((JavascriptExecutor) driver).executeScript("document.getElementById('detail').scrollTop = 0");
    screenshot("agent-llm-span.png");

    call.findElement(By.cssSelector("a.goto")).click();
    wait.until(d -> !d.findElements(By.cssSelector(
        "#tree li[data-span-id='" + agent.toolId + "'][aria-selected='true']")).isEmpty());
    assertThat(text("#detail-tool-call-id .call-id")).isEqualTo(AgentRecords.CALL_ID);
    assertThat(text("#detail-tool-call-id .call-link")).isEqualTo("asked by chat gpt-4o");
    screenshot("agent-tool-span.png");
    driver.findElement(By.cssSelector("#detail-tool-call-id a.goto")).click();
    wait.until(d -> !d.findElements(By.cssSelector(
        "#tree li[data-span-id='" + agent.llmId + "'][aria-selected='true']")).isEmpty());

    // The final answer: finished with stop, its input has the tool's result tied to the same call.
    select(agent.answerId);
    assertThat(text("#detail-finish-reason")).isEqualTo("stop");
    assertThat(text("#detail-input .tool-call-id").replace('\n', ' ')).isEqualTo("result of " + AgentRecords.CALL_ID + " ran by get_weather");
    assertThat(driver.findElements(By.id("detail-reasoning"))).as("no reasoning logged").isEmpty();

    select(agent.agentId);
    assertThat(text("#detail-agent-type")).isEqualTo("react");
    assertThat(driver.findElements(By.id("detail-tools"))).isEmpty();
    assertNoAlert();
  }

  @Test
  void markupInToolsReasoningEventsAndIdsIsShownAsTextAndLongSchemasScroll() throws IOException {
    UUID traceId = UUID.randomUUID();
    UUID llmId = UUID.randomUUID();
    UUID toolId = UUID.randomUUID();
    StringBuilder properties = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      properties.append(i == 0 ? "" : ",").append("\"field_").append(i).append("\":{\"type\":\"string\"}");
    }
    ObjectNode llm = span("llm", llmId, "llm", "svc");
    llm.putArray("input").add(AgentRecords.message("user", "hi"));
    ObjectNode out = AgentRecords.message("assistant", "");
    out.putArray("tool_calls").addObject().put("id", XSS)
        .putObject("function").put("name", XSS).put("arguments", "{}");
    llm.set("output", out);
    llm.put("finish_reason", XSS);
    llm.putArray("tools")
        .add(AgentRecords.function(XSS, XSS, "{\"type\":\"object\",\"properties\":{\"" + XSS + "\":{\"type\":\"string\"}}}"))
        .add(AgentRecords.function("wide", "sixty parameters", "{\"type\":\"object\",\"properties\":{" + properties + "}}"));
    llm.putArray("events")
        .add(Api.parse("{\"type\":\"reasoning\",\"content\":\"" + XSS + "\",\"summary\":\"" + XSS + "\"}"))
        .add(Api.parse("{\"type\":\"mcp_call\",\"server_name\":\"" + XSS + "\",\"error_message\":\"" + XSS + "\"}"));
    ObjectNode tool = span("tool", toolId, XSS, "svc");
    tool.put("tool_call_id", XSS);
    log(withSpans(trace(traceId, "markup"), llm, tool));

    open(traceId);
    select(llmId);
    assertThat(text("#detail-finish-reason")).isEqualTo(XSS);
    assertThat(texts("#detail-tools .tool-def-name")).containsExactly(XSS, "wide");
    assertThat(text("#detail-tools .tool-desc")).isEqualTo(XSS);
    assertThat(text("#detail-tools .param-name")).isEqualTo(XSS);
    assertThat(text("#detail-reasoning .reasoning-content pre")).isEqualTo(XSS);
    assertThat(text("#detail-reasoning .reasoning-summary pre")).isEqualTo(XSS);
    assertThat(text("#detail-events .event-title")).isEqualTo(XSS);
    assertThat(text("#detail-events .event-error")).isEqualTo(XSS);
    assertThat(text("#detail-output .call-link")).isEqualTo("ran by " + XSS);

    // Sixty parameters: a dozen on the card, the rest in the schema, which scrolls.
    WebElement wide = driver.findElement(By.cssSelector("#detail-tools .tool-def[data-tool-name='wide']"));
    assertThat(wide.findElements(By.cssSelector(".params li"))).hasSize(13);
    assertThat(wide.findElements(By.cssSelector(".params li")).get(12).getText()).isEqualTo("+ 48 more in the schema");
    wide.findElement(By.cssSelector("details.schema summary")).click();
    WebElement schema = wide.findElement(By.cssSelector("details.schema pre.json"));
    wait.until(d -> schema.isDisplayed());
    Object scrolls = ((JavascriptExecutor) driver).executeScript(
        "const e = arguments[0]; return e.scrollHeight > e.clientHeight && getComputedStyle(e).overflowY === 'auto';", schema);
    assertThat(scrolls).as("the long schema scrolls in its own box").isEqualTo(true);
    assertThat(driver.findElements(By.tagName("img"))).as("no element was made from the markup").isEmpty();
    ((JavascriptExecutor) driver).executeScript("document.getElementById('detail').scrollTop = 0");
    screenshot("agent-markup-as-text.png");

    select(toolId);
    assertThat(text("#detail-tool-call-id .call-id")).isEqualTo(XSS);
    assertThat(text("#detail h2")).contains(XSS);
    assertThat(driver.findElements(By.tagName("img"))).as("no element was made from the markup").isEmpty();
    assertThat(driver.findElements(By.cssSelector("#detail script"))).isEmpty();
    assertNoAlert();
  }
}
