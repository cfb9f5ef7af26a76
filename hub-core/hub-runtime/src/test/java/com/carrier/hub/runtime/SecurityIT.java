package com.carrier.hub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class SecurityIT extends HubIT {

    @Test
    void apiWithoutCredentialsIs401() {
        assertThat(rest.getForEntity("/api/connectors", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/api/routes", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/actuator/prometheus", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/v3/api-docs", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void wrongPasswordIs401() {
        ResponseEntity<String> r = rest.withBasicAuth("admin", "nope").getForEntity("/api/connectors", String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void healthIsOpenWithoutDetails() {
        ResponseEntity<String> r = rest.getForEntity("/actuator/health", String.class);
        assertThat(r.getStatusCode().value()).isIn(200, 503);
        assertThat(r.getBody()).contains("\"status\"").doesNotContain("refused the connection");
    }

    @Test
    void viewerReadsButCannotWrite() {
        assertThat(as("viewer").getForEntity("/api/connectors", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(as("viewer").postForEntity("/api/dead-letters/1/replay", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("viewer").postForEntity("/api/connectors/acme/validate", Map.of(), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("viewer").postForEntity("/api/routes/reload", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void operatorActsOnDeadLettersButNotOnConnectorsOrRoutes() {
        assertThat(as("operator").postForEntity("/api/dead-letters/999999/replay", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(as("operator").postForEntity("/api/connectors/acme/validate", Map.of(), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("operator").getForEntity("/api/routes", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void adminMayDoEverything() {
        assertThat(as("admin").postForEntity("/api/connectors/acme/validate", Map.of("endpoint", "x"), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(as("admin").postForEntity("/api/dead-letters/999999/replay", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void openApiAndPrometheusAreServedToAuthenticatedUsers() {
        ResponseEntity<String> api = as("viewer").getForEntity("/v3/api-docs", String.class);
        assertThat(api.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.getBody()).contains("/api/connectors", "/api/dead-letters", "/api/routes");
        ResponseEntity<String> metrics = as("viewer").getForEntity("/actuator/prometheus", String.class);
        assertThat(metrics.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(metrics.getBody()).contains("camel_");
    }
}
