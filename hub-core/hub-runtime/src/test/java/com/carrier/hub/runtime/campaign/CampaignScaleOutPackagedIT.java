package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
            Path dir = Files.createDirectories(work.resolve(node));
            Files.createDirectories(dir.resolve("plugins"));
            hubs.add(new PackagedHub(dir, List.of(
                    "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                    "--spring.datasource.password=" + db.password(),
                    "--hub.security.users.ops.password=ops-pw", "--hub.security.users.ops.roles=OPERATOR",
                    "--hub.connectors.sms.host=127.0.0.1", "--hub.connectors.sms.port=" + smsc.port(),
                    "--hub.connectors.sms.system-id=hub", "--hub.connectors.sms.password=scale-pw",
                    "--hub.connectors.sms.licensed-rate=" + LICENSED,
                    "--hub.connectors.kafka.enabled=false", "--hub.connectors.portal.enabled=false",
                    "--hub.connectors.mmstore.enabled=false", "--hub.instance.id=" + node,
                    "--hub.routes.dir=" + Files.createDirectories(dir.resolve("routes")),
                    "--hub.campaigns.dispatch.interval=200ms", "--hub.campaigns.dispatch.batch-size=20")));
        }
        // one after the other: the first creates the schema
        hubs.get(0).start(Duration.ofSeconds(120));
        hubs.get(1).start(Duration.ofSeconds(120));
        PackagedHub a = hubs.get(0);

        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.username(), db.password()));
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < CUSTOMERS; i++) {
            String msisdn = "1360000" + String.format("%04d", i);
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, status, customer_class, update_time)"
                    + " VALUES (?, ?, '客户', 'MZONE', '591', 1, 5, now())", msisdn, "C" + i);
            list.append(msisdn).append("|S||||\n");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        String campaign = """
                {"id":"SCALE-1","name":"scale-out","type":"PROMOTION","productId":"P1","channels":["SMS"],
                 "templates":{"SMS":{"text":"${name}，您好"}},"sourceAddress":"10658001",
                 "start":"%s","end":"%s","quietHours":{"start":"00:00","end":"00:00"},"controlPercent":0,
                 "rules":{"maxSmsPerDay":10,"maxSmsPerWeek":10,"recentSimilarDays":0}}"""
                .formatted(now.minusMinutes(1), now.plusDays(1));
        ok(a.send("POST", "/api/campaigns", "ops:ops-pw", "application/json", campaign));
        ok(a.send("POST", "/api/campaigns/SCALE-1/targets?listId=L1", "ops:ops-pw", "text/plain", list.toString()));
        ok(a.send("POST", "/api/campaigns/SCALE-1/schedule", "ops:ops-pw", null, null));
        ok(a.send("POST", "/api/campaigns/SCALE-1/start", "ops:ops-pw", null, null));

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
        long first = smsc.submits().get(0).receivedNanos();
        System.out.println("scale-out: throttled at ms " + smsc.submits().stream().filter(x -> !x.accepted())
                .map(x -> (x.receivedNanos() - first) / 1_000_000).toList() + " of " + smsc.submits().size());

        long[] times = accepted.stream().mapToLong(SmscSimulator.Submit::receivedNanos).sorted().toArray();
        int worst = 0;
        for (int i = 0, j = 0; i < times.length; i++) {
            while (times[i] - times[j] >= TimeUnit.SECONDS.toNanos(1)) {
                j++;
            }
            worst = Math.max(worst, i - j + 1);
        }
        System.out.println("scale-out: worst sliding second " + worst);
        assertThat(worst).as("most submit_sm in any sliding second").isLessThanOrEqualTo(LICENSED);
        assertThat(smsc.throttledSubmits()).as("the SMSC throttled nothing").isZero();

        Map<String, Long> bySender = new java.util.HashMap<>();
        jdbc.query("SELECT sent_by, count(*) FROM campaign_contact WHERE campaign_id = 'SCALE-1' GROUP BY sent_by",
                rs -> {
                    bySender.put(rs.getString(1), rs.getLong(2));
                });
        System.out.printf("scale-out: sent by %s, worst sliding second %d of %d%n", bySender, worst, LICENSED);
        assertThat(bySender.keySet()).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(bySender.values()).allMatch(n -> n >= CUSTOMERS / 5);
    }

    private static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
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
