package com.carrier.hub.runtime.touchpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A hub without the call centre's settings (no hub.peers.call-centre.host) starts: CALL is not registered, so campaigns
 * naming it are refused with the field named, and the call-task route is skipped as for a disabled connector.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.peers.call-centre.host="})
@ActiveProfiles("sandbox")
class CallCentreAbsentIT {

    @Autowired
    TestRestTemplate rest;

    @Test
    void callIsAbsentItsRouteSkippedAndACampaignNamingItRefused() {
        TestRestTemplate admin = rest.withBasicAuth("admin", "admin");
        JsonNode touchpoints = admin.getForObject("/api/touchpoints", JsonNode.class);
        assertThat(touchpoints).isNotEmpty().noneMatch(t -> t.path("id").asText().equals("CALL"));
        assertThat(admin.getForObject("/api/connectors", JsonNode.class).toString()).doesNotContain("call-centre");

        JsonNode files = admin.getForObject("/api/routes", JsonNode.class).path("files");
        assertThat(files).anySatisfy(f -> {
            assertThat(f.path("file").asText()).endsWith("campaign-contacts-to-call-centre.yaml");
            assertThat(f.path("status").asText()).isEqualTo("SKIPPED");
            assertThat(f.path("error").asText()).contains("call-centre");
        });

        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        Map<String, Object> c = Map.of("id", "NOCALL1", "name", "calls", "type", "PUBLICITY", "channels", List.of("CALL"),
                "templates", Map.of("CALL", Map.of("script", "hello")), "start", now.toString(), "end", now.plusDays(1).toString());
        ResponseEntity<JsonNode> r = admin.postForEntity("/api/campaigns", c, JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody().toString()).contains("channels[0]").contains("CALL");
    }
}
