package com.carrier.hub.runtime.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.evaluation.EvaluationScheduler;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A completed campaign whose response window has closed becomes a case: searchable by type, product, segment and
 * lift; scored by managers (one score each, a second replaces the first, the scorer never shown); self-assessed by
 * its owner only.
 */
class CaseLibraryIT extends HubIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EvaluationScheduler scheduler;

    private final String product = "PC-" + UUID.randomUUID().toString().substring(0, 6);
    private String closedCampaign(String status) {
        String id = "K-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minus(Duration.ofDays(40));
        Instant end = Instant.now().minus(Duration.ofDays(20));
        jdbc.update("""
                INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent,
                                      response_window_days, definition, created_by)
                VALUES (?, 'spring data pack', 'PROMOTION', ?, ?, ?, ?, 50, 7, ?::jsonb, 'planner-x')""",
                id, product, status, Timestamp.from(start), Timestamp.from(end),
                """
                {"id":"%s","name":"spring data pack","type":"PROMOTION","productId":"%s","channels":["SMS"],
                 "start":"%s","end":"%s","responseWindowDays":7}""".formatted(id, product, start, end));
        String prefix = "137" + String.format("%04d", Math.floorMod(UUID.randomUUID().hashCode(), 10000));
        Timestamp sent = Timestamp.from(Instant.now().minus(Duration.ofDays(30)));
        for (int i = 0; i < 10; i++) {
            String t = prefix + String.format("%04d", i);
            String c = prefix + String.format("%04d", 100 + i);
            jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, segment, grp, channel, status, decided_at, contacted_at)"
                    + " VALUES (?, ?, 'YOUTH', 'T', 'SMS', 'SENT', ?, ?)", id, t, sent, sent);
            jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, segment, grp, status, decided_at)"
                    + " VALUES (?, ?, 'YOUTH', 'C', 'CONTROL', ?)", id, c, sent);
            if (i < 6) {
                jdbc.update("INSERT INTO boss_order (order_id, msisdn, product_id, order_time, status) VALUES (?, ?, ?, ?, 1)",
                        "KO-" + id + "-" + i, t, product, Timestamp.from(Instant.now().minus(Duration.ofDays(28))));
            }
        }
        return id;
    }

    @Test
    void aCompletedCampaignBecomesASearchableCaseWithAnonymousScores() {
        String id = closedCampaign("COMPLETED");
        String running = closedCampaign("RUNNING");
        scheduler.refresh();

        JsonNode found = as("viewer").getForObject("/api/cases?type=promotion&product=" + product
                + "&segment=YOUTH&minLift=0.5", JsonNode.class);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("campaignId").asText()).isEqualTo(id);
        assertThat(found.get(0).get("lift").asDouble()).isEqualTo(0.6);
        assertThat(as("viewer").getForObject("/api/cases?product=" + product + "&minLift=0.7", JsonNode.class)).isEmpty();
        assertThat(as("viewer").getForObject("/api/cases?product=" + product + "&segment=RURAL", JsonNode.class)).isEmpty();
        assertThat(as("viewer").getForEntity("/api/cases/" + running, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        ResponseEntity<JsonNode> first = put("operator", "/api/cases/" + id + "/score", Map.of("score", 4, "comment", "good offer"));
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(first.getBody().get("replacedEarlierScore").asBoolean()).isFalse();
        // a second score from the same manager replaces the first
        ResponseEntity<JsonNode> second = put("operator", "/api/cases/" + id + "/score", Map.of("score", 2, "comment", "on reflection, weak"));
        assertThat(second.getBody().get("replacedEarlierScore").asBoolean()).isTrue();
        put("admin", "/api/cases/" + id + "/score", Map.of("score", 5));

        ResponseEntity<String> raw = as("viewer").getForEntity("/api/cases/" + id, String.class);
        assertThat(raw.getBody()).doesNotContain("\"operator\"").doesNotContain("\"admin\"");
        JsonNode kase = as("viewer").getForObject("/api/cases/" + id, JsonNode.class);
        assertThat(kase.get("scores")).hasSize(2);
        assertThat(kase.get("summary").get("averageScore").asDouble()).isEqualTo(3.5);
        assertThat(kase.get("evaluation").get("frozen").asBoolean()).isTrue();
        assertThat(kase.get("definition").get("productId").asText()).isEqualTo(product);
    }

    @Test
    void badScoresAndStrangersSelfAssessmentsAreRefused() {
        String id = closedCampaign("COMPLETED");
        scheduler.refresh();

        ResponseEntity<JsonNode> seven = put("operator", "/api/cases/" + id + "/score", Map.of("score", 7));
        assertThat(seven.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(seven.getBody().get("errors").get(0).get("field").asText()).isEqualTo("score");
        assertThat(seven.getBody().get("errors").get(0).get("message").asText()).contains("between 1 and 5, was 7");
        assertThat(put("operator", "/api/cases/" + id + "/score", Map.of("comment", "no score")).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(put("viewer", "/api/cases/" + id + "/score", Map.of("score", 3)).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(put("operator", "/api/cases/NOPE-" + id + "/score", Map.of("score", 3)).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        assertThat(put("operator", "/api/cases/" + id + "/self-assessment", Map.of("text", "we did great")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(put("admin", "/api/cases/" + id + "/self-assessment", Map.of("text", "")).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(put("admin", "/api/cases/" + id + "/self-assessment", Map.of("text", "youth segment responded well"))
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(as("viewer").getForObject("/api/cases/" + id, JsonNode.class).get("selfAssessment").asText())
                .isEqualTo("youth segment responded well");
        assertThat(as("viewer").getForEntity("/api/cases?minLift=abc", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private ResponseEntity<JsonNode> put(String user, String path, Map<String, ?> body) {
        return as(user).exchange(path, HttpMethod.PUT, new HttpEntity<>(body), JsonNode.class);
    }
}
