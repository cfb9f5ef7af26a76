package com.carrier.hub.runtime.campaign;

import static com.carrier.hub.runtime.campaign.SmsCampaignFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.carrier.hub.runtime.PackagedHub;
import com.carrier.hub.simulators.EmbeddedDatabase;
import com.carrier.hub.simulators.smsc.SmscSimulator;

/**
 * The SMSC stops answering (no submit_sm_resp, no enquire_link_resp) for 120 s in the middle of a campaign (issue
 * 18): afterwards every customer has the message exactly once — none without it, none with it twice, judged by what
 * the SMSC simulator itself accepted — and every receipt is matched. Submits whose answer the silence swallowed are
 * settled by their receipts; the receipt window (longer than the silence) is what a never-accepted one waits before
 * it is sent again.
 */
class CampaignSmscSilencePackagedIT {

    private static final int CUSTOMERS = 400;
    private static final int RATE = 20;

    @TempDir
    Path work;

    private final SmscSimulator smsc = new SmscSimulator("hub", "quiet-pw", RATE);
    private PackagedHub hub;

    @AfterEach
    void stop() throws Exception {
        // the hub's log lives in the @TempDir, gone after the test: its tail is kept in the test's output
        if (hub != null && java.nio.file.Files.exists(hub.log())) {
            List<String> log = java.nio.file.Files.readAllLines(hub.log());
            log.subList(Math.max(0, log.size() - 30), log.size()).forEach(l -> System.out.println("hub log: " + l));
        }
        if (hub != null) {
            hub.kill();
        }
        smsc.answering(true);
        smsc.stop();
    }

    @Test
    void aSilentSmscMidCampaignLeavesNoCustomerWithoutTheMessageNorWithItTwice() throws Exception {
        smsc.receiptDelay(Duration.ofMillis(50)).redelivery(Duration.ofSeconds(1), 300);
        smsc.start();
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("silent");
        hub = new PackagedHub(work, SmsCampaignFixture.hubArgs(db, smsc, "quiet-pw", RATE, "silent-node", work,
                "--hub.ledger.interval=1s", "--hub.ledger.receipt-window=150s",
                "--hub.connectors.sms.response-timeout=2s"));
        hub.start(Duration.ofSeconds(120));
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.username(), db.password()));
        SmsCampaignFixture.start(hub, "SILENT-1", SmsCampaignFixture.customers(jdbc, "135", CUSTOMERS, 3));

        waitFor(() -> smsc.acceptedSubmits() >= 60, Duration.ofSeconds(60));
        smsc.answering(false);
        Thread.sleep(Duration.ofSeconds(120).toMillis()); // the silence itself is the scenario, not a wait for a condition
        long unknownDuringSilence = count(jdbc, "SELECT count(*) FROM campaign_contact WHERE status = 'OUTCOME_UNKNOWN'");
        smsc.answering(true);

        waitFor(() -> count(jdbc, "SELECT count(*) FROM campaign_contact WHERE campaign_id = 'SILENT-1' AND status <> 'SENT'") == 0
                && smsc.receiptsPending() == 0
                && count(jdbc, "SELECT count(*) FROM response_attribution WHERE outcome = 'UNMATCHED'") == 0,
                Duration.ofSeconds(240));

        Map<String, Long> perCustomer = smsc.submits().stream().filter(SmscSimulator.Submit::accepted)
                .collect(Collectors.groupingBy(SmscSimulator.Submit::destination, Collectors.counting()));
        assertThat(perCustomer).as("every customer got the message").hasSize(CUSTOMERS);
        assertThat(perCustomer.entrySet().stream().filter(e -> e.getValue() != 1).toList()).as("customers with it twice")
                .isEmpty();
        assertThat(count(jdbc, "SELECT count(*) FROM response_attribution WHERE outcome <> 'ATTRIBUTED'"))
                .as("every receipt matched").isZero();
        long resent = count(jdbc, "SELECT count(*) FROM campaign_contact WHERE campaign_id = 'SILENT-1' AND resent");
        System.out.printf("silence test: %d OUTCOME_UNKNOWN at the end of the silence, %d sent again, %d accepted%n",
                unknownDuringSilence, resent, smsc.acceptedSubmits());
    }

    private static long count(JdbcTemplate jdbc, String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }
}
