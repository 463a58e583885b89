package dev.weir.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageResult;
import dev.weir.samples.orders.OrdersFlow;
import dev.weir.server.FlowServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operations page in a real browser (headless Chromium from Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs): it draws every stage of the orders sample,
 * starts the flow with its Start button, and shows the final counts. The screenshot goes to
 * {@code target/operations-page.png}.
 */
class OperationsPageInBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(60); // a bound on waits, not a timing assertion

  private static Path executable(String... names) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : names) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    throw new AssertionError("no " + String.join(" or ", names) + " on the PATH: install Debian's chromium and"
        + " chromium-driver (apt-get install -y chromium chromium-driver; .ci/run does it when they are missing)");
  }

  @Test
  void thePage_drawsTheOrdersFlow_startsIt_andShowsItsFinalCounts() throws Exception {
    Path chromium = executable("chromium", "chromium-browser", "google-chrome");
    Path driver = executable("chromedriver");
    FlowHandle h = OrdersFlow.builder().journals(Journals.memory()).manualStart().start();
    ChromeDriver browser = null;
    try (FlowServer server = FlowServer.builder(h).port(0).start()) {
      ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--window-size=1500,700");
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
          .usingAnyFreePort().build();
      browser = new ChromeDriver(service, options);
      browser.get(server.uri().toString());
      ChromeDriver b = browser;
      WebDriverWait wait = new WebDriverWait(browser, WAIT);

      wait.until(d -> d.findElement(By.id("flow-state")).getText().equals("MATERIALIZED"));
      for (String stage : new String[] {"orders", "validate", "domestic", "international", "ledger", "summary"}) {
        assertThat(browser.findElement(By.id("stage-" + stage)).getText()).as(stage).contains(stage);
      }
      assertThat(browser.findElements(By.cssSelector("path.edge"))).hasSize(h.definition().edges().size());
      WebElement start = browser.findElement(By.id("start"));
      assertThat(start.isEnabled()).isTrue();
      start.click();

      wait.until(d -> d.findElement(By.id("flow-state")).getText().equals("COMPLETED"));
      FlowResult result = h.await();
      assertThat(result.state()).isEqualTo(FlowState.COMPLETED);
      wait.until(d -> result.stages().stream().allMatch(s -> shows(b, s)));
      for (StageResult s : result.stages()) {
        WebElement node = browser.findElement(By.id("stage-" + s.name()));
        assertThat(node.getDomAttribute("data-state")).as(s.name()).isEqualTo("COMPLETED");
        assertThat(node.getText()).as(s.name()).contains("in " + s.received()).contains("out " + s.emitted())
            .contains("errors " + s.errors());
      }
      assertThat(browser.findElement(By.id("stage-validate")).getText()).contains("errors 44");
      assertThat(browser.findElement(By.id("start")).isEnabled()).isFalse();
      assertThat(browser.findElement(By.id("stop")).isEnabled()).isFalse();

      Path shot = Path.of("target", "operations-page.png");
      Files.createDirectories(shot.getParent());
      Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
      assertThat(Files.size(shot)).isPositive();
    } finally {
      if (browser != null) {
        browser.quit();
      }
      h.close();
    }
  }

  private static boolean shows(ChromeDriver browser, StageResult s) {
    WebElement node = browser.findElement(By.id("stage-" + s.name()));
    return Optional.ofNullable(node.getDomAttribute("data-emitted")).equals(Optional.of(Long.toString(s.emitted())));
  }
}
