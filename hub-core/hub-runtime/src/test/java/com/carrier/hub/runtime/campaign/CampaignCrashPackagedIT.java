package com.carrier.hub.runtime.campaign;

import static com.carrier.hub.runtime.campaign.SmsCampaignFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.carrier.hub.runtime.PackagedHub;
import com.carrier.hub.testkit.EmbeddedDatabase;
import com.carrier.hub.testkit.smsc.SmscSimulator;

/**
 * kill -9 of the hub in the middle of a campaign's dispatch, twice, then a restart: every eligible customer ends SENT
 * or OUTCOME_UNKNOWN, no customer receives two SMS, every SENT one was received by the SMSC exactly once, and the
 * unknowns are at most the messages in flight at each kill. The SMSC and the database live in this JVM and outlive the
 * hub, as real ones would.
 */
class CampaignCrashPackagedIT {

    private static final int CUSTOMERS = 500;

    @TempDir
    Path work;

    private final SmscSimulator smsc = new SmscSimulator("hub", "crash-pw", 60);
    private PackagedHub hub;

    @AfterEach
    void stop() throws InterruptedException {
        if (hub != null) {
            hub.kill();
        }
        smsc.stop();
    }

    @Test
    void killedTwiceMidDispatchEveryCustomerIsContactedAtMostOnceAndNoneIsLeftBehind() throws Exception {
        smsc.start();
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("crash");
        hub = new PackagedHub(work, SmsCampaignFixture.hubArgs(db, smsc, "crash-pw", 60, "crash-node", work));
        hub.start(Duration.ofSeconds(120));

        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.username(), db.password()));
        SmsCampaignFixture.start(hub, "CRASH-1", SmsCampaignFixture.customers(jdbc, "137", CUSTOMERS, 3));

        waitFor(() -> smsc.acceptedSubmits() >= 100, Duration.ofSeconds(60));
        hub.kill();
        long atFirstKill = smsc.acceptedSubmits();
        hub.start(Duration.ofSeconds(120));
        waitFor(() -> smsc.acceptedSubmits() >= atFirstKill + 150, Duration.ofSeconds(60));
        hub.kill();
        long atSecondKill = smsc.acceptedSubmits();
        assertThat(atSecondKill).as("the kills came mid-dispatch").isLessThan(CUSTOMERS);
        hub.start(Duration.ofSeconds(120));
        waitFor(() -> jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = 'CRASH-1'"
                + " AND status NOT IN ('SENT', 'OUTCOME_UNKNOWN', 'FAILED')", Long.class) == 0, Duration.ofSeconds(90));

        Map<String, Long> receivedPerCustomer = smsc.submits().stream().filter(SmscSimulator.Submit::accepted)
                .collect(Collectors.groupingBy(SmscSimulator.Submit::destination, Collectors.counting()));
        assertThat(receivedPerCustomer.values()).as("no customer got two SMS").allMatch(n -> n == 1);

        Map<String, String> status = new HashMap<>();
        jdbc.query("SELECT msisdn, status FROM campaign_contact WHERE campaign_id = 'CRASH-1'",
                rs -> {
                    status.put(rs.getString(1), rs.getString(2));
                });
        assertThat(status).hasSize(CUSTOMERS);
        assertThat(status.values()).as("every customer SENT or OUTCOME_UNKNOWN").allMatch(s -> s.equals("SENT") || s.equals("OUTCOME_UNKNOWN"));
        Set<String> sent = status.entrySet().stream().filter(e -> e.getValue().equals("SENT")).map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(receivedPerCustomer.keySet()).as("every SENT customer reached the SMSC").containsAll(sent);
        long unknown = CUSTOMERS - sent.size();
        System.out.printf("crash test: accepted at kills %d and %d, SENT %d, OUTCOME_UNKNOWN %d%n", atFirstKill, atSecondKill,
                sent.size(), unknown);
        // in flight at each kill: at most one slice (2 binds x window 10) per kill
        assertThat(unknown).as("outcome-unknown contacts").isLessThanOrEqualTo(2 * 20);
        assertThat(receivedPerCustomer.size()).isBetween(sent.size(), CUSTOMERS);
    }
}
