package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.runtime.sandbox.SandboxPeers;
import com.carrier.hub.simulators.portal.PortalSimulator;
import com.carrier.hub.simulators.smsc.SmscSimulator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A campaign through the whole dispatch path against the sandbox's real SMSC and portal simulators: list uploaded,
 * every customer decided by the contact policy, SMS and portal contacts sent once each, exclusions recorded with their
 * codes, a late opt-out honoured, progress reconciled.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class CampaignDispatchIT {

    @Autowired
    SandboxPeers sandboxPeers;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;

    private final String prefix = "138" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);

    private String m(int n) {
        return prefix + String.format("%04d", n);
    }

    private void customer(String msisdn, String name, int status, int customerClass) {
        jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                + " customer_class, update_time) VALUES (?, ?, ?, 'GOTONE', '591', 'P100', ?, 'HUAWEI Mate60', ?, now())",
                msisdn, "C" + msisdn, name, status, customerClass);
    }

    @Test
    void listIsDecidedAndEveryEligibleCustomerContactedOnceOnItsChannel() {
        String id = "D-" + UUID.randomUUID().toString().substring(0, 8);
        customer(m(1), "张三", 1, 3);
        customer(m(2), "李四", 1, 3);
        customer(m(4), "王五", 2, 3);
        customer(m(5), "赵六", 1, 3);
        customer(m(6), "", 1, 3);
        customer(m(7), "孙七", 1, 4);
        customer(m(8), "周八", 1, 3);
        customer(m(9), "吴九", 1, 3);
        customer(m(10), "郑十", 1, 4);
        jdbc.update("INSERT INTO blacklist (msisdn, source) VALUES (?, 'test')", m(2));
        jdbc.update("INSERT INTO holding (msisdn, product_id) VALUES (?, 'P5G129')", m(5));

        assertThat(admin().postForEntity("/api/campaigns", campaign(id), String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String list = String.join("\n",
                m(1) + "|S1|0.9|129|a2|a3",
                m(2) + "|S1|0.8|129||",
                m(3) + "|S1||129||",
                m(4) + "|S1||129||",
                m(5) + "|S1||129||",
                m(6) + "|S2||129||",
                m(7) + "|S2||129||",
                m(8) + "|S2||129||",
                m(9) + "|S2||129||",
                m(10) + "|S2||129||",
                "1380000000x|S2||||",
                m(1) + "|S1|0.9|129||") + "\n";
        ResponseEntity<JsonNode> accepted = admin().postForEntity("/api/campaigns/" + id + "/targets?listId=L1",
                text(list), JsonNode.class);
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode outcome = accepted.getBody().get("byOutcome");
        assertThat(accepted.getBody().get("rows").asLong()).isEqualTo(12);
        assertThat(outcome.get("BAD_MSISDN").asLong()).isEqualTo(1);
        assertThat(outcome.get("DUPLICATE").asLong()).isEqualTo(1);
        assertThat(outcome.get("BLACKLIST").asLong()).isEqualTo(1);
        assertThat(outcome.get("UNKNOWN_CUSTOMER").asLong()).isEqualTo(1);
        assertThat(outcome.get("INACTIVE").asLong()).isEqualTo(1);
        assertThat(outcome.get("HOLDS_PRODUCT").asLong()).isEqualTo(1);
        assertThat(outcome.get("TREATMENT").asLong()).isEqualTo(6);

        // after the policy ran and before dispatch, customers unsubscribe from their channel (SMS; the portal, whose
        // contacts are claimed straight into SUBMITTING) or are blacklisted: honoured at once, by the claim
        jdbc.update("INSERT INTO channel_optout (msisdn, channel, source) VALUES (?, 'SMS', 'sms'), (?, 'PORTAL', 'portal')",
                m(8), m(10));
        jdbc.update("INSERT INTO blacklist (msisdn, source) VALUES (?, 'test')", m(9));

        admin().postForEntity("/api/campaigns/" + id + "/schedule", null, String.class);
        admin().postForEntity("/api/campaigns/" + id + "/start", null, String.class);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(progress(id).get("pending").asLong()).isZero());

        JsonNode p = progress(id);
        assertThat(p.get("reconciled").asBoolean()).as("progress %s", p).isTrue();
        assertThat(p.get("targeted").asLong()).isEqualTo(12);
        assertThat(p.get("contacted").asLong()).isEqualTo(2);
        assertThat(p.get("failed").asLong()).isEqualTo(1);
        assertThat(p.at("/excludedByCode/CHANNEL_OPTOUT").asLong()).isEqualTo(2);
        assertThat(p.at("/excludedByCode/BLACKLIST").asLong()).as("one at the list, one late").isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT msisdn || ' ' || status || ' ' || reason || ' ' || coalesce(grp, '-')"
                + " FROM campaign_contact WHERE campaign_id = ? AND msisdn IN (?, ?, ?) ORDER BY msisdn", String.class,
                id, m(8), m(9), m(10))).containsExactly(m(8) + " EXCLUDED CHANNEL_OPTOUT -",
                        m(9) + " EXCLUDED BLACKLIST -", m(10) + " EXCLUDED CHANNEL_OPTOUT -");
        assertThat(jdbc.queryForObject("SELECT reason FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?",
                String.class, id, m(6))).isEqualTo("MISSING_VALUE:name");

        SmscSimulator smsc = peer(SmscSimulator.class);
        List<SmscSimulator.Submit> mine = smsc.submits().stream().filter(s -> s.destination().startsWith(prefix)).toList();
        assertThat(mine).extracting(SmscSimulator.Submit::destination).containsExactly(m(1));
        String text = new String(mine.get(0).shortMessage(), StandardCharsets.UTF_16BE);
        assertThat(text).isEqualTo("尊敬的张三，5G套餐129元，回复Y办理").doesNotContain("${");
        assertThat(mine.get(0).source()).isEqualTo("10658001");

        PortalSimulator portal = peer(PortalSimulator.class);
        List<JsonNode> offers = portal.itemsWhere("msisdn", m(7));
        assertThat(offers).hasSize(1);
        assertThat(offers.get(0).get("offerKey").asText()).isEqualTo(id + ":" + m(7));
        assertThat(offers.get(0).get("title").asText()).isEqualTo("孙七的5G专享");
        assertThat(portal.itemsWhere("msisdn", m(10))).as("opted out of the portal after the policy ran").isEmpty();

        assertThat(jdbc.queryForList("SELECT status FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?",
                String.class, id, m(1))).containsExactly("SENT");

        // the contacts went through the shipped route an admin reads, and it shows its rounds at GET /api/routes
        JsonNode route = null;
        for (JsonNode r : admin().getForEntity("/api/routes", JsonNode.class).getBody().get("routes")) {
            if (r.get("id").asText().equals("campaign-dispatch")) {
                route = r;
            }
        }
        assertThat(route).as("campaign-dispatch route").isNotNull();
        assertThat(route.get("sourceFile").asText()).endsWith("campaign-dispatch.yaml");
        assertThat(route.get("completed").asLong()).isPositive();
        assertThat(route.get("failed").asLong()).isZero();
    }

    @Test
    void controlGroupIsRecordedAndNeverContacted() {
        String id = "K-" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder list = new StringBuilder();
        int expectedControl = 0;
        for (int i = 100; i < 140; i++) {
            customer(m(i), "客户" + i, 1, 3);
            list.append(m(i)).append("|S||129||\n");
            expectedControl += ControlGroup.isControl(id, m(i), 50) ? 1 : 0;
        }
        Map<String, Object> c = campaign(id);
        c.put("controlPercent", 50);
        admin().postForEntity("/api/campaigns", c, String.class);
        JsonNode accepted = admin().postForEntity("/api/campaigns/" + id + "/targets?listId=L1", text(list.toString()),
                JsonNode.class).getBody();
        assertThat(accepted.at("/byOutcome/CONTROL").asLong()).isEqualTo(expectedControl).isGreaterThan(0);
        admin().postForEntity("/api/campaigns/" + id + "/schedule", null, String.class);
        admin().postForEntity("/api/campaigns/" + id + "/start", null, String.class);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(progress(id).get("pending").asLong()).isZero());

        List<String> control = jdbc.queryForList("SELECT msisdn FROM campaign_contact WHERE campaign_id = ? AND grp = 'C'",
                String.class, id);
        SmscSimulator smsc = peer(SmscSimulator.class);
        List<String> sent = smsc.submits().stream().map(SmscSimulator.Submit::destination).toList();
        assertThat(control).hasSize(expectedControl).doesNotContainAnyElementsOf(sent);
        assertThat(progress(id).get("contacted").asLong()).isEqualTo(40 - expectedControl);
    }

    @Test
    void listForAnUnknownOrFinishedCampaignIsRefused() {
        ResponseEntity<String> unknown = admin().postForEntity("/api/campaigns/NOPE-1/targets?listId=L1", text(m(1) + "|S||||\n"), String.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody()).contains("NOPE-1", "not known");

        String id = "F-" + UUID.randomUUID().toString().substring(0, 8);
        admin().postForEntity("/api/campaigns", campaign(id), String.class);
        admin().postForEntity("/api/campaigns/" + id + "/cancel", null, String.class);
        ResponseEntity<String> finished = admin().postForEntity("/api/campaigns/" + id + "/targets?listId=L1", text(m(1) + "|S||||\n"), String.class);
        assertThat(finished.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(finished.getBody()).contains("CANCELLED");
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
        c.put("rules", Map.of("maxSmsPerDay", 100, "maxSmsPerWeek", 100, "recentSimilarDays", 0));
        return c;
    }

    private JsonNode progress(String id) {
        return admin().getForEntity("/api/campaigns/" + id, JsonNode.class).getBody().get("progress");
    }

    private static HttpEntity<byte[]> text(String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(new MediaType("text", "plain", StandardCharsets.UTF_8));
        return new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8), h);
    }

    private <T> T peer(Class<T> type) {
        return sandboxPeers.simulators().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", "admin");
    }
}
