package com.carrier.hub.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * One headless Debian chromium for a browser test class, against the hub the test started: open a page, sign in,
 * set an input's value, take a screenshot to {@code target/console-screenshots/}. Nothing is downloaded: both the
 * browser's and the driver's paths are given, so Selenium Manager has nothing to find.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final int port;

    private ConsoleBrowser(ChromeDriver driver, int port) {
        this.driver = driver;
        this.port = port;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    /** Starts the browser for the hub on {@code port}; fails saying how to install chromium when it is missing. */
    static ConsoleBrowser start(int port) throws IOException {
        for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertThat(new File(binary).canExecute())
                    .as(binary + " is missing: the console's browser tests need Debian's headless chromium; install it"
                            + " with: apt-get install -y -q chromium chromium-driver (.ci/run does so)")
                    .isTrue();
        }
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("console-chromium").toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return new ConsoleBrowser(driver, port);
    }

    void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    /** Signs in through the form and waits to leave the sign-in page. */
    void signIn(String user, String password) {
        driver.manage().deleteAllCookies();
        open("/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        wait.until(d -> !d.getCurrentUrl().endsWith("/login"));
    }

    /** Types into an input, replacing what it held. */
    void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /** Sets an input's value as the page would hold it (date and time inputs take keys in the browser's locale). */
    void set(String id, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", driver.findElement(By.id(id)), value);
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    void screenshot(String name) {
        try {
            Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    /**
     * One browser for a test class, against the hub its Spring test context started: started before the first test,
     * closed after the last. {@code @RegisterExtension static final ConsoleBrowser.PerClass browsers = …}, then
     * {@link #get()} in the tests.
     */
    static final class PerClass implements BeforeEachCallback, AfterAllCallback {

        private ConsoleBrowser browser;

        ConsoleBrowser get() {
            return browser;
        }

        @Override
        public void beforeEach(ExtensionContext context) throws IOException {
            if (browser == null) {
                String port = SpringExtension.getApplicationContext(context).getEnvironment().getProperty("local.server.port");
                browser = start(Integer.parseInt(port));
            }
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (browser != null) {
                browser.close();
                browser = null;
            }
        }
    }
}
