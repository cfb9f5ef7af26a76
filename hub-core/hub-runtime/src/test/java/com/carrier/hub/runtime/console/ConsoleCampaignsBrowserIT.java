package com.carrier.hub.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.runtime.HubIT;

/**
 * The campaign pages in a real browser (Debian's headless chromium, as {@link ConsoleBrowserIT}, with the same test
 * configuration so the hub is shared): an operator creates a campaign, meets a field error beside its input and fixes
 * it, uploads a target list, schedules and starts it, and watches the progress numbers change without the page
 * reloading (the same-origin script polling the console); the evaluation shows its SVG charts; a VIEWER sees no action
 * button. The hub's dispatch routes are not loaded in this configuration, so the test moves the contacts to SENT
 * itself, as dispatch would. A screenshot of each page goes to {@code target/console-screenshots/}.
 */
class ConsoleCampaignsBrowserIT extends HubIT {

    @RegisterExtension
    static final ConsoleBrowser.PerClass browsers = new ConsoleBrowser.PerClass();
    ConsoleBrowser browser;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void browser() {
        browser = browsers.get();
    }

    @Test
    void anOperatorCreatesTargetsStartsAndWatchesACampaignAndAViewerOnlyReadsIt() throws IOException {
        String id = "CB-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "136" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
        int customers = 20;
        for (int i = 0; i < customers; i++) {
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                    + " customer_class, arpu_3m_fen, update_time) VALUES (?, ?, '客户', 'MZONE', '591', 'P100', 1, '', 3, 100, now())"
                    + " ON CONFLICT DO NOTHING", prefix + String.format("%04d", i), "C" + prefix + i);
        }
        browser.signIn("operator", "operator-pw");
        browser.driver.findElement(By.id("nav-campaigns")).click();
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("campaign-list")));
        browser.screenshot("campaigns");

        browser.driver.findElement(By.id("new-campaign")).click();
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("campaign-form")));
        browser.type("f-id", id);
        browser.type("f-name", "<b>春季</b> 流量包");
        new Select(browser.driver.findElement(By.id("f-type"))).selectByValue("PROMOTION");
        browser.type("f-productId", "P-DATA");
        new Select(browser.driver.findElement(By.id("f-channels"))).selectByValue("SMS");
        browser.type("f-templates.SMS.text", "尊敬的${name}，流量包优惠，回复Y办理");
        browser.type("f-sourceAddress", "10658001");
        browser.set("f-start", "2026-11-23T08:00");
        browser.set("f-end", "2027-12-31T20:00");
        new Select(browser.driver.findElement(By.id("f-targets-0-metric"))).selectByValue("ORDERED");
        browser.type("f-targets-0-value", "1000");
        browser.type("f-controlPercent", "five");
        browser.driver.findElement(By.id("save")).click();
        WebElement error = browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("errors-controlPercent")));
        assertThat(error.getText()).isEqualTo("must be a number, got 'five'");
        // beside its input, and what was typed is kept
        assertThat(error.findElement(By.xpath("preceding-sibling::input")).getAttribute("id")).isEqualTo("f-controlPercent");
        assertThat(browser.driver.findElement(By.id("f-name")).getAttribute("value")).isEqualTo("<b>春季</b> 流量包");
        assertThat(browser.driver.findElement(By.id("f-start")).getAttribute("value")).isEqualTo("2026-11-23T08:00");
        browser.screenshot("campaign-form-error");

        browser.type("f-controlPercent", "5");
        browser.driver.findElement(By.id("save")).click();
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("campaign-title")));
        assertThat(browser.text("campaign-title")).isEqualTo(id + " · <b>春季</b> 流量包");
        assertThat(browser.driver.findElements(By.tagName("b"))).as("the name is text, not markup").isEmpty();

        StringBuilder list = new StringBuilder();
        for (int i = 0; i < customers; i++) {
            list.append(prefix).append(String.format("%04d", i)).append("|S1|0.5|||\n");
        }
        Path file = Files.createTempFile("TGT_" + id, ".dat");
        Files.writeString(file, list, StandardCharsets.UTF_8);
        browser.type("u-listId", "L1");
        browser.driver.findElement(By.id("u-file")).sendKeys(file.toAbsolutePath().toString());
        browser.driver.findElement(By.id("upload")).click();
        WebElement taken = browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("target-result")));
        assertThat(taken.getText()).contains("L1", String.valueOf(customers));
        browser.screenshot("campaign-targets");

        browser.driver.findElement(By.id("action-schedule")).click();
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-start"))).click();
        browser.wait.until(ExpectedConditions.textToBe(By.id("campaign-status"), "执行中"));
        WebDriverWait slow = new WebDriverWait(browser.driver, Duration.ofSeconds(30));
        slow.until(d -> String.valueOf(customers).equals(d.findElement(By.id("figure-targeted")).getText()));
        assertThat(browser.text("figure-contacted")).isEqualTo("0");
        long open = jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?"
                + " AND status IN ('PENDING', 'DEFERRED')", Long.class, id);
        assertThat(open).isPositive();
        browser.screenshot("campaign-running");

        // dispatch's work, done here: the page must show it without being reloaded
        ((JavascriptExecutor) browser.driver).executeScript("window.notReloaded = true;");
        jdbc.update("UPDATE campaign_contact SET status = 'SENT', contacted_at = now() WHERE campaign_id = ?"
                + " AND status IN ('PENDING', 'DEFERRED')", id);
        slow.until(d -> String.valueOf(open).equals(d.findElement(By.id("figure-contacted")).getText()));
        assertThat(browser.text("figure-pending")).isEqualTo("0");
        assertThat(((JavascriptExecutor) browser.driver).executeScript("return window.notReloaded === true;")).isEqualTo(true);
        browser.screenshot("campaign-progress-moved");

        browser.driver.findElement(By.id("evaluation-link")).click();
        slow.until(d -> {
            if (d.findElements(By.id("chart-funnel")).isEmpty()) {
                d.navigate().refresh(); // still being computed: the page says so; a reload shows it
                return false;
            }
            return true;
        });
        List<WebElement> bars = browser.driver.findElements(By.cssSelector("#chart-funnel rect.bar"));
        assertThat(bars).hasSize(8);
        assertThat(bars.get(0).getRect().getWidth()).as("the targeted bar is drawn").isPositive();
        assertThat(browser.driver.findElements(By.cssSelector("#chart-conversion line.whisker"))).hasSize(6);
        assertThat(browser.text("evaluation-title")).contains("<b>春季</b> 流量包");
        assertThat(browser.driver.findElement(By.cssSelector("#chart-targets text.label")).getText()).isEqualTo("ORDERED");
        browser.screenshot("evaluation");

        browser.signIn("viewer", "viewer-pw");
        browser.open("/console/campaigns/" + id);
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("campaign-title")));
        assertThat(browser.driver.findElements(By.cssSelector("#actions, #targets, #edit, button[id^=action-]"))).isEmpty();
        assertThat(browser.text("figure-contacted")).isEqualTo(String.valueOf(open));
        browser.screenshot("campaign-viewer");
    }

    @Test
    void anOperatorPreviewsAListAndSeesTheFunnelChartAndTheTouchpointsLoadAhead() throws IOException {
        String id = "CP-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "135" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
        java.util.Map<String, Object> campaign = new java.util.LinkedHashMap<>();
        campaign.put("id", id);
        campaign.put("name", "<i>预演</i> 活动");
        campaign.put("type", "PROMOTION");
        campaign.put("productId", "P-DATA");
        campaign.put("channels", List.of("SMS"));
        campaign.put("templates", java.util.Map.of("SMS", java.util.Map.of("text", "尊敬的${name}，回复Y办理")));
        campaign.put("sourceAddress", "10658001");
        campaign.put("start", "2026-11-23T08:00:00+08:00");
        campaign.put("end", "2027-12-31T20:00:00+08:00");
        assertThat(as("operator").postForEntity("/api/campaigns", campaign, String.class).getStatusCode().value())
                .isEqualTo(201);
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            String msisdn = prefix + String.format("%04d", i);
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                    + " customer_class, arpu_3m_fen, update_time) VALUES (?, ?, '<b>客户</b>', 'MZONE', '591', 'P100', 1, '', 3,"
                    + " 100, now()) ON CONFLICT DO NOTHING", msisdn, "C" + msisdn);
            list.append(msisdn).append("|S1|0.5|||\n");
        }
        list.append("not-a-number|S1||||\n");
        Path file = Files.createTempFile("PRV_" + id, ".dat");
        Files.writeString(file, list, StandardCharsets.UTF_8);

        browser.signIn("operator", "operator-pw");
        browser.open("/console/campaigns/" + id);
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("preview-upload-form")));
        browser.driver.findElement(By.id("p-file")).sendKeys(file.toAbsolutePath().toString());
        browser.driver.findElement(By.id("preview-upload")).click();
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("chart-preview-funnel")));
        List<WebElement> bars = browser.driver.findElements(By.cssSelector("#chart-preview-funnel rect.bar"));
        assertThat(bars).isNotEmpty();
        assertThat(bars.stream().mapToDouble(b -> b.getRect().getWidth()).max().orElse(0)).as("a bar is drawn").isPositive();
        assertThat(browser.driver.findElements(By.cssSelector("#chart-preview-funnel text.label")).stream()
                .map(WebElement::getText).toList()).contains("BAD_MSISDN");
        assertThat(browser.driver.findElements(By.tagName("b"))).as("the customer's name is text, not markup").isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?", Long.class, id))
                .as("a preview writes nothing").isZero();
        browser.screenshot("campaign-preview");

        browser.driver.findElement(By.id("nav-touchpoints")).click();
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("touchpoint-SMS")));
        assertThat(browser.driver.findElements(By.cssSelector("#touchpoint-SMS tbody tr"))).hasSize(TouchpointsPage.DAYS);
        browser.screenshot("touchpoints");

        browser.driver.findElement(By.id("nav-overview")).click();
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("global-holdout")));
        browser.screenshot("overview-global-holdout");
    }
}
