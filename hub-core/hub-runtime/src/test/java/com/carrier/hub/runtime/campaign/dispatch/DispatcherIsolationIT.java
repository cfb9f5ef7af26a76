package com.carrier.hub.runtime.campaign.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** A campaign whose dispatch fails (here: a stored definition the engine cannot use) does not hold up the others. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class DispatcherIsolationIT {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void oneBrokenCampaignDoesNotStopTheOthers() {
        // the broken campaign starts latest, so the dispatcher (newest start first) meets it before the good one
        String broken = "AAA-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("""
                INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent, response_window_days, definition)
                VALUES (?, 'broken', 'PROMOTION', 'P1', 'RUNNING', now() + interval '1 minute', now() + interval '1 day', 5, 7, '{}'::jsonb)""",
                broken);
        jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, grp, channel, status) VALUES (?, '13311110000', 'T', 'SMS', 'PENDING')", broken);

        String msisdn = "133" + String.format("%08d", Math.abs(UUID.randomUUID().hashCode()) % 100_000_000);
        jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, status, customer_class, update_time)"
                + " VALUES (?, 'c', '客户', 'GOTONE', '591', 1, 3, now())", msisdn);
        String id = "OK-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        TestRestTemplate admin = rest.withBasicAuth("admin", "admin");
        Map<String, Object> definition = new java.util.HashMap<>(Map.of("id", id, "name", "fine", "type", "PROMOTION", "productId", "P-" + id,
                "channels", List.of("SMS"), "templates", Map.of("SMS", Map.of("text", "${name}您好")), "sourceAddress", "10658001",
                "start", now.minusMinutes(1).toString(), "end", now.plusDays(1).toString(),
                "quietHours", Map.of("start", "00:00", "end", "00:00")));
        // no control group: the one customer must be contacted (with the default 5% it was CONTROL about 1 run in 20)
        definition.put("controlPercent", 0);
        admin.postForEntity("/api/campaigns", definition, String.class);
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.TEXT_PLAIN);
        admin.postForEntity("/api/campaigns/" + id + "/targets?listId=L", new HttpEntity<>((msisdn + "|S||||\n").getBytes(StandardCharsets.UTF_8), h), String.class);
        admin.postForEntity("/api/campaigns/" + id + "/schedule", null, String.class);
        admin.postForEntity("/api/campaigns/" + id + "/start", null, String.class);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status FROM campaign_contact WHERE campaign_id = ?", String.class, id)).containsExactly("SENT"));
        jdbc.update("UPDATE campaign SET status = 'CANCELLED' WHERE id = ?", broken);
    }
}
