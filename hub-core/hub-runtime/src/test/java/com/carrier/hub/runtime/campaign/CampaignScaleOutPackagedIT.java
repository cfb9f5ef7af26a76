package com.carrier.hub.runtime.campaign;

import static com.carrier.hub.runtime.campaign.SmsCampaignFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Two hub instances on one database dispatch one campaign together: the work is split between them, every customer
 * gets one SMS, and the account's licensed rate holds across both (the SMSC throttles nothing and counts no sliding
 * second above the licence).
 */
class CampaignScaleOutPackagedIT {

    private static final int CUSTOMERS = 300;
    private static final int LICENSED = 40;

    @TempDir
    Path work;

    private final SmscSimulator smsc = new SmscSimulator("hub", "scale-pw", LICENSED);
    private final List<PackagedHub> hubs = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (PackagedHub h : hubs) {
            h.kill();
        }
        smsc.stop();
    }

    @Test
    void twoInstancesShareTheCampaignAndTheLicence() throws Exception {
        smsc.start();
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("scale");
        for (String node : List.of("node-a", "node-b")) {
            Path dir = work.resolve(node);
            hubs.add(new PackagedHub(dir, SmsCampaignFixture.hubArgs(db, smsc, "scale-pw", LICENSED, node, dir,
                    "--hub.campaigns.dispatch.batch-size=20")));
        }
        // one after the other: the first creates the schema
        hubs.get(0).start(Duration.ofSeconds(120));
        hubs.get(1).start(Duration.ofSeconds(120));

        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.username(), db.password()));
        SmsCampaignFixture.start(hubs.get(0), "SCALE-1", SmsCampaignFixture.customers(jdbc, "136", CUSTOMERS, 5));

        try {
            waitFor(() -> jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = 'SCALE-1' AND status <> 'SENT'",
                    Long.class) == 0, Duration.ofSeconds(90));
        } catch (AssertionError e) {
            throw new AssertionError("campaign not done: " + jdbc.queryForList("SELECT status, reason, claimed_by, sent_by, count(*)"
                    + " FROM campaign_contact WHERE campaign_id = 'SCALE-1' GROUP BY 1, 2, 3, 4") + "; SMSC accepted "
                    + smsc.acceptedSubmits() + ", throttled " + smsc.throttledSubmits() + "; logs in " + work, e);
        }

        List<SmscSimulator.Submit> accepted = smsc.submits().stream().filter(SmscSimulator.Submit::accepted).toList();
        Map<String, Long> perCustomer = accepted.stream().collect(Collectors.groupingBy(SmscSimulator.Submit::destination, Collectors.counting()));
        assertThat(perCustomer).hasSize(CUSTOMERS);
        assertThat(perCustomer.values()).allMatch(n -> n == 1);

        long[] times = accepted.stream().mapToLong(SmscSimulator.Submit::receivedNanos).sorted().toArray();
        int worst = 0;
        for (int i = 0, j = 0; i < times.length; i++) {
            while (times[i] - times[j] >= TimeUnit.SECONDS.toNanos(1)) {
                j++;
            }
            worst = Math.max(worst, i - j + 1);
        }
        Map<String, Long> bySender = new HashMap<>();
        jdbc.query("SELECT sent_by, count(*) FROM campaign_contact WHERE campaign_id = 'SCALE-1' GROUP BY sent_by",
                rs -> {
                    bySender.put(rs.getString(1), rs.getLong(2));
                });
        System.out.printf("scale-out: sent by %s, worst sliding second %d of %d, throttled %d%n", bySender, worst, LICENSED,
                smsc.throttledSubmits());
        assertThat(worst).as("most submit_sm in any sliding second").isLessThanOrEqualTo(LICENSED);
        assertThat(smsc.throttledSubmits()).as("the SMSC throttled nothing").isZero();
        assertThat(bySender.keySet()).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(bySender.values()).allMatch(n -> n >= CUSTOMERS / 5);
    }
}
