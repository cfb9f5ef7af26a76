package com.carrier.hub.runtime.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sandbox as ./hub starts it, with the routes as shipped: the day of BOSS files it drops flows into the
 * customer index, product catalog, holdings and orders, and every file is reconciled at GET /api/files.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.connectors.boss.poll-delay=500",
                // a context of its own: it must not take the campaign files CampaignFilesIT drops in the shared inbox
                "hub.campaigns.inbox-dir=target/sandbox-boss-day-it/inbox"})
@ActiveProfiles("sandbox")
class SandboxBossDayIT {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theDroppedDayOfBossFilesIsPublishedAndReconciled() {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(DISTINCT feed) FROM file_record WHERE outcome = 'ACCEPTED' AND feed <> 'mm-apps'", Long.class) == 4);

        JsonNode customers = files("?feed=customer-delta").get("items").get(0);
        assertThat(customers.get("rowsRead").asLong()).isEqualTo(3000);
        assertThat(customers.get("rowsRejected").asLong()).isEqualTo(3);
        assertThat(customers.get("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM customer", Long.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product WHERE exclusive_group = 'MAIN_PLAN'", Long.class)).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM holding", Long.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM boss_order", Long.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM customer WHERE cust_name ~ '[一-龥]'", Long.class))
                .as("Chinese names decoded from GBK").isPositive();
        // the high-value customers have account managers, so a MANAGER campaign has work orders to open
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT manager_id) FROM manager_assignment", Long.class)).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM manager_assignment a JOIN customer c ON c.msisdn = a.msisdn"
                + " WHERE c.customer_class = 1", Long.class))
                .as("every assigned customer is of class 1").isPositive()
                .isEqualTo(jdbc.queryForObject("SELECT count(*) FROM manager_assignment", Long.class));
    }

    private JsonNode files(String query) {
        return rest.withBasicAuth("admin", "admin").getForEntity("/api/files" + query, JsonNode.class).getBody();
    }
}
