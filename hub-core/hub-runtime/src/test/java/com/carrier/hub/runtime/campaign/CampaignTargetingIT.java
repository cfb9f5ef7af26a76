package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import com.carrier.hub.simulators.smsc.SmscSimulator;
import com.fasterxml.jackson.databind.JsonNode;

/** Target selection by structured query and by saved group; SMS held through the quiet hours and sent after. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class CampaignTargetingIT {

    @Autowired
    SandboxPeers sandboxPeers;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;

    private final String prefix = "135" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);

    private String m(int n) {
        return prefix + String.format("%04d", n);
    }

    private void customer(String msisdn, String brand, String city, int customerClass, long arpu, String handset) {
        jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                + " customer_class, arpu_3m_fen, update_time) VALUES (?, ?, '客户', ?, ?, 'P100', 1, ?, ?, ?, now())",
                msisdn, "C" + msisdn, brand, city, handset, customerClass, arpu);
    }

    @Test
    void structuredQuerySelectsFromTheCustomerIndexWithoutSql() {
        String city = String.valueOf(100 + Math.abs(UUID.randomUUID().hashCode()) % 899);
        customer(m(1), "MZONE", city, 2, 5_000, "HUAWEI Mate60");
        customer(m(2), "MZONE", city, 2, 50_000, "HUAWEI Mate60");
        customer(m(3), "GOTONE", city, 1, 9_000, "iPhone 15");
        customer(m(4), "MZONE", city, 2, 8_000, "huawei mate 60");
        jdbc.update("INSERT INTO holding (msisdn, product_id) VALUES (?, 'P-VIDEO')", m(4));
        String id = campaign(List.of("SMS"), null);

        Map<String, Object> query = Map.of("brands", List.of("MZONE"), "cities", List.of(city), "arpuMaxFen", 10_000,
                "handsetModels", List.of("HUAWEI Mate60"), "lacksProducts", List.of("P-VIDEO"));
        ResponseEntity<JsonNode> r = admin().postForEntity("/api/campaigns/" + id + "/targets:query?listId=Q1", query, JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(r.getBody().get("rows").asLong()).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT msisdn FROM campaign_target WHERE campaign_id = ?", String.class, id)).containsExactly(m(1));

        ResponseEntity<JsonNode> bad = admin().postForEntity("/api/campaigns/" + id + "/targets:query?listId=Q2",
                Map.of("brands", List.of("GOTONE'; DROP TABLE customer; --"), "arpuMinFen", 10, "arpuMaxFen", 5), JsonNode.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody().get("errors").findValuesAsText("field")).contains("brands[0]", "arpuMaxFen");
    }

    @Test
    void aMisspeltOrEmptyQueryNeverSelectsTheWholeCustomerBase() {
        customer(m(30), "GOTONE", "591", 3, 1, null);
        String id = campaign(List.of("SMS"), null);
        String url = "/api/campaigns/" + id + "/targets:query?listId=";

        ResponseEntity<JsonNode> typo = admin().postForEntity(url + "Q1",
                Map.of("brand", List.of("GOTONE"), "city", List.of("591")), JsonNode.class);
        assertThat(typo.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(typo.getBody().at("/errors/0/field").asText()).isIn("brand", "city");
        assertThat(typo.getBody().at("/errors/0/message").asText()).contains("unknown field", "brands");

        ResponseEntity<JsonNode> empty = admin().postForEntity(url + "Q2", Map.of(), JsonNode.class);
        assertThat(empty.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(empty.getBody().at("/errors/0/field").asText()).isEqualTo("all");
        ResponseEntity<JsonNode> both = admin().postForEntity(url + "Q3",
                Map.of("all", true, "brands", List.of("GOTONE")), JsonNode.class);
        assertThat(both.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_target WHERE campaign_id = ?", Long.class, id)).isZero();

        // everyone, said explicitly (of the suspended customers, to keep the list small)
        jdbc.update("UPDATE customer SET status = 2 WHERE msisdn = ?", m(30));
        ResponseEntity<JsonNode> all = admin().postForEntity(url + "Q4", Map.of("all", true, "statuses", List.of(2)),
                JsonNode.class);
        assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(all.getBody().get("rows").asLong()).isEqualTo(
                jdbc.queryForObject("SELECT count(*) FROM customer WHERE NOT deleted AND status = 2", Long.class));

        ResponseEntity<JsonNode> group = admin().postForEntity("/api/customer-groups",
                Map.of("id", "GN-" + prefix, "name", "a\u0000b", "msisdns", List.of(m(30))), JsonNode.class);
        assertThat(group.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(group.getBody().at("/errors/0/field").asText()).isEqualTo("name");
        ResponseEntity<JsonNode> nulParam = admin().postForEntity(URI.create("/api/campaigns/" + id
                + "/targets:group?listId=G%00&groupId=x"), null, JsonNode.class);
        assertThat(nulParam.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(nulParam.getBody().at("/errors/0/field").asText()).isEqualTo("listId");
    }

    @Test
    void savedGroupBecomesATargetList() {
        customer(m(10), "GOTONE", "591", 3, 1, null);
        customer(m(11), "GOTONE", "591", 3, 1, null);
        ResponseEntity<JsonNode> g = admin().postForEntity("/api/customer-groups",
                Map.of("id", "G-" + prefix, "name", "高价值", "msisdns", List.of(m(10), m(11))), JsonNode.class);
        assertThat(g.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(g.getBody().get("members").asLong()).isEqualTo(2);
        ResponseEntity<JsonNode> badGroup = admin().postForEntity("/api/customer-groups",
                Map.of("id", "G2-" + prefix, "name", "x", "msisdns", List.of(m(12), "12345")), JsonNode.class);
        assertThat(badGroup.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badGroup.getBody().at("/errors/0/field").asText()).isEqualTo("msisdns[1]");

        String id = campaign(List.of("SMS"), null);
        JsonNode result = admin().postForEntity("/api/campaigns/" + id + "/targets:group?listId=G&groupId=G-" + prefix, null,
                JsonNode.class).getBody();
        assertThat(result.get("rows").asLong()).isEqualTo(2);
        assertThat(result.at("/byOutcome/TREATMENT").asLong()).isEqualTo(2);
    }

    @Test
    void smsIsHeldThroughTheQuietHoursAndSentWhenTheyEnd() {
        customer(m(20), "GOTONE", "591", 3, 1, null);
        LocalTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).toLocalTime().withNano(0);
        String id = campaign(List.of("SMS"), Map.of("start", now.minusMinutes(10).toString(), "end", now.plusSeconds(12).toString()));
        admin().postForEntity("/api/campaigns/" + id + "/targets?listId=L", text(m(20) + "|S||||\n"), String.class);
        admin().postForEntity("/api/campaigns/" + id + "/schedule", null, String.class);
        admin().postForEntity("/api/campaigns/" + id + "/start", null, String.class);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status || ':' || reason FROM campaign_contact WHERE campaign_id = ?", String.class, id))
                .containsExactly("DEFERRED:QUIET_HOURS"));
        SmscSimulator smsc = sandboxPeers.simulators().stream().filter(SmscSimulator.class::isInstance)
                .map(SmscSimulator.class::cast).findFirst().orElseThrow();
        assertThat(smsc.submits()).noneMatch(s -> s.destination().equals(m(20)));

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status FROM campaign_contact WHERE campaign_id = ?", String.class, id)).containsExactly("SENT"));
        assertThat(smsc.submits().stream().filter(s -> s.destination().equals(m(20))).count()).isEqualTo(1);
    }

    private String campaign(List<String> channels, Map<String, String> quietHours) {
        String id = "T-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> c = CampaignJson.of(id, Map.of("SMS", Map.of("text", "${name}您好")));
        c.put("name", "targeting");
        c.put("channels", channels);
        c.put("quietHours", quietHours == null ? Map.of("start", "00:00", "end", "00:00") : quietHours);
        assertThat(admin().postForEntity("/api/campaigns", c, String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return id;
    }

    private static HttpEntity<byte[]> text(String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.TEXT_PLAIN);
        return new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8), h);
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", "admin");
    }
}
