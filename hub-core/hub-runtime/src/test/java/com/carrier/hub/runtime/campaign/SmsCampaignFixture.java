package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.runtime.PackagedHub;
import com.carrier.hub.simulators.EmbeddedDatabase;
import com.carrier.hub.simulators.smsc.SmscSimulator;

/** An SMS-only campaign run by packaged hubs against an SMSC simulator and a database that outlive them. */
final class SmsCampaignFixture {

    static final String OPERATOR = "ops:ops-pw";

    private SmsCampaignFixture() {
    }

    /**
     * Arguments of a hub on this database and SMSC, with only the SMS connector and, of the shipped routes, only the
     * campaign dispatch route, dispatching every 200 ms when idle.
     */
    static List<String> hubArgs(EmbeddedDatabase.Database db, SmscSimulator smsc, String smscPassword, int licensedRate,
                                String instanceId, Path workDir, String... more) throws Exception {
        Files.createDirectories(workDir.resolve("plugins"));
        List<String> args = new java.util.ArrayList<>(List.of(
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--hub.security.users.ops.password=ops-pw", "--hub.security.users.ops.roles=OPERATOR",
                "--hub.connectors.sms.host=127.0.0.1", "--hub.connectors.sms.port=" + smsc.port(),
                "--hub.connectors.sms.system-id=hub", "--hub.connectors.sms.password=" + smscPassword,
                "--hub.connectors.sms.licensed-rate=" + licensedRate,
                "--hub.connectors.kafka.enabled=false", "--hub.connectors.portal.enabled=false",
                "--hub.connectors.mmstore.enabled=false", "--hub.instance.id=" + instanceId,
                "--hub.routes.dir=" + dispatchAndLedgerRoutes(workDir),
                "--hub.campaigns.dispatch.interval=200ms"));
        args.addAll(List.of(more));
        return args;
    }

    /** Of the shipped routes, the campaign dispatch and the ledger's round (receipts settle unresolved contacts). */
    private static Path dispatchAndLedgerRoutes(Path workDir) throws java.io.IOException {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        for (String file : List.of("campaign-dispatch.yaml", "responses-to-ledger.yaml")) {
            Files.copy(Path.of("../../routes", file), routes.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return routes;
    }

    /** Puts {@code count} normal customers of the class into the index; returns them as a §2.1 target list. */
    static String customers(JdbcTemplate jdbc, String msisdnPrefix, int count, int customerClass) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String msisdn = msisdnPrefix + String.format("%0" + (11 - msisdnPrefix.length()) + "d", i);
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, status, customer_class, update_time)"
                    + " VALUES (?, ?, '客户', 'GOTONE', '591', 1, ?, now())", msisdn, "C" + msisdn, customerClass);
            list.append(msisdn).append("|S||||\n");
        }
        return list.toString();
    }

    /** Defines the campaign, lands the list and starts it, through the hub's API. */
    static void start(PackagedHub hub, String id, String list) throws Exception {
        start(hub, id, list, "${name}，您好");
    }

    /** {@link #start(PackagedHub, String, String)} with this SMS template. */
    static void start(PackagedHub hub, String id, String list, String smsTemplate) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        String campaign = """
                {"id":"%s","name":"%s","type":"PROMOTION","productId":"P1","channels":["SMS"],
                 "templates":{"SMS":{"text":"%s"}},"sourceAddress":"10658001",
                 "start":"%s","end":"%s","quietHours":{"start":"00:00","end":"00:00"},"controlPercent":0,
                 "rules":{"maxSmsPerDay":10,"maxSmsPerWeek":10,"recentSimilarDays":0}}"""
                .formatted(id, id, smsTemplate, now.minusMinutes(1), now.plusDays(1));
        ok(hub.send("POST", "/api/campaigns", OPERATOR, "application/json", campaign));
        ok(hub.send("POST", "/api/campaigns/" + id + "/targets?listId=L1", OPERATOR, "text/plain", list));
        ok(hub.send("POST", "/api/campaigns/" + id + "/schedule", OPERATOR, null, null));
        ok(hub.send("POST", "/api/campaigns/" + id + "/start", OPERATOR, null, null));
    }

    static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    }

    static void waitFor(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + within);
            }
            Thread.sleep(100);
        }
    }
}
