package com.carrier.hub.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.PermanentFailure;
import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.TestBeans;

/**
 * The console in a real browser: Debian's headless chromium driven through its chromedriver against the hub this test
 * starts. Sign-in (and a wrong password refused), the overview's connector health, a dead letter replayed after its
 * confirmation, the language switch, a VIEWER without action buttons whose forged replay (valid session and CSRF
 * token) is refused, a POST without the token refused, a lost session sent to sign in, a script in a dead letter shown
 * as text, the files page filtered. One browser for the class; a screenshot of every page goes to {@code target/console-screenshots/}.
 */
class ConsoleBrowserIT extends HubIT {

    static final String SCRIPT = "<script>alert(1)</script>";

    static ChromeDriver browser;
    static WebDriverWait wait;

    @Autowired
    ProducerTemplate producer;
    @Autowired
    TestBeans.Flaky flaky;
    @Autowired
    JdbcTemplate jdbc;

    /** One browser for the class; {@code browser} and {@code wait} are its driver and wait. */
    @RegisterExtension
    static final ConsoleBrowser.PerClass browsers = new ConsoleBrowser.PerClass();
    static ConsoleBrowser console;

    @BeforeEach
    @AfterEach
    void clean() {
        console = browsers.get();
        browser = console.driver;
        wait = console.wait;
        flaky.reset();
        jdbc.update("DELETE FROM dead_letter");
        if (browser != null) {
            browser.manage().deleteAllCookies();
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndTheOverviewShowsConnectorHealthWithItsReason() {
        open("/");
        wait.until(ExpectedConditions.urlContains("/login"));
        screenshot("login");
        signIn("admin", "not-the-password");
        assertThat(browser.findElement(By.id("login-error")).getText()).isEqualTo("用户名或密码错误。");
        screenshot("login-refused");

        signIn("admin", "admin-pw");
        WebElement acme = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("connector-acme")));
        assertThat(acme.getText()).contains("acme", "DOWN");
        assertThat(browser.findElement(By.id("user-name")).getText()).isEqualTo("admin");
        assertThat(browser.findElement(By.id("files-ACCEPTED")).getText()).matches("\\d+");
        screenshot("overview");

        browser.findElement(By.id("nav-files")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("file-filters")));
        new Select(browser.findElement(By.id("outcome"))).selectByValue("QUARANTINED");
        browser.findElement(By.id("filter")).click();
        wait.until(ExpectedConditions.urlContains("outcome=QUARANTINED"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("文件");
        screenshot("files");
    }

    @Test
    void anOperatorReplaysADeadLetterAfterConfirmingAndSeesTheResult() {
        long id = deadLetter("order B-1 payload", new PermanentFailure("BAD_ORDER", "order B-1 is not valid"));
        signIn("operator", "operator-pw");
        open("/console/routes");
        assertThat(browser.findElement(By.id("letter-" + id)).getText()).contains("order B-1 is not valid");
        screenshot("routes");
        browser.findElement(By.id("replay-" + id)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("重放死信 " + id + "？");
        screenshot("replay-confirm");

        browser.findElement(By.id("confirm")).click();
        WebElement result = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("result")));
        assertThat(result.getText()).isEqualTo("死信 " + id + " 已重放并移除。");
        assertThat(browser.findElements(By.id("letter-" + id))).isEmpty();
        assertThat(flaky.processed.get()).isEqualTo(1);
        screenshot("replay-done");
    }

