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
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.batchfile.ControlFile;
import com.carrier.hub.runtime.evaluation.Evaluation;
import com.carrier.hub.runtime.evaluation.EvaluationRollup;
import com.carrier.hub.runtime.evaluation.EvaluationScheduler;
import com.carrier.hub.runtime.evaluation.Lift;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.carrier.hub.runtime.ledger.LedgerFixtures;
import com.carrier.hub.simulators.sftp.WarehouseSftpSimulator;

/**
 * The shipped route ledger-feeds-to-warehouse against the warehouse SFTP simulator: yesterday's attributed responses
 * arrive as RESPONSE_&lt;yyyyMMdd&gt;_0001.dat, a closed campaign's final evaluation as EVAL_&lt;id&gt;_&lt;yyyyMMdd&gt;.dat
 * and last month's roll-up as EVAL_PERIOD_&lt;yyyyMM&gt;_&lt;yyyyMMdd&gt;.dat, each with its control file, each once.
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
        // the route test stores its responses before the first tick, with room for a slow start on a busy machine
        "hub.ledger.feeds-delay=20000",
})
@AutoConfigureObservability
// the route's first tick (hub.ledger.feeds-delay) must find the route test's responses stored, so it runs first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    @Autowired
    ObjectMapper json;

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
    @Order(1)
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
        // and last month's roll-up (README "Periodic evaluation"), settled a day after the month's end
        LocalDate lastMonth = EvaluationRollup.Period.MONTH.first(EvaluationRollup.Period.MONTH.first(
                ZonedDateTime.now(HubTime.ZONE).minusDays(1).toLocalDate()).minusDays(1));
        String period = "EVAL_PERIOD_" + EvaluationRollup.Period.MONTH.label(lastMonth) + "_"
                + today.format(DateTimeFormatter.BASIC_ISO_DATE);
        await().atMost(Duration.ofSeconds(60)).until(() -> WAREHOUSE.list("/dw/in").containsAll(
                List.of(response + ".chk", eval + ".chk", period + ".chk")));

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
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_export WHERE feed = 'EVAL_PERIOD_MONTH' AND day = ?",
                Long.class, lastMonth)).isEqualTo(1);
        assertThat(WAREHOUSE.list("/dw/in")).filteredOn(n -> n.startsWith("EVAL_PERIOD_"
                + EvaluationRollup.Period.MONTH.label(lastMonth) + "_") && n.endsWith(".dat")).hasSize(1);
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

    @Test
    @Order(Integer.MAX_VALUE)
    void aPeriodsRollupIsWrittenOnceThePeriodIsOverAndShippedOnce() throws Exception {
        // frozen, response window closed on 17 November 2014 (Shanghai): 10 treated, 3 ordered; 10 control, 1 ordered
        String c = "RP-" + UUID.randomUUID().toString().substring(0, 8);
        Instant end = LocalDate.of(2014, 11, 10).atStartOfDay(HubTime.ZONE).toInstant();
        // its own final EVAL file counts as shipped long ago: the route's ticks leave it alone (the test deletes the
        // files its own calls write, which would pull such a file from under a tick)
        jdbc.update("INSERT INTO ledger_export (file_name, feed, day, campaign_id, final, rows) VALUES (?, 'EVAL', ?, ?, true, 2)",
                "EVAL_" + c + "_20141117.dat", LocalDate.of(2014, 11, 17), c);
        jdbc.update("""
                INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent,
                                      response_window_days, definition, created_by, unit_code)
                VALUES (?, 'rollup', 'PROMOTION', 'P9R', 'COMPLETED', ?, ?, 50, 7, ?::jsonb, 'planner-x', 'FZ')""",
                c, Timestamp.from(end.minus(Duration.ofDays(10))), Timestamp.from(end), """
                {"id":"%s","name":"rollup","type":"PROMOTION","productId":"P9R","channels":["SMS"],
                 "start":"%s","end":"%s","responseWindowDays":7}""".formatted(c, end.minus(Duration.ofDays(10)), end));
        Evaluation.Funnel sms = new Evaluation.Funnel("SMS", "S1", 10, 0, 10, 0, 10, 0, 10, 4, 3, 0, 0.3, null,
                Lift.of(3, 10, 0, 0));
        Evaluation.Funnel control = new Evaluation.Funnel("-", "S1", 10, 0, 0, 10, 0, 0, 0, 0, 0, 1, null, 0.1,
                Lift.of(0, 0, 1, 10));
        Evaluation.Funnel total = new Evaluation.Funnel("ALL", "ALL", 20, 0, 10, 10, 10, 0, 10, 4, 3, 1, 0.3, 0.1,
                Lift.of(3, 10, 1, 10));
        Instant closes = end.plus(Duration.ofDays(7));
        jdbc.update("INSERT INTO campaign_evaluation (campaign_id, computed_at, frozen, body) VALUES (?, ?, true, ?::jsonb)",
                c, Timestamp.from(closes), json.writeValueAsString(new Evaluation(c, "PROMOTION", "P9R", "COMPLETED",
                        closes, true, closes, total, List.of(sms, control), Map.of(), Map.of(), List.of())));

        // 1 December 2014, 23:00 Shanghai: less than the day's settle after November's end — October is the last month
        Instant dec2 = LocalDate.of(2014, 12, 2).atTime(1, 0).atZone(HubTime.ZONE).toInstant();
        List<LedgerWarehouseFeeds.Written> written = new java.util.ArrayList<>();
        try {
            List<LedgerWarehouseFeeds.Written> early = feeds.periods(dec2.minus(Duration.ofHours(2)));
            written.addAll(early);
            assertThat(early).extracting(w -> w.data().getName()).contains("EVAL_PERIOD_201410_20141201.dat")
                    .noneMatch(n -> n.startsWith("EVAL_PERIOD_201411"));
            List<LedgerWarehouseFeeds.Written> due = feeds.periods(dec2);
            written.addAll(due);
            assertThat(due).extracting(w -> w.data().getName()).containsExactly("EVAL_PERIOD_201411_20141202.dat",
                    "EVAL_PERIOD_2014Q3_20141202.dat", "EVAL_PERIOD_2013_20141202.dat");
            Path month = due.get(0).data().toPath();
            assertThat(Files.readAllLines(month, Charset.forName("GBK"))).containsExactly(
                    "201411|unit|FZ|1|10|4|3|1|0.200000|1",
                    "201411|type|PROMOTION|1|10|4|3|1|0.200000|1",
                    "201411|product|P9R|1|10|4|3|1|0.200000|1",
                    "201411|touchpoint|SMS|1|10|4|3|1|0.200000|1");
            ControlFile chk = ControlFile.parse(Files.readAllBytes(month.resolveSibling("EVAL_PERIOD_201411_20141202.chk")),
                    Charset.forName("GBK"), "EVAL_PERIOD_201411_20141202.chk");
            assertThat(chk.recordCount()).isEqualTo(4);
            assertThat(chk.byteSize()).isEqualTo(Files.size(month));
            assertThat(LedgerWarehouseFeeds.periodFeed().compile()).isNotNull();

            // once shipped, a period is not written again, on that day or later; the next month is
            due.forEach(feeds::record);
            List<LedgerWarehouseFeeds.Written> again = feeds.periods(dec2);
            written.addAll(again);
            assertThat(again).isEmpty();
            List<LedgerWarehouseFeeds.Written> jan = feeds.periods(dec2.plus(Duration.ofDays(31)));
            written.addAll(jan);
            assertThat(jan).extracting(w -> w.data().getName()).containsExactly("EVAL_PERIOD_201412_20150102.dat",
                    "EVAL_PERIOD_2014Q4_20150102.dat", "EVAL_PERIOD_2014_20150102.dat");
        } finally {
            written.forEach(w -> {
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
