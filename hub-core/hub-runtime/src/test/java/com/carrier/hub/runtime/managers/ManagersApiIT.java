package com.carrier.hub.runtime.managers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.carrier.hub.runtime.HubIT;

/**
 * Who may do what with managers and work orders: VIEWER reads, OPERATOR imports the assignment and records outcomes;
 * an assignment file must be text/plain.
 */
class ManagersApiIT extends HubIT {

    @Test
    void aViewerReadsAnOperatorImportsAndRecordsOutcomes() {
        assertThat(put("viewer", "13900000001|M1|王经理\n", MediaType.TEXT_PLAIN).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> imported = put("operator", "13900000001|M1|王经理\n", MediaType.TEXT_PLAIN);
        assertThat(imported.getStatusCode()).as(imported.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(as("viewer").getForObject("/api/managers", String.class)).contains("\"id\":\"M1\"", "\"customers\":1");
        assertThat(as("viewer").getForEntity("/api/work-orders?manager=M1", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

        Map<String, String> accepted = Map.of("outcome", "ACCEPTED");
        assertThat(as("viewer").postForEntity("/api/work-orders/1/outcome", accepted, String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("operator").postForEntity("/api/work-orders/" + Long.MAX_VALUE + "/outcome", accepted, String.class)
                .getStatusCode()).as("past security: the order is unknown").isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void anAssignmentFileThatIsNotTextIsRefused415() {
        ResponseEntity<String> json = put("operator", "{\"13900000001\": \"M1\"}", MediaType.APPLICATION_JSON);
        assertThat(json.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(json.getBody()).contains("a manager assignment file is text/plain");
    }

    private ResponseEntity<String> put(String user, String body, MediaType type) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(type);
        return as(user).exchange("/api/managers/assignments", HttpMethod.PUT,
                new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8), h), String.class);
    }
}
