package com.carrier.hub.runtime.campaign.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** High-value customers become work orders for their account managers, shown as the call list; the others go to their next channel. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class ManagerChannelIT {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void classOneCustomersAreListedForTheirAccountManagersWithTheirScript() {
        String vip = "132" + String.format("%08d", Math.abs(UUID.randomUUID().hashCode()) % 100_000_000);
        String rural = "131" + String.format("%08d", Math.abs(UUID.randomUUID().hashCode()) % 100_000_000);
        jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, status, customer_class, update_time)"
                + " VALUES (?, 'v', '钱总', 'GOTONE', '591', 1, 1, now()), (?, 'r', '孙农', 'EASYOWN', '592', 1, 3, now())", vip, rural);
        HttpHeaders text = new HttpHeaders();
        text.setContentType(MediaType.TEXT_PLAIN);
        assertThat(rest.withBasicAuth("admin", "admin").exchange("/api/managers/assignments", HttpMethod.PUT, new HttpEntity<>(
                (vip + "|M007|周经理\n").getBytes(StandardCharsets.UTF_8), text), String.class).getStatusCode().is2xxSuccessful())
                .isTrue();
        String id = "M-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        TestRestTemplate admin = rest.withBasicAuth("admin", "admin");
        Map<String, Object> campaign = new HashMap<>(Map.of("id", id, "name", "VIP", "type", "TARIFF", "productId", "P-" + id,
                "channels", List.of("MANAGER", "SMS"), "templates", Map.of(
                        "MANAGER", Map.of("text", "致电${name}，推荐${attr1}"), "SMS", Map.of("text", "${name}您好，${attr1}")),
                "sourceAddress", "10658001", "start", now.minusMinutes(1).toString(), "end", now.plusDays(1).toString(),
                "quietHours", Map.of("start", "00:00", "end", "00:00")));
        campaign.put("controlPercent", 0);
        admin.postForEntity("/api/campaigns", campaign, String.class);
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.TEXT_PLAIN);
        admin.postForEntity("/api/campaigns/" + id + "/targets?listId=L", new HttpEntity<>(
                (vip + "|VIP||5G尊享||\n" + rural + "|R||5G尊享||\n").getBytes(StandardCharsets.UTF_8), h), String.class);
        admin.postForEntity("/api/campaigns/" + id + "/schedule", null, String.class);
        admin.postForEntity("/api/campaigns/" + id + "/start", null, String.class);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT channel || ':' || status FROM campaign_contact WHERE campaign_id = ? ORDER BY channel", String.class, id))
                .containsExactly("MANAGER:SENT", "SMS:SENT"));
        ResponseEntity<String> csv = admin.getForEntity("/api/campaigns/" + id + "/call-list", String.class);
        assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(csv.getBody().lines().toList()).hasSize(2);
        assertThat(csv.getBody()).contains(vip + ",\"钱总\",\"591\",\"致电钱总，推荐5G尊享\",")
                .contains(",\"M007\",\"周经理\",OPEN,").doesNotContain(rural);
    }
}
