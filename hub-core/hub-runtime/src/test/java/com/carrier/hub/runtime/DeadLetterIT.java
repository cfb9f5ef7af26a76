package com.carrier.hub.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

class DeadLetterIT extends HubIT {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    TestBeans.Flaky flaky;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestBeans.Rounds rounds;

    @BeforeEach
    @AfterEach
    void clean() {
        flaky.reset();
        jdbc.update("DELETE FROM dead_letter");
    }

    @Test
    void permanentFailureIsStoredAtOnceWithReasonAndOriginalMessage() {
        flaky.permanent = true;
        producer.sendBodyAndHeader("direct:orders", "{\"order\":\"订单-1\"}", "orderId", "A-1");

        JsonNode page = as("viewer").getForEntity("/api/dead-letters", JsonNode.class).getBody();
        assertThat(page.get("total").asLong()).isEqualTo(1);
        JsonNode letter = page.get("items").get(0);
        assertThat(letter.get("routeId").asText()).isEqualTo("test-orders-to-flaky");
        assertThat(letter.get("reason").asText()).isEqualTo("order A-1 is not valid");
        assertThat(letter.get("exceptionType").asText()).endsWith("PermanentFailure");
        assertThat(letter.get("body").asText()).isEqualTo("{\"order\":\"订单-1\"}");
        assertThat(letter.at("/headers/orderId").asText()).isEqualTo("A-1");
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);
        assertThat(flaky.processed.get()).isZero();
    }

    @Test
    void aScheduledRoundThatOutlastsItsRetriesIsCountedFailedNotDeadLetteredAndTheNextRoundRuns() {
        // one round: a first attempt and two redeliveries, all failing
        int before = rounds.done.get();
        rounds.failuresLeft.set(3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode route = route("test-scheduled-rounds");
            assertThat(route.get("failed").asLong()).isPositive();
            assertThat(route.get("lastError").asText()).isEqualTo("database not reachable");
        });
        int afterFailure = rounds.done.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> rounds.done.get() > afterFailure);
        assertThat(rounds.failuresLeft.get()).isZero();
        assertThat(afterFailure).isGreaterThanOrEqualTo(before);
        assertThat(route("test-scheduled-rounds").get("deadLettered").asLong()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter", Long.class)).isZero();
    }

    private JsonNode route(String id) {
        for (JsonNode r : as("viewer").getForEntity("/api/routes", JsonNode.class).getBody().get("routes")) {
            if (r.get("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no route " + id + " in GET /api/routes");
    }

    @Test
    void transientFailureIsRetriedAndSucceeds() {
        flaky.transientFailuresLeft.set(2);
        producer.sendBodyAndHeader("direct:orders", "x", "orderId", "A-2");
        assertThat(flaky.processed.get()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter", Long.class)).isZero();
    }

    @Test
    void transientFailureThatOutlastsTheRetriesIsDeadLettered() {
        flaky.transientFailuresLeft.set(10);
        producer.sendBodyAndHeader("direct:orders", "x", "orderId", "A-3");
        assertThat(flaky.processed.get()).isZero();
        // first attempt + 2 redeliveries consumed three of the ten failures
        assertThat(flaky.transientFailuresLeft.get()).isEqualTo(7);
        JsonNode letter = as("viewer").getForEntity("/api/dead-letters", JsonNode.class).getBody().get("items").get(0);
        assertThat(letter.get("reason").asText()).contains("peer timed out");
    }

    @Test
    void replayAfterTheCauseIsFixedProcessesTheOriginalAndRemovesTheLetter() {
        flaky.permanent = true;
        producer.sendBodyAndHeader("direct:orders", "payload-4", "orderId", "A-4");
        long id = firstId();

        ResponseEntity<JsonNode> again = as("operator").postForEntity("/api/dead-letters/" + id + "/replay", null, JsonNode.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody().get("outcome").asText()).isEqualTo("FAILED_AGAIN");
        JsonNode stored = as("viewer").getForEntity("/api/dead-letters/" + id, JsonNode.class).getBody();
        assertThat(stored.get("attempts").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter", Long.class)).isEqualTo(1);

        flaky.permanent = false;
        ResponseEntity<JsonNode> ok = as("operator").postForEntity("/api/dead-letters/" + id + "/replay", null, JsonNode.class);
        assertThat(ok.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(flaky.processed.get()).isEqualTo(1);
        assertThat(as("viewer").getForEntity("/api/dead-letters/" + id, String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void deleteRemovesForGood() {
        flaky.permanent = true;
        producer.sendBodyAndHeader("direct:orders", "payload-5", "orderId", "A-5");
        long id = firstId();
        ResponseEntity<Void> del = as("operator").exchange("/api/dead-letters/" + id, HttpMethod.DELETE, null, Void.class);
        assertThat(del.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(as("operator").exchange("/api/dead-letters/" + id, HttpMethod.DELETE, null, Void.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void pagingIsValidated() {
        ResponseEntity<JsonNode> r = as("viewer").getForEntity("/api/dead-letters?size=0", JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody().toString()).contains("size");
        assertThat(as("viewer").getForEntity("/api/dead-letters?page=0&size=2", Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private long firstId() {
        return as("viewer").getForEntity("/api/dead-letters", JsonNode.class).getBody().get("items").get(0).get("id").asLong();
    }
}
