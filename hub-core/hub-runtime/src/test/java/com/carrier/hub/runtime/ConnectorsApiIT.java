package com.carrier.hub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

class ConnectorsApiIT extends HubIT {

    @Autowired
    TestBeans.AcmeProperties acme;

    @Test
    void listsConnectorsWithHealthReasonAndMaskedSecrets() {
        ResponseEntity<JsonNode> r = as("viewer").getForEntity("/api/connectors", JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode acmeView = null;
        for (JsonNode c : r.getBody()) {
            if (c.get("id").asText().equals("acme")) {
                acmeView = c;
            }
        }
        assertThat(acmeView).as("acme connector listed").isNotNull();
        assertThat(acmeView.get("description").asText()).isNotBlank();
        assertThat(acmeView.at("/health/status").asText()).isEqualTo("DOWN");
        assertThat(acmeView.at("/health/reason").asText()).contains("acme:", "refused the connection");
        assertThat(acmeView.at("/configuration/endpoint").asText()).isEqualTo("http://127.0.0.1:1/acme");
        assertThat(acmeView.at("/configuration/token").asText()).isEqualTo("******");
        assertThat(r.getBody().toString()).doesNotContain("s3cr3t-token");
    }

    @Test
    void connectorHealthIsAnActuatorComponentNamedByItsId() {
        ResponseEntity<JsonNode> r = as("viewer").getForEntity("/actuator/health", JsonNode.class);
        assertThat(r.getBody().at("/components/acme/status").asText()).isEqualTo("DOWN");
        assertThat(r.getBody().at("/components/acme/details/reason").asText()).contains("refused the connection");
    }

    @Test
    void validateReportsEveryProblemPerPropertyAndAppliesNothing() {
        ResponseEntity<JsonNode> r = as("admin").postForEntity("/api/connectors/acme/validate", Map.of(
                "endpoint", "",
                "batch-size", "lots",
                "max-batch-sise", 10,
                "token", "new-secret"), JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = r.getBody();
        assertThat(body.get("valid").asBoolean()).isFalse();
        String errors = body.get("errors").toString();
        assertThat(errors).contains("hub.connectors.acme.batch-size", "lots");
        assertThat(errors).contains("hub.connectors.acme.max-batch-sise", "unknown property");
        assertThat(errors).doesNotContain("new-secret");
        assertThat(acme.getToken()).isEqualTo("s3cr3t-token");
        assertThat(acme.getEndpoint()).isEqualTo("http://127.0.0.1:1/acme");
    }

    @Test
    void validateReportsConstraintAndCrossFieldErrors() {
        JsonNode body = as("admin").postForEntity("/api/connectors/acme/validate", Map.of(
                "hub.connectors.acme.endpoint", " ", "batch-size", 900, "max-batch-size", 500), JsonNode.class).getBody();
        String errors = body.get("errors").toString();
        assertThat(errors).contains("hub.connectors.acme.endpoint");
        assertThat(errors).contains("must not exceed max-batch-size");
        assertThat(body.get("errorCount").asInt()).isEqualTo(2);
    }

    @Test
    void validCandidateHasNoErrors() {
        JsonNode body = as("admin").postForEntity("/api/connectors/acme/validate",
                Map.of("endpoint", "http://peer", "batch-size", 10), JsonNode.class).getBody();
        assertThat(body.get("valid").asBoolean()).isTrue();
        assertThat(body.get("errors")).isEmpty();
    }

    @Test
    void unknownConnectorIs404NamingTheKnownOnes() {
        ResponseEntity<String> r = as("admin").postForEntity("/api/connectors/nope/validate", Map.of(), String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(r.getBody()).contains("nope", "acme");
    }
}
