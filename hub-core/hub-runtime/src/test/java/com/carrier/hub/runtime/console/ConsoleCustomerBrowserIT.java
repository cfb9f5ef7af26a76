package com.carrier.hub.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.files.JdbcFileLedger;
import com.carrier.hub.runtime.policy.PolicyListStore;

/**
 * The customer, contact policy and case library pages in a real browser (Debian's headless chromium, as
 * {@link ConsoleBrowserIT}, with the same Spring test configuration so the hub started for one serves both): a
 * customer looked up with the campaign's decision and code and the contact; a policy-list entry added and removed
 * after its confirmation; an import whose bad line is shown; a case opened and scored; a VIEWER who sees the number
 * masked and no action. One browser for the class; screenshots to {@code target/console-screenshots/}.
 */
class ConsoleCustomerBrowserIT extends HubIT {

    static final String SCRIPT = "<script>alert(1)</script>";
    static final String CUSTOMER = "13700290001";
    static final String LISTED = "13700290002";
    static final String IMPORTED = "13700290003";
    static final String CAMPAIGN = "CCUST-B1";
    static final String CASE = "CCUST-BCASE";

    static ChromeDriver browser;
    static WebDriverWait wait;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PolicyListStore lists;
    @Autowired
    JdbcFileLedger files;

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
        ConsoleCustomerData.clean(jdbc, lists, List.of(CUSTOMER, LISTED, IMPORTED), List.of(CAMPAIGN, CASE));
        if (browser != null) {
            browser.manage().deleteAllCookies();
        }
    }

    @Test
    void anOperatorLooksUpACustomerAndSeesTheCampaignsDecisionItsCodeAndTheContact() {
        ConsoleCustomerData.customerWithHistory(jdbc, lists, CUSTOMER, CAMPAIGN, SCRIPT + " 5G upgrade");
        signIn("operator");
        browser.findElement(By.id("nav-customers")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("customer-lookup")));
        browser.findElement(By.id("msisdn")).sendKeys("1370029000x");
        browser.findElement(By.id("look-up")).click();
        WebElement error = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("msisdn-error")));
        assertThat(error.getText()).contains("不是手机号码");
        screenshot("customer-bad-number");

        browser.findElement(By.id("msisdn")).clear();
        browser.findElement(By.id("msisdn")).sendKeys(CUSTOMER);
        browser.findElement(By.id("look-up")).click();
        WebElement decision = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("decision-" + CAMPAIGN)));
        assertThat(decision.getText()).contains(SCRIPT + " 5G upgrade", "EXCLUDED", "HOLDS_PRODUCT", "SMS", "T");
        assertThat(browser.findElement(By.id("customer-number")).getText()).isEqualTo(CUSTOMER);
        assertThat(browser.findElement(By.id("customer-responses")).getText()).contains("REPLIED", "call 138****5678");
        assertThat(browser.findElement(By.id("customer-lists")).getText()).contains("黑名单");
        assertNoScriptRan();
        screenshot("customer");
    }

    @Test
    void anOperatorAddsAndRemovesAPolicyEntryAndImportsAFileWithALineError() throws IOException {
        signIn("operator");
        browser.findElement(By.id("nav-policy")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("policy-add")));
        new Select(browser.findElement(By.id("add-list"))).selectByValue("greylist");
        browser.findElement(By.id("add-msisdn")).sendKeys(LISTED);
        browser.findElement(By.id("add-channels")).sendKeys("SMS,FAX");
        browser.findElement(By.id("policy-add-submit")).click();
        WebElement channelsError = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("add-channels-error")));
        assertThat(channelsError.getText()).contains("未知渠道");
        screenshot("policy-add-error");

        browser.findElement(By.id("add-channels")).clear();
        browser.findElement(By.id("add-channels")).sendKeys("PORTAL");
        browser.findElement(By.id("add-reason")).sendKeys(SCRIPT);
        browser.findElement(By.id("policy-add-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("policy-done")));
        assertThat(browser.findElement(By.id("policy-entries")).getText()).contains("灰名单", "PORTAL", SCRIPT);
        assertNoScriptRan();
        screenshot("policy-added");

        browser.findElement(By.id("remove-greylist-0")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm")));
        screenshot("policy-remove-confirm");
        browser.findElement(By.id("confirm")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("policy-not-listed")));
        assertThat(browser.findElement(By.id("policy-done")).getText()).contains("已从灰名单移除");
        assertThat(lists.lookup(PolicyListStore.ListKind.GREYLIST, LISTED)).isEmpty();

        Path file = Files.createTempFile("blacklist", ".txt");
        Files.writeString(file, IMPORTED + "|complaint\n1370029000x|typo\n", StandardCharsets.UTF_8);
        new Select(browser.findElement(By.id("import-list"))).selectByValue("blacklist");
        browser.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.id("policy-import-submit")).click();
        WebElement reject = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("reject-2")));
        assertThat(reject.getText()).contains("2", "BAD_MSISDN", "1370029000x|typo");
        assertThat(browser.findElement(By.id("import-counts")).getText()).contains("读取 2 行", "接受 1 行", "拒绝 1 行");
        assertThat(lists.lookup(PolicyListStore.ListKind.BLACKLIST, IMPORTED)).hasSize(1);
        screenshot("policy-import");
        Files.delete(file);
    }

    @Test
    void anOperatorOpensTheCaseLibraryAndScoresACase() {
        ConsoleCustomerData.frozenCase(jdbc, CASE, "5G upgrade autumn");
        signIn("operator");
        browser.findElement(By.id("nav-cases")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("case-search")));
        new Select(browser.findElement(By.id("type"))).selectByValue("PROMOTION");
        browser.findElement(By.id("segment")).sendKeys("YOUTH");
        WebElement unfiltered = browser.findElement(By.id("case-search"));
        browser.findElement(By.id("case-search-submit")).click();
        // the unfiltered page lists the case too: wait for it to be replaced before reading the filtered one
        wait.until(ExpectedConditions.stalenessOf(unfiltered));
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("case-" + CASE)));
        assertThat(row.getText()).contains("5G upgrade autumn", "12.00 pp");
        screenshot("cases");

        row.findElement(By.linkText(CASE)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("funnel-total")));
        assertThat(browser.findElement(By.id("funnel-total")).getText()).contains("1000", "12.00 pp", "0.0300");
        new Select(browser.findElement(By.id("score"))).selectByValue("4");
        browser.findElement(By.id("comment")).sendKeys("clear lift in " + SCRIPT);
        browser.findElement(By.id("score-submit")).click();
        WebElement done = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("case-done")));
        assertThat(done.getText()).isEqualTo("评分已记录。");
        assertThat(browser.findElement(By.id("case-average")).getText()).isEqualTo("4.0 (1)");
        assertThat(browser.findElement(By.id("case-scores")).getText()).contains("clear lift in " + SCRIPT)
                .doesNotContain("operator");
        assertNoScriptRan();
        screenshot("case-scored");
    }

    @Test
    void aViewerSeesTheNumberMaskedAndNoActionButtons() {
        ConsoleCustomerData.customerWithHistory(jdbc, lists, CUSTOMER, CAMPAIGN, "5G upgrade");
        ConsoleCustomerData.frozenCase(jdbc, CASE, "5G upgrade autumn");
        signIn("viewer");
        open("/console/customers?msisdn=" + CUSTOMER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("customer-masked")));
        assertThat(browser.findElement(By.id("customer-number")).getText()).isEqualTo("137****0001");
        assertThat(browser.getPageSource()).doesNotContain(CUSTOMER);
        assertThat(browser.findElements(By.id("customer-policy"))).isEmpty();
        screenshot("customer-viewer");

        open("/console/contact-policy?msisdn=" + CUSTOMER);
        assertThat(browser.findElement(By.id("policy-entries")).getText()).contains("黑名单");
        assertThat(browser.findElements(By.cssSelector("#policy-add, #policy-import, a.button, .actions"))).isEmpty();
        screenshot("policy-viewer");

        open("/console/cases/" + CASE);
        assertThat(browser.findElements(By.cssSelector("#case-score, #case-assess"))).isEmpty();
        screenshot("case-viewer");
    }

    @Test
    void aFilesRejectedRowsAreOpenedFromTheFilesPageByReasonAndLine() {
        ConsoleCustomerData.fileWithRejects(files, "CUST_DELTA_20261208_0002.dat", SCRIPT);
        signIn("viewer");
        open("/console/files?feed=" + ConsoleCustomerData.FEED);
        browser.findElement(By.id("rejects-CUST_DELTA_20261208_0002.dat")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rejects-by-reason")));
        assertThat(browser.findElement(By.id("reason-BAD_MSISDN")).getText()).contains("BAD_MSISDN", "2");
        assertThat(browser.findElement(By.id("reject-line-2")).getText()).contains("BAD_MSISDN", SCRIPT);
        assertThat(browser.findElement(By.id("reject-line-5")).getText()).contains("137****0009");
        assertNoScriptRan();
        screenshot("file-rejects");
    }

    private void assertNoScriptRan() {
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();
    }

    private void signIn(String user) {
        console.signIn(user, user + "-pw");
    }

    private void open(String path) {
        console.open(path);
    }

    private void screenshot(String name) {
        console.screenshot("customer-" + name);
    }
}
