package com.carrier.hub.runtime.campaign.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.runtime.touchpoints.ChannelPreferences;

/** A touchpoint's daily capacity: contacts over it wait for the next day, none is dropped. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class DailyCapacityIT {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ChannelPreferences preferences;

    @Test
    void overCapacityContactsAreDeferredToTheNextDayNotDropped() {
        Long portalToday = jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE channel = 'PORTAL' AND contacted_at >= ?",
                Long.class, java.sql.Timestamp.from(LocalDate.now(HubTime.ZONE).atStartOfDay(HubTime.ZONE).toInstant()));
        preferences.getDailyCapacity().put("PORTAL", portalToday + 1);
        try {
            String prefix = "134" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
            StringBuilder list = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                String msisdn = prefix + String.format("%04d", i);
                jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, status, customer_class, update_time)"
                        + " VALUES (?, 'c', '客户', 'MZONE', '591', 1, 4, now())", msisdn);
                list.append(msisdn).append("|S||||\n");
            }
            String id = "CAP-" + UUID.randomUUID().toString().substring(0, 8);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
            Map<String, Object> c = new HashMap<>(Map.of("id", id, "name", "capacity", "type", "PROMOTION", "productId", "P-" + id,
                    "channels", List.of("PORTAL"), "templates", Map.of("PORTAL", Map.of("title", "${name}", "body", "优惠")),
                    "start", now.minusMinutes(1).toString(), "end", now.plusDays(3).toString()));
            c.put("controlPercent", 0);
            TestRestTemplate admin = rest.withBasicAuth("admin", "admin");
            admin.postForEntity("/api/campaigns", c, String.class);
            HttpHeaders h = new HttpHeaders();
            h.setContentType(MediaType.TEXT_PLAIN);
            admin.postForEntity("/api/campaigns/" + id + "/targets?listId=L", new HttpEntity<>(list.toString().getBytes(StandardCharsets.UTF_8), h), String.class);
            admin.postForEntity("/api/campaigns/" + id + "/schedule", null, String.class);
            admin.postForEntity("/api/campaigns/" + id + "/start", null, String.class);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "SELECT status || ':' || coalesce(reason, '') FROM campaign_contact WHERE campaign_id = ? ORDER BY status", String.class, id))
                    .containsExactly("DEFERRED:CAPACITY", "DEFERRED:CAPACITY", "SENT:"));
            Instant tomorrow = LocalDate.now(HubTime.ZONE).plusDays(1).atStartOfDay(HubTime.ZONE).toInstant();
            assertThat(jdbc.queryForList("SELECT not_before FROM campaign_contact WHERE campaign_id = ? AND status = 'DEFERRED'",
                    java.sql.Timestamp.class, id)).extracting(java.sql.Timestamp::toInstant).containsOnly(tomorrow);
        } finally {
            preferences.getDailyCapacity().remove("PORTAL");
        }
    }
}
