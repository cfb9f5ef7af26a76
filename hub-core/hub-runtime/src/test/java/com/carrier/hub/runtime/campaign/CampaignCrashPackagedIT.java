package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
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
        Files.createDirectories(work.resolve("plugins"));
        Path routes = Files.createDirectories(work.resolve("routes"));
        hub = new PackagedHub(work, List.of(
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--hub.security.users.ops.password=ops-pw", "--hub.security.users.ops.roles=OPERATOR",
                "--hub.connectors.sms.host=127.0.0.1", "--hub.connectors.sms.port=" + smsc.port(),
                "--hub.connectors.sms.system-id=hub", "--hub.connectors.sms.password=crash-pw",
                "--hub.connectors.sms.licensed-rate=60",
                "--hub.connectors.kafka.enabled=false", "--hub.connectors.portal.enabled=false",
                "--hub.connectors.mmstore.enabled=false",
                "--hub.instance.id=crash-node", "--hub.routes.dir=" + routes,
                "--hub.campaigns.dispatch.interval=200ms"));
        hub.start(Duration.ofSeconds(120));

        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.username(), db.password()));
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < CUSTOMERS; i++) {
            String msisdn = "1370000" + String.format("%04d", i);
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, status, customer_class, update_time)"
                    + " VALUES (?, ?, '客户', 'GOTONE', '591', 1, 3, now())", msisdn, "C" + i);
            list.append(msisdn).append("|S||||\n");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        String campaign = """
                {"id":"CRASH-1","name":"crash test","type":"PROMOTION","productId":"P1","channels":["SMS"],
                 "templates":{"SMS":{"text":"${name}，您好"}},"sourceAddress":"10658001",
                 "start":"%s","end":"%s","quietHours":{"start":"00:00","end":"00:00"},"controlPercent":0,
                 "rules":{"maxSmsPerDay":10,"maxSmsPerWeek":10,"recentSimilarDays":0}}"""
                .formatted(now.minusMinutes(1), now.plusDays(1));
        assertThat(ok(hub.send("POST", "/api/campaigns", "ops:ops-pw", "application/json", campaign))).isTrue();
        assertThat(ok(hub.send("POST", "/api/campaigns/CRASH-1/targets?listId=L1", "ops:ops-pw", "text/plain", list.toString()))).isTrue();
        ok(hub.send("POST", "/api/campaigns/CRASH-1/schedule", "ops:ops-pw", null, null));
        ok(hub.send("POST", "/api/campaigns/CRASH-1/start", "ops:ops-pw", null, null));

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

    private static boolean ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return true;
    }

    private static void waitFor(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + within);
            }
            Thread.sleep(100);
        }
    }
}
