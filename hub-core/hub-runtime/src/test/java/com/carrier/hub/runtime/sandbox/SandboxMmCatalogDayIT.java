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

import com.carrier.hub.connector.mmstore.AppCatalog;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sandbox as ./hub starts it (same context as SandboxBossDayIT): the MM catalog it drops on the MM catalog SFTP
 * simulator flows through route mmstore-catalog-to-app-catalog into the app catalog and its table, its bad row
 * rejected, reconciled at GET /api/files; the mmstore connector reports the catalog server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.connectors.boss.poll-delay=500",
                // a context of its own: it must not take the campaign files CampaignFilesIT drops in the shared inbox
                "hub.campaigns.inbox-dir=target/sandbox-mm-catalog-day-it/inbox"})
@ActiveProfiles("sandbox")
class SandboxMmCatalogDayIT {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AppCatalog catalog;

    @Test
    void theDroppedCatalogIsPublishedStoredAndReconciled() {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM file_record WHERE feed = 'mm-apps' AND outcome = 'ACCEPTED'", Long.class) == 1);

        JsonNode file = admin("/api/files?feed=mm-apps").get("items").get(0);
        assertThat(file.get("fileName").asText()).matches("MM_APPS_\\d{8}\\.dat");
        assertThat(file.get("rowsRead").asLong()).isEqualTo(SandboxMmCatalogDay.APPS);
        assertThat(file.get("rowsRejected").asLong()).isEqualTo(1);
        assertThat(catalog.size()).isEqualTo(SandboxMmCatalogDay.APPS - 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM mm_app_catalog", Long.class)).isEqualTo(SandboxMmCatalogDay.APPS - 1);

        JsonNode mm = null;
        for (JsonNode c : admin("/api/connectors")) {
            if ("mmstore".equals(c.get("id").asText())) {
                mm = c;
            }
        }
        assertThat(mm).isNotNull();
        assertThat(mm.at("/health/status").asText()).isEqualTo("UP");
        assertThat(mm.at("/health/details").toString()).contains("catalog server");
        assertThat(mm.toString()).as("the catalog server's password is masked").contains("strictHostKeyChecking")
                .doesNotContain("hub-sftp-secret");
    }

    private JsonNode admin(String path) {
        return rest.withBasicAuth("admin", "admin").getForEntity(path, JsonNode.class).getBody();
    }
}
