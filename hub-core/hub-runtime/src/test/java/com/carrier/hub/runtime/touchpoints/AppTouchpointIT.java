package com.carrier.hub.runtime.touchpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.sql.Array;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.connector.mmstore.MmApp;
import com.carrier.hub.runtime.ledger.ResponseCorrelator;
import com.carrier.hub.runtime.sandbox.SandboxPeers;
import com.carrier.hub.simulators.app.AppPushSimulator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The APP touchpoint through the runtime against the sandbox's app push simulator (PEERS §8, §10): customers without
 * the app pass to their next channel (SMS here) keeping the refusal in {@code refusals}; with no channel left they are
 * EXCLUDED NO_CHANNEL; the platform down leaves contacts waiting, then each is pushed once; the platform's own signed
 * callbacks land in the response store, and an OPENED or CLICKED one counts as a response in the evaluation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms",
                "hub.campaigns.channel-order.2=APP,SMS,PORTAL,MM",
                "hub.campaigns.dispatch.retry-after=1s",
                "hub.connectors.app.retry.max-attempts=2", "hub.connectors.app.retry.initial-backoff=10ms",
                "hub.connectors.app.retry.max-backoff=20ms", "hub.connectors.app.circuit-breaker.open-duration=1s"})
@ActiveProfiles("sandbox")
class AppTouchpointIT {

    @Autowired
    SandboxPeers sandboxPeers;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ResponseCorrelator correlator;
    @Autowired
    AppCatalog catalog;
    @LocalServerPort
    int port;

    private AppPushSimulator app() {
        return sandboxPeers.peer(AppPushSimulator.class).orElseThrow();
    }

    @AfterEach
    void normal() {
        app().normal();
    }

    @Test
    void customersWithoutTheAppGetSmsKeepingTheRefusalTheRestArePushedAndAnOpenCountsAsAResponse() throws Exception {
        AppPushSimulator app = app();
        List<String> msisdns = CampaignRun.customers(jdbc, "139", 20, 2);
        app.noDevice(msisdns.get(0)).noDevice(msisdns.get(1)).noDevice(msisdns.get(2));
        Map<String, Object> c = campaign(List.of("APP", "SMS"));
        String id = (String) c.get("id");
        CampaignRun.start(rest, c, msisdns);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status FROM campaign_contact WHERE campaign_id = ?", String.class, id))
                .hasSize(20).containsOnly("SENT"));
        List<String> pushed = new ArrayList<>();
        for (String m : msisdns) {
            Map<String, Object> row = jdbc.queryForMap(
                    "SELECT channel, status, reason, refusals FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?", id, m);
            if (app.hasNoDevice(m)) {
                assertThat(row.get("channel")).as(m).isEqualTo("SMS");
                assertThat(refusals(row)).as(m).containsExactly("APP:NO_DEVICE");
                assertThat(app.item(id + ":" + m)).isEmpty();
            } else {
                assertThat(row.get("channel")).as(m).isEqualTo("APP");
                assertThat(row.get("refusals")).as(m).isNull();
                assertThat(app.item(id + ":" + m)).hasValueSatisfying(p -> {
                    assertThat(p.path("title").asText()).isEqualTo("客户的专属优惠");
                    assertThat(p.path("body").asText()).isEqualTo("流量包 5 折");
                });
                pushed.add(m);
            }
        }
        assertThat(pushed).hasSizeGreaterThanOrEqualTo(2).hasSizeLessThanOrEqualTo(17);

