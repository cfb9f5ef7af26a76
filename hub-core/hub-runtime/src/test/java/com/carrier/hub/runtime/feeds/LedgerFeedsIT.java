package com.carrier.hub.runtime.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.batchfile.ControlFile;
import com.carrier.hub.runtime.evaluation.EvaluationScheduler;
import com.carrier.hub.runtime.ledger.LedgerFixtures;
import com.carrier.hub.simulators.sftp.WarehouseSftpSimulator;

/**
 * The shipped route ledger-feeds-to-warehouse against the warehouse SFTP simulator: yesterday's attributed responses
 * arrive as RESPONSE_&lt;yyyyMMdd&gt;_0001.dat and a closed campaign's final evaluation as EVAL_&lt;id&gt;_&lt;yyyyMMdd&gt;.dat,
 * each with its control file, each once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.database.embedded=true",
        "hub.routes.dir=../../routes",
        "hub.security.users.viewer.password=viewer-pw",
        "hub.security.users.viewer.roles=VIEWER",
        "hub.connectors.kafka.enabled=false",
        "hub.connectors.sms.enabled=false",
        "hub.connectors.portal.enabled=false",
        "hub.connectors.mmstore.enabled=false",
        "hub.connectors.boss.enabled=false",
        "hub.ledger.feeds-period=500",
        "hub.ledger.feeds-delay=5000", // the test stores its responses before the first tick
})
@AutoConfigureObservability
class LedgerFeedsIT {

    static final WarehouseSftpSimulator WAREHOUSE = new WarehouseSftpSimulator();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ResponseEventSink sink;
    @Autowired
    EvaluationScheduler scheduler;
    @Autowired
    LedgerWarehouseFeeds feeds;

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) throws Exception {
        WAREHOUSE.start();
        WAREHOUSE.connectorProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stop() {
        WAREHOUSE.close();
    }

    @Test
    void responsesAndTheFinalEvaluationReachTheWarehouseOnce() throws Exception {
        LedgerFixtures f = new LedgerFixtures(jdbc);
        f.brokenCampaign(); // cannot be evaluated: holds back neither the RESPONSE file nor the other campaign's EVAL
        String c = f.campaign("P9", Duration.ofDays(30), Duration.ofDays(-20), 7, "COMPLETED", false);
        f.sent(c, f.m(1), "S1", "SMS", Duration.ofDays(25), "mid-1");
        f.sent(c, f.m(2), "S2", "SMS", Duration.ofDays(25), "mid-2");
        f.control(c, f.m(3), "S1", Duration.ofDays(26));
        sink.append(List.of(LedgerFixtures.receipt("mid-1", null, Duration.ofDays(25)),
                LedgerFixtures.reply(f.m(2), "how much? | really\nnow", Duration.ofDays(24))));
        f.order("O-" + f.prefix + "-1", f.m(1), "P9", Duration.ofDays(24), 1);
        scheduler.refresh();
        // as if correlated yesterday, so they belong to yesterday's RESPONSE file
        jdbc.update("UPDATE response_attribution SET correlated_at = now() - interval '1 day' WHERE campaign_id = ?", c);

        LocalDate today = LocalDate.now(HubTime.ZONE);
        String response = "RESPONSE_" + today.minusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE) + "_0001";
        String eval = "EVAL_" + c + "_" + today.format(DateTimeFormatter.BASIC_ISO_DATE);
        await().atMost(Duration.ofSeconds(30)).until(() -> WAREHOUSE.list("/dw/in").containsAll(
                List.of(response + ".chk", eval + ".chk")));

        Path in = WAREHOUSE.local("/dw/in");
        Charset gbk = Charset.forName("GBK");
        List<String> rows = Files.readAllLines(in.resolve(response + ".dat"), gbk);
        assertThat(rows).hasSize(3).anyMatch(r -> r.startsWith(c + "|" + f.m(1) + "|SMS|DELIVERED|"))
                .anyMatch(r -> r.startsWith(c + "|" + f.m(1) + "|BOSS|ORDERED|") && r.endsWith("|O-" + f.prefix + "-1"))
                .anyMatch(r -> r.startsWith(c + "|" + f.m(2) + "|SMS|REPLIED|") && r.endsWith("|how much?   really now"));
        ControlFile control = ControlFile.parse(Files.readAllBytes(in.resolve(response + ".chk")), gbk, response + ".chk");
        assertThat(control.recordCount()).isEqualTo(3);
        assertThat(control.byteSize()).isEqualTo(Files.size(in.resolve(response + ".dat")));

        List<String> evalRows = Files.readAllLines(in.resolve(eval + ".dat"), gbk);
        assertThat(evalRows.get(evalRows.size() - 1)).startsWith(c + "|ALL|ALL|3|0|2|1|2|1|2|1|0|");
        assertThat(evalRows).anyMatch(r -> r.startsWith(c + "|SMS|S1|"));

        // sent once: later ticks find nothing due, nothing is dead-lettered
        Thread.sleep(1500);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_export WHERE file_name IN (?, ?)", Long.class,
                response + ".dat", eval + ".dat")).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE route_id = 'ledger-feeds-to-warehouse'",
                Long.class)).isZero();
    }

    @Test
    void aCampaignsFirstDayIsEvaluatedAfterItEndsNamedThatDayNotYesterday() throws Exception {
        ZonedDateTime now = ZonedDateTime.now(HubTime.ZONE);
        ZonedDateTime midnight = now.toLocalDate().atStartOfDay(HubTime.ZONE);
        LedgerFixtures f = new LedgerFixtures(jdbc);
        // started today, after midnight in Shanghai, whatever the hour the test runs
        String c = f.campaign("P9", Duration.between(midnight, now).dividedBy(2), Duration.ofDays(20), 7, "RUNNING", false);
        f.sent(c, f.m(1), "S1", "SMS", Duration.ZERO, "first-1");

        String yesterday = "EVAL_" + c + "_" + now.toLocalDate().minusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE) + ".dat";
        assertThat(feeds.due(now.toInstant())).noneMatch(w -> c.equals(w.campaignId()));
        assertThat(WAREHOUSE.list("/dw/in")).doesNotContain(yesterday);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_export WHERE campaign_id = ?", Long.class, c)).isZero();

        // once today is over, its file is named today and holds the day's figures as of its end
        List<LedgerWarehouseFeeds.Written> tomorrow = feeds.due(midnight.plusDays(1).plusMinutes(1).toInstant());
        try {
            String today = "EVAL_" + c + "_" + now.toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE) + ".dat";
            LedgerWarehouseFeeds.Written eval = tomorrow.stream().filter(w -> c.equals(w.campaignId())).findFirst().orElseThrow();
            assertThat(eval.data().getName()).isEqualTo(today);
            assertThat(eval.day()).isEqualTo(now.toLocalDate());
            List<String> rows = Files.readAllLines(eval.data().toPath(), Charset.forName("GBK"));
            assertThat(rows.get(rows.size() - 1)).startsWith(c + "|ALL|ALL|1|0|1|0|1|");
        } finally {
            tomorrow.forEach(w -> {
                w.data().delete();
                new java.io.File(w.data().getParentFile(), w.data().getName().replace(".dat", ".chk")).delete();
            });
        }
    }

    /**
     * The test names the day's files before the feed writes them: a run that spans midnight in Shanghai would look for
     * the wrong day's names. Starting in the last 30 s of a day, it waits for the next one, before its context (and the
     * feed's timer) starts.
     */
    @BeforeAll
    static void awayFromMidnight() throws InterruptedException {
        ZonedDateTime now = ZonedDateTime.now(HubTime.ZONE);
        Duration left = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(HubTime.ZONE));
        if (left.compareTo(Duration.ofSeconds(30)) < 0) {
            Thread.sleep(left.toMillis() + 1000);
        }
    }

}
