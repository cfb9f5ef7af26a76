package com.carrier.hub.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.runtime.sandbox.SandboxPeers;
import com.carrier.hub.simulators.smsc.SmscSimulator;

/**
 * The console against the running sandbox, in a real browser: the sandbox's admin creates an SMS campaign in the form,
 * uploads its targets, schedules and starts it, and watches the hub's own dispatch send it to the SMSC simulator — the
 * campaign page's figures move without the page being reloaded — then opens its evaluation's charts. The same Spring
 * test configuration as the other sandbox tests (CampaignTargetingIT), so the hub they start serves this one too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class ConsoleSandboxBrowserIT {

    @RegisterExtension
    static final ConsoleBrowser.PerClass browsers = new ConsoleBrowser.PerClass();
    ConsoleBrowser browser;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SandboxPeers peers;

    @BeforeEach
    void browser() {
        browser = browsers.get();
    }

    @Test
    void aCampaignCreatedInTheConsoleIsSentByTheSandboxAndItsProgressMovesOnThePage() throws IOException {
        String id = "CS-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "134" + String.format("%04d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000));
        int customers = 600;
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < customers; i++) {
            String msisdn = prefix + String.format("%04d", i);
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, customer_class,"
                    + " update_time) VALUES (?, ?, '客户', 'GOTONE', '591', 'P100', 1, 3, now())", msisdn, "C" + msisdn);
            list.append(msisdn).append("|S1|0.5|||\n");
        }
        SmscSimulator smsc = peers.simulators().stream().filter(SmscSimulator.class::isInstance)
                .map(SmscSimulator.class::cast).findFirst().orElseThrow();
        long before = smsc.submits().stream().filter(s -> s.destination().startsWith(prefix)).count();

        browser.signIn("admin", "admin");
        browser.open("/console/campaigns/new");
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("campaign-form")));
        LocalDateTime now = LocalDateTime.now(HubTime.ZONE);
        DateTimeFormatter minutes = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
        browser.type("f-id", id);
        browser.type("f-name", "沙箱 流量包");
        new Select(browser.driver.findElement(By.id("f-type"))).selectByValue("PROMOTION");
        browser.type("f-productId", "P-" + id);
        new Select(browser.driver.findElement(By.id("f-channels"))).selectByValue("SMS");
        browser.type("f-templates.SMS.text", "尊敬的${name}，流量包优惠，回复Y办理");
        browser.type("f-sourceAddress", "10658001");
        browser.set("f-start", now.minusMinutes(5).format(minutes));
        browser.set("f-end", now.plusDays(2).format(minutes));
        // no quiet hours, so the suite sends at any hour of the day
        browser.set("f-quietStart", "00:00");
        browser.set("f-quietEnd", "00:00");
        browser.type("f-controlPercent", "0");
        browser.driver.findElement(By.id("save")).click();
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("campaign-title")));

        Path file = Files.createTempFile("TGT_" + id, ".dat");
        Files.writeString(file, list, StandardCharsets.UTF_8);
        browser.type("u-listId", "L1");
        browser.driver.findElement(By.id("u-file")).sendKeys(file.toAbsolutePath().toString());
        browser.driver.findElement(By.id("upload")).click();
        assertThat(browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("target-result"))).getText())
                .contains("L1", String.valueOf(customers));

        browser.driver.findElement(By.id("action-schedule")).click();
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-start"))).click();
        browser.wait.until(ExpectedConditions.textToBe(By.id("campaign-status"), "执行中"));
        ((JavascriptExecutor) browser.driver).executeScript("window.notReloaded = true;");
        long[] lowest = {Long.MAX_VALUE};
        // the sandbox's SMS account sends 100 a second: the page's figures follow dispatch as it goes
        new WebDriverWait(browser.driver, Duration.ofSeconds(90)).pollingEvery(Duration.ofMillis(200)).until(d -> {
            long contacted = Long.parseLong(d.findElement(By.id("figure-contacted")).getText().replace(",", ""));
            lowest[0] = Math.min(lowest[0], contacted);
            return contacted == customers;
        });
        assertThat(lowest[0]).as("the page showed fewer contacts made before it showed them all").isLessThan(customers);
        assertThat(((JavascriptExecutor) browser.driver).executeScript("return window.notReloaded === true;")).isEqualTo(true);
        assertThat(smsc.submits().stream().filter(s -> s.destination().startsWith(prefix)).count() - before)
                .as("every customer got the SMS from the sandbox's SMSC").isEqualTo(customers);
        double rate = Double.parseDouble(browser.text("figure-rate").replace(",", "").replace("/s", ""));
        assertThat(rate).as("the rate since the campaign began sending, not the five-minute average of a campaign that"
                + " began a few seconds ago").isGreaterThan(customers / 300.0);
        browser.screenshot("sandbox-campaign-sent");

        browser.driver.findElement(By.id("evaluation-link")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(90)).until(d -> {
            if (d.findElements(By.id("chart-funnel")).isEmpty()) {
                d.navigate().refresh(); // still being computed: the page says so; a reload shows it
                return false;
            }
            return true;
        });
        assertThat(browser.driver.findElements(By.cssSelector("#chart-funnel rect.bar"))).isNotEmpty();
        browser.screenshot("sandbox-evaluation");
    }
}
