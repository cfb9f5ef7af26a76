package com.carrier.hub.runtime.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.runtime.sandbox.SandboxPeers;
import com.carrier.hub.simulators.boss.BossOrderSimulator;
import com.carrier.hub.simulators.portal.PortalSimulator;
import com.carrier.hub.simulators.smsc.SmscSimulator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Contact → response → evaluation through the sandbox's real SMSC and portal simulators: a campaign is dispatched,
 * the SMSC's delivery receipts and an accept reply (MO) arrive over SMPP, the portal's click over its signed callback,
 * a BOSS order lands in the order table; the ledger correlates them and GET /api/campaigns/{id}/evaluation counts them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class CampaignEvaluationSandboxIT {

    @Autowired
    SandboxPeers sandboxPeers;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ResponseCorrelator correlator;
    @Autowired
    BossOrderRequests orders;
    @LocalServerPort
    int port;

    private final String prefix = "136" + String.format("%04d", Math.floorMod(UUID.randomUUID().hashCode(), 10000));

    private String m(int n) {
        return prefix + String.format("%04d", n);
    }

    @Test
    void receiptsRepliesClicksAndOrdersReachTheEvaluation() throws Exception {
        String id = "E-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 1; i <= 4; i++) {
            customer(m(i), 3); // SMS
        }
        customer(m(5), 4); // portal first
        assertThat(admin().postForEntity("/api/campaigns", campaign(id), String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            list.append(m(i)).append(i <= 2 ? "|A" : "|B").append("||129||\n");
        }
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.TEXT_PLAIN);
        assertThat(admin().postForEntity("/api/campaigns/" + id + "/targets?listId=L1", new HttpEntity<>(list.toString(), h),
                String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        admin().postForEntity("/api/campaigns/" + id + "/schedule", null, String.class);
        admin().postForEntity("/api/campaigns/" + id + "/start", null, String.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM campaign_contact WHERE campaign_id = ? AND status = 'SENT'", Long.class, id) == 5);
        // the SMSC's receipts for the four SMS
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM response_event e JOIN campaign_contact c
                    ON c.campaign_id = ? AND e.ref = ANY (c.message_ids)
                 WHERE e.type IN ('DELIVERED', 'UNDELIVERED')""", Long.class, id) == 4);

        SmscSimulator smsc = peer(SmscSimulator.class);
        smsc.injectMo(m(1), "10658001", " y ");
        smsc.injectMo(m(2), "10658001", "多少钱?");
        PortalSimulator portal = peer(PortalSimulator.class);
        assertThat(portal.sendEvents(PortalSimulator.feedbackUrl(URI.create("http://127.0.0.1:" + port)),
                List.of(PortalSimulator.event("ev-" + id, "CLICK", m(5), id))).status()).isEqualTo(202);
        jdbc.update("INSERT INTO boss_order (order_id, msisdn, product_id, channel_code, order_time, status)"
                + " VALUES (?, ?, 'P5G129', 'SMS', ?, 1)", "BO-" + id, m(1), Timestamp.from(Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM response_event WHERE msisdn IN (?, ?) AND type = 'REPLIED'", Long.class, m(1), m(2)) == 2);

        correlator.correlate();
        JsonNode e = admin().getForObject("/api/campaigns/" + id + "/evaluation", JsonNode.class);
        JsonNode total = e.get("total");
        assertThat(total.get("targeted").asLong()).isEqualTo(5);
        assertThat(total.get("treatment").asLong()).isEqualTo(5);
        assertThat(total.get("sent").asLong()).isEqualTo(5);
        long delivered = jdbc.queryForObject("""
                SELECT count(*) FROM response_event e JOIN campaign_contact c ON c.campaign_id = ? AND e.ref = ANY (c.message_ids)
                 WHERE e.type = 'DELIVERED'""", Long.class, id);
        assertThat(total.get("delivered").asLong()).isEqualTo(delivered);
        assertThat(total.get("responded").asLong()).isEqualTo(3); // m1 accepted and ordered, m2 asked, m5 clicked
        assertThat(total.get("orderedTreatment").asLong()).isEqualTo(1);
        assertThat(total.at("/lift/notMeasurable").asText()).isEqualTo("control group is empty");
        assertThat(e.get("breakdown")).anyMatch(r -> r.get("channel").asText().equals("PORTAL") && r.get("responded").asLong() == 1);

        // the accept of an autoOrder campaign becomes one BOSS order request for m1
        orders.enqueue();
        assertThat(jdbc.queryForList("SELECT request_id FROM boss_order_request WHERE campaign_id = ?", String.class, id))
                .containsExactly(id + ":" + m(1));
        // ... which the sandbox's BOSS answers 201
        BossOrderSimulator boss = sandboxPeers.peer(BossOrderSimulator.class).orElseThrow();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status FROM boss_order_request WHERE campaign_id = ?", String.class, id)).containsExactly("ACCEPTED"));
        assertThat(boss.received()).extracting(BossOrderSimulator.Received::requestId).contains(id + ":" + m(1));
    }

    private void customer(String msisdn, int customerClass) {
        jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                + " customer_class, update_time) VALUES (?, ?, '客户', 'GOTONE', '591', 'P100', 1, 'HUAWEI Mate60', ?, now())",
                msisdn, "C" + msisdn, customerClass);
    }

    private Map<String, Object> campaign(String id) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        LocalTime quietStart = now.toLocalTime().plusHours(2).withMinute(0).withSecond(0).withNano(0);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "5G 升级");
        c.put("type", "PROMOTION");
        c.put("productId", "P5G129");
        c.put("channels", List.of("SMS", "PORTAL"));
        c.put("templates", Map.of(
                "SMS", Map.of("text", "尊敬的${name}，5G套餐${attr1}元，回复Y办理"),
                "PORTAL", Map.of("title", "${name}的5G专享", "body", "仅需${attr1}元", "url", "https://portal.example/5g")));
        c.put("sourceAddress", "10658001");
        c.put("start", now.minusMinutes(5).toString());
        c.put("end", now.plusDays(7).toString());
        c.put("quietHours", Map.of("start", quietStart.toString(), "end", quietStart.plusHours(1).toString()));
        c.put("controlPercent", 0);
        c.put("autoOrder", true);
        c.put("rules", Map.of("maxSmsPerDay", 100, "maxSmsPerWeek", 100, "recentSimilarDays", 0));
        return c;
    }

    private <T> T peer(Class<T> type) {
        return sandboxPeers.simulators().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", "admin");
    }
}
