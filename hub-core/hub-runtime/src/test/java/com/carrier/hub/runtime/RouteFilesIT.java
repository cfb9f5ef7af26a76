package com.carrier.hub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

class RouteFilesIT extends HubIT {

    @Autowired
    CamelContext camel;

    @Test
    void misspeltEndpointOptionIsRefusedNamingFileRouteAndOption() {
        JsonNode file = file("misspelt-option.yaml");
        assertThat(file.get("status").asText()).isEqualTo("REFUSED");
        assertThat(file.get("error").asText()).contains("misspelt-option.yaml", "test-misspelt-timer-option", "line 4",
                "rule endpoint-option", "periood", "did you mean 'period'");
        assertThat(camel.getRoute("test-misspelt-timer-option")).isNull();
    }

    @Test
    void unknownYamlKeyIsRefusedNamingFileAndKey() {
        JsonNode file = file("unknown-yaml-key.yaml");
        assertThat(file.get("status").asText()).isEqualTo("REFUSED");
        assertThat(file.get("error").asText()).contains("unknown-yaml-key.yaml", "mesage", "line 7");
        assertThat(camel.getRoute("test-unknown-eip-key")).isNull();
    }

    @Test
    void otherRoutesStillRun() {
        assertThat(file("good-ticker.yaml").get("status").asText()).isEqualTo("LOADED");
        JsonNode routes = as("viewer").getForEntity("/api/routes", JsonNode.class).getBody().get("routes");
        JsonNode ticker = null;
        for (JsonNode r : routes) {
            if (r.get("id").asText().equals("test-ticker-to-log")) {
                ticker = r;
            }
        }
        assertThat(ticker).isNotNull();
        assertThat(ticker.get("status").asText()).isEqualTo("Started");
        assertThat(ticker.get("sourceFile").asText()).endsWith("good-ticker.yaml");
        assertThat(ticker.has("completed")).isTrue();
    }

    @Test
    void reloadKeepsTheSameVerdicts() {
        JsonNode after = as("admin").postForEntity("/api/routes/reload", null, JsonNode.class).getBody();
        assertThat(after.get("files").toString()).contains("REFUSED", "LOADED");
        assertThat(camel.getRoute("test-ticker-to-log")).isNotNull();
        assertThat(camel.getRoute("test-orders-to-flaky")).isNotNull();
        assertThat(camel.getRoute("test-misspelt-timer-option")).isNull();
    }

    private JsonNode file(String name) {
        JsonNode files = as("viewer").getForEntity("/api/routes", JsonNode.class).getBody().get("files");
        for (JsonNode f : files) {
            if (f.get("file").asText().endsWith(name)) {
                return f;
            }
        }
        throw new AssertionError("no route file " + name + " in " + files);
    }
}
