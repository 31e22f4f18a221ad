package ai.galileo.tracing.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests: Debian's chromium and chromium-driver packages, which
 * {@code .ci/run} installs. A test that needs it is skipped where they are missing; Selenium
 * Manager is never let look for, or download, a browser or a driver.
 */
final class Chromium {
  static final Path BINARY = Path.of(System.getProperty("console.test.chromium", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getProperty("console.test.chromedriver", "/usr/bin/chromedriver"));

  private Chromium() {}

  /** A new browser with its own profile in {@code profile}; the test is skipped without one. */
  static WebDriver start(Path profile) {
    assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
        "needs the chromium and chromium-driver packages (.ci/run installs them)");
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toString());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath());
    WebDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1400, 900));
    return driver;
  }
}