    @Test
    void theLanguageSwitchesToEnglishAndBackAndIsKeptFromPageToPage() {
        signIn("viewer", "viewer-pw");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("总览");
        browser.findElement(By.id("lang-en")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Overview"));
        screenshot("overview-en");
        browser.findElement(By.id("nav-routes")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Routes and dead letters"));
        screenshot("routes-en");
        browser.findElement(By.id("lang-zh-CN")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "路由与死信"));
        open("/");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("总览");
    }

    @Test
    void aViewerSeesNoActionAndAForgedReplayWithItsOwnSessionAndTokenIsRefused() {
        long id = deadLetter("order V-1 payload", new PermanentFailure("BAD_ORDER", "order V-1 is not valid"));
        signIn("viewer", "viewer-pw");
        open("/console/routes");
        assertThat(browser.findElement(By.id("letter-" + id)).getText()).contains("order V-1 is not valid");
        assertThat(browser.findElements(By.cssSelector("#letters .actions, #letters a.button, #letters button"))).isEmpty();
        screenshot("routes-viewer");

        // the page's own CSRF token (the sign-out form's) on a form the viewer builds by hand
        forgePost("/console/dead-letters/" + id + "/replay", true);
        WebElement denied = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("denied")));
        assertThat(denied.getText()).isEqualTo("无权操作");
        assertThat(browser.getPageSource()).contains("您账号的角色不允许此操作").doesNotContain("Exception");
        screenshot("denied-viewer");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE id = ?", Long.class, id)).isEqualTo(1);
    }

    @Test
    void anOperatorsPostWithoutTheCsrfTokenIsRefused() {
        long id = deadLetter("order C-1 payload", new PermanentFailure("BAD_ORDER", "order C-1 is not valid"));
        signIn("operator", "operator-pw");
        open("/console/routes");
        forgePost("/console/dead-letters/" + id + "/delete", false);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("denied")));
        assertThat(browser.getPageSource()).contains("安全令牌");
        screenshot("denied-csrf");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE id = ?", Long.class, id)).isEqualTo(1);
    }

    @Test
    void aLostOrExpiredSessionIsSentToSignIn() {
        signIn("viewer", "viewer-pw");
        open("/console/routes");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("路由与死信");

        // a session id the hub no longer knows is what an expired session looks like to it
        browser.manage().deleteCookieNamed("JSESSIONID");
        browser.manage().addCookie(new Cookie("JSESSIONID", "0123456789ABCDEF0123456789ABCDEF"));
        open("/console/routes");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-expired")));
        assertThat(browser.getCurrentUrl()).endsWith("/login?expired");
        screenshot("login-expired");

        browser.manage().deleteAllCookies();
        open("/console/routes");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void aScriptInADeadLettersBodyAndReasonIsShownAsText() {
        long id = deadLetter(SCRIPT + " body", new PermanentFailure("BAD_ORDER", SCRIPT + " reason"));
        signIn("operator", "operator-pw");
        open("/console/routes");
        WebElement row = browser.findElement(By.id("letter-" + id));
        assertThat(row.getText()).contains(SCRIPT + " body", SCRIPT + " reason");
        assertNoScriptRan();
        screenshot("routes-escaped");

        browser.findElement(By.id("delete-" + id)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm")));
        assertThat(browser.findElement(By.cssSelector("dl.letter")).getText()).contains(SCRIPT + " body", SCRIPT + " reason");
        assertNoScriptRan();
        screenshot("delete-confirm-escaped");
    }

    private void assertNoScriptRan() {
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        // the console's pages carry no script at all: any script element came from data
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();
    }

    /** Stores a dead letter the way a route does: the route fails the message permanently. */
    private long deadLetter(String body, Exception failure) {
        flaky.failure = failure;
        producer.sendBodyAndHeader("direct:orders", body, "orderId", "B-1");
        flaky.failure = null;
        return jdbc.queryForObject("SELECT max(id) FROM dead_letter WHERE route_id = 'test-orders-to-flaky'", Long.class);
    }

    private void signIn(String user, String password) {
        console.signIn(user, password);
    }

    /** Submits a form the page did not offer, as a forger would, with or without the page's CSRF token. */
    private void forgePost(String path, boolean withToken) {
        ((JavascriptExecutor) browser).executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                if (arguments[1]) {
                  form.appendChild(document.querySelector('input[name=_csrf]').cloneNode());
                }
                document.body.appendChild(form);
                form.submit();""", path, withToken);
    }

    private void open(String path) {
        console.open(path);
    }

    private void screenshot(String name) {
        console.screenshot(name);
    }
}