        // the sandbox's platform calls back on its own: DELIVERED for every push, OPENED / CLICKED for some customers
        long opened = pushed.stream().filter(app::opens).count();
        long clicked = pushed.stream().filter(app::clicks).count();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT type FROM response_event WHERE source = 'app' AND campaign_id = ?", String.class, id))
                .hasSize((int) (pushed.size() + opened + clicked)));
        // and one more customer opens it, reported by hand
        String late = pushed.stream().filter(m -> !app.opens(m)).findFirst().orElseThrow();
        URI feedback = AppPushSimulator.feedbackUrl(URI.create("http://127.0.0.1:" + port));
        assertThat(app.sendEvents(feedback, List.of(AppPushSimulator.event("o-" + id, "OPENED", late, id))).status())
                .isEqualTo(202);

        correlator.correlate();
        JsonNode e = rest.withBasicAuth("admin", "admin").getForObject("/api/campaigns/" + id + "/evaluation", JsonNode.class);
        assertThat(e.at("/total/responded").asLong()).isEqualTo(opened + 1);
        assertThat(e.get("breakdown")).anyMatch(r -> r.get("channel").asText().equals("APP")
                && r.get("responded").asLong() == opened + 1);
    }

    @Test
    void theNextChannelIsOneThePolicyPermitsAnOptOutOfSmsSendsTheCustomerToThePortal() {
        AppPushSimulator app = app();
        List<String> msisdns = CampaignRun.customers(jdbc, "139", 2, 2);
        app.noDevice(msisdns.get(0)).noDevice(msisdns.get(1));
        jdbc.update("INSERT INTO channel_optout (msisdn, channel, source) VALUES (?, 'SMS', 'sms')", msisdns.get(1));
        Map<String, Object> c = campaign(List.of("APP", "SMS", "PORTAL"));
        String id = (String) c.get("id");
        CampaignRun.start(rest, c, msisdns);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT msisdn || ':' || channel || ':' || status || ':' || array_to_string(refusals, ',')"
                        + " FROM campaign_contact WHERE campaign_id = ?", String.class, id))
                .containsExactlyInAnyOrder(msisdns.get(0) + ":SMS:SENT:APP:NO_DEVICE",
                        msisdns.get(1) + ":PORTAL:SENT:APP:NO_DEVICE"));
    }

    @Test
    void aCustomerPassedToTheMmStoreGetsTheAppsSuitedToTheHandsetAsAListDecisionGivesThem() {
        // after the sandbox's own catalog of the day, which would replace this one
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM file_record WHERE feed = 'mm-apps' AND outcome = 'ACCEPTED'", Long.class) == 1);
        catalog.replace(List.of(new MmApp("APPX1", "流量助手", "tools", "8.0", List.of(MmApp.ALL_MODELS), 100, 0, true)),
                "app-touchpoint-it");
        AppPushSimulator app = app();
        List<String> msisdns = CampaignRun.customers(jdbc, "139", 1, 2);
        jdbc.update("UPDATE customer SET handset_model = 'HUAWEI Mate60' WHERE msisdn = ?", msisdns.get(0));
        app.noDevice(msisdns.get(0));
        Map<String, Object> c = campaign(List.of("APP", "MM"));
        String id = (String) c.get("id");
        CampaignRun.start(rest, c, msisdns);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT concat_ws(':', channel, status, reason, array_to_string(refusals, ','), vars ->> 'apps')"
                        + " FROM campaign_contact WHERE campaign_id = ?", String.class, id))
                .containsExactly("MM:SENT:APP:NO_DEVICE:APPX1"));
    }

    @Test
    void withNoOtherChannelAllowedACustomerWithoutTheAppIsExcludedNoChannel() {
        AppPushSimulator app = app();
        List<String> msisdns = CampaignRun.customers(jdbc, "139", 2, 2);
        app.noDevice(msisdns.get(0)).noDevice(msisdns.get(1));
        Map<String, Object> c = campaign(List.of("APP"));
        String id = (String) c.get("id");
        CampaignRun.start(rest, c, msisdns);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT channel || ':' || status || ':' || reason || ':' || array_to_string(refusals, ',')"
                        + " FROM campaign_contact WHERE campaign_id = ?", String.class, id))
                .containsOnly("APP:EXCLUDED:NO_CHANNEL:APP:NO_DEVICE").hasSize(2));
        assertThat(jdbc.queryForList("SELECT grp FROM campaign_contact WHERE campaign_id = ?", String.class, id))
                .as("out of the treatment group, as an exclusion decided with the list").containsOnlyNulls();
        JsonNode progress = rest.withBasicAuth("admin", "admin").getForObject("/api/campaigns/" + id, JsonNode.class).path("progress");
        assertThat(progress.path("reconciled").asBoolean()).as(progress.toString()).isTrue();
        assertThat(progress.at("/excludedByCode/NO_CHANNEL").asLong()).isEqualTo(2);
    }

    @Test
    void thePlatformDownLeavesContactsWaitingThenEachIsPushedOnce() {
        AppPushSimulator app = app();
        List<String> msisdns = CampaignRun.customers(jdbc, "139", 5, 2).stream().filter(m -> !app.hasNoDevice(m)).toList();
        app.failNext(1_000_000, 503);
        long requestsBefore = app.requests();
        Map<String, Object> c = campaign(List.of("APP"));
        String id = (String) c.get("id");
        CampaignRun.start(rest, c, msisdns);

        await().atMost(Duration.ofSeconds(60)).until(() -> app.requests() > requestsBefore + 2);
        assertThat(jdbc.queryForList("SELECT status FROM campaign_contact WHERE campaign_id = ?", String.class, id))
                .hasSize(msisdns.size()).doesNotContain("SENT", "FAILED", "EXCLUDED", "OUTCOME_UNKNOWN");

        long receivedBefore = app.itemsReceived();
        app.normal();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT channel || ':' || status FROM campaign_contact WHERE campaign_id = ?", String.class, id))
                .hasSize(msisdns.size()).containsOnly("APP:SENT"));
        assertThat(app.itemsReceived() - receivedBefore).isEqualTo(msisdns.size());
        msisdns.forEach(m -> assertThat(app.item(id + ":" + m)).isPresent());
    }

    private static List<String> refusals(Map<String, Object> row) throws Exception {
        Object[] values = (Object[]) ((Array) row.get("refusals")).getArray();
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    /** A campaign over these channels, whose quiet hours (which hold both APP and SMS) are hours away from now. */
    private static Map<String, Object> campaign(List<String> channels) {
        String id = "APP-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        LocalTime local = LocalTime.now(HubTime.ZONE).truncatedTo(ChronoUnit.MINUTES);
        Map<String, Object> c = new HashMap<>(Map.of("id", id, "name", "app push", "type", "PROMOTION",
                "productId", "P-" + id, "channels", channels,
                "templates", templates(channels), "start", now.minusMinutes(1).toString(), "end", now.plusDays(3).toString()));
        c.put("controlPercent", 0);
        c.put("sourceAddress", "10658001");
        c.put("quietHours", Map.of("start", local.plusHours(3).toString(), "end", local.plusHours(4).toString()));
        return c;
    }

    /** Templates of the campaign's channels only (a template of a channel it does not name is refused). */
    private static Map<String, Object> templates(List<String> channels) {
        Map<String, Object> all = Map.of("APP", Map.of("title", "${name}的专属优惠", "body", "流量包 5 折"),
                "SMS", Map.of("text", "尊敬的${name}，流量包 5 折"), "PORTAL", Map.of("title", "专属优惠", "body", "流量包 5 折"), "MM", Map.of("appIds", List.of("APPX1")));
        Map<String, Object> t = new HashMap<>();
        channels.forEach(c -> t.put(c, all.get(c)));
        return t;
    }
}
