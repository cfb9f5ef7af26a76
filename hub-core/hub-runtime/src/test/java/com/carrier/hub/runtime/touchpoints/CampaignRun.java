package com.carrier.hub.runtime.touchpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the touchpoint tests do before they look: customers in the index, a campaign created, targeted and started. */
final class CampaignRun {

    private CampaignRun() {
    }

    /** {@code n} normal customers of the class, numbered from a random base under {@code prefix}. */
    static List<String> customers(JdbcTemplate jdbc, String prefix, int n, int customerClass) {
        String base = prefix + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
        List<String> msisdns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String msisdn = base + String.format("%04d", i);
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, status, customer_class, update_time)"
                    + " VALUES (?, 'c', '客户', 'MZONE', '591', 1, ?, now())", msisdn, customerClass);
            msisdns.add(msisdn);
        }
        return msisdns;
    }

    /** Creates the campaign through the API, uploads the customers as its list, schedules and starts it. */
    static void start(TestRestTemplate rest, Map<String, Object> campaign, List<String> msisdns) {
        String id = (String) campaign.get("id");
        TestRestTemplate admin = rest.withBasicAuth("admin", "admin");
        ResponseEntity<String> created = admin.postForEntity("/api/campaigns", campaign, String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.TEXT_PLAIN);
        StringBuilder list = new StringBuilder();
        msisdns.forEach(m -> list.append(m).append("|S||||\n"));
        admin.postForEntity("/api/campaigns/" + id + "/targets?listId=L", new HttpEntity<>(list.toString().getBytes(StandardCharsets.UTF_8), h),
                String.class);
        admin.postForEntity("/api/campaigns/" + id + "/schedule", null, String.class);
        admin.postForEntity("/api/campaigns/" + id + "/start", null, String.class);
    }
}
