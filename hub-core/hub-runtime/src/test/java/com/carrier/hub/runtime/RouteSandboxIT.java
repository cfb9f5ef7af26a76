package com.carrier.hub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Route files cannot own the machine: each attack of issue 18 is refused naming the rule, the file and the route;
 * safe simple expressions still load; a disabled connector's file is skipped; applying a file whose route has an
 * exchange in flight ends in bounded time, the old version runs on and the exchange completes.
 */
@ExtendWith(OutputCaptureExtension.class)
class RouteSandboxIT extends HubIT {

    @Autowired
    CamelContext camel;
    @Autowired
    TestBeans.SlowStep slow;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void runtimeExecThroughABeanClassAndSimpleIsRefused() {
        assertRefused("attack-runtime-exec.yaml", "test-attack-runtime-exec", "rule bean-class", "java.lang.Runtime",
                "rule simple-function", "body.exec");
    }

    @Test
    void readingEtcIsRefused() {
        assertRefused("attack-file-etc.yaml", "test-attack-read-etc", "rule file-root", "file:/etc", "line 5");
    }

    @Test
    void controlBusIsRefused() {
        assertRefused("attack-controlbus.yaml", "test-attack-controlbus", "rule component", "controlbus");
        assertThat(camel.getRoute("test-ticker-to-log")).isNotNull();
    }

    @Test
    void environmentPlaceholderIsRefused() {
        assertRefused("attack-env-placeholder.yaml", "test-attack-env", "rule placeholder-function", "env:PATH");
    }

    @Test
    void datasourcePasswordPlaceholderIsRefused() {
        assertRefused("attack-datasource-password.yaml", "test-attack-datasource-password", "rule placeholder-secret",
                "spring.datasource.password");
    }

    @Test
    void adminPasswordPlaceholderIsRefused() {
        JsonNode file = assertRefused("attack-admin-password.yaml", "test-attack-admin-password",
                "rule placeholder-secret", "hub.security.users.admin.password");
        assertThat(file.get("error").asText()).doesNotContain("admin-pw");
    }

    @Test
    void connectorCallbackSecretAndTokenPlaceholdersAreRefused() {
        JsonNode file = assertRefused("attack-callback-secret.yaml", "test-attack-callback-secret",
                "rule placeholder-secret", "hub.connectors.portal.callback-secret", "hub.connectors.acme.token");
        assertThat(file.get("error").asText()).doesNotContain("s3cr3t-token");
    }

    @Test
    void routeWithSafeSimpleExpressionsLoadsAndRuns() {
        assertThat(file("allowed-simple.yaml").get("status").asText()).isEqualTo("LOADED");
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            assertThat(producer.requestBody("direct:greet", "Ann", String.class)).startsWith("Hello Ann, it is 20").endsWith("!");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fileOfADisabledConnectorIsSkippedWithOneInfoLine(CapturedOutput output) throws Exception {
        int before = output.getOut().length();
        JsonNode applied = apply("disabled-connector.yaml", "# edited\n" + shipped("disabled-connector.yaml"));
        assertThat(applied.get("result").asText()).isEqualTo("APPLIED");
        JsonNode file = file("disabled-connector.yaml");
        assertThat(file.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(file.get("error").asText()).contains("disabled-connector.yaml", "connector kafka",
                "hub.connectors.kafka.enabled=false");
        assertThat(camel.getRoute("test-disabled-connector-messages")).isNull();
        assertThat(output.getOut().substring(before).lines().filter(l -> l.contains("disabled-connector.yaml")
                        && l.contains("skipped")))
                .hasSize(1).allMatch(l -> l.contains(" INFO "));
    }

    @Test
    void applyWithAnExchangeInFlightEndsInBoundedTimeAndLosesNothing(CapturedOutput output) throws Exception {
        slow.reset();
        String edited = "# edited while busy\n" + shipped("slow-step.yaml");
        int versionBefore = file("slow-step.yaml").get("version").asInt();
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            CompletableFuture<Object> reply = producer.asyncRequestBody("direct:slow", "order-1");
            assertThat(slow.started.await(10, TimeUnit.SECONDS)).as("exchange in flight").isTrue();

            long start = System.nanoTime();
            ResponseEntity<JsonNode> busy = put("slow-step.yaml", edited);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // hub.routes.reload-timeout=2s in HubIT; the forced shutdown of the old reload took 30-35 s
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(busy.getStatusCode().value()).isEqualTo(409);
            assertThat(busy.getBody().get("detail").asText()).contains("not applied", "test-slow-step", "1 exchange(s) in flight");
            assertThat(file("slow-step.yaml").get("status").asText()).isEqualTo("LOADED");
            assertThat(file("slow-step.yaml").get("version").asInt()).isEqualTo(versionBefore);
            assertThat(file("good-ticker.yaml").get("status").asText()).isEqualTo("LOADED");

            slow.release.countDown();
            assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("done order-1");
            // the route kept serving, and the next apply takes the file
            assertThat(producer.requestBody("direct:slow", "order-2", String.class)).isEqualTo("done order-2");
        }
        assertThat(slow.processed.get()).isEqualTo(2);
        JsonNode again = apply("slow-step.yaml", edited);
        assertThat(again.get("version").asInt()).isEqualTo(versionBefore + 1);
        JsonNode file = file("slow-step.yaml");
        assertThat(file.get("status").asText()).isEqualTo("LOADED");
        assertThat(file.has("error")).as("no note left: %s", file).isFalse();
        assertThat(camel.getRoute("test-slow-step")).isNotNull();
        assertThat(output.getOut()).doesNotContain("FatalFallbackErrorHandler").doesNotContain("RejectedExecutionException");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE route_id = 'test-slow-step'", Long.class))
                .isZero();
    }

    private JsonNode apply(String name, String text) {
        ResponseEntity<JsonNode> answer = put(name, text);
        assertThat(answer.getStatusCode().is2xxSuccessful()).as("%s", answer.getBody()).isTrue();
        return answer.getBody();
    }

    private ResponseEntity<JsonNode> put(String name, String text) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/yaml"));
        return as("admin").exchange("/api/routes/" + name, HttpMethod.PUT, new HttpEntity<>(text, headers), JsonNode.class);
    }

    private static String shipped(String name) throws java.io.IOException {
        return Files.readString(Path.of("src/test/resources/it-routes", name));
    }

    private JsonNode assertRefused(String name, String routeId, String... expected) {
        JsonNode file = file(name);
        assertThat(file.get("status").asText()).isEqualTo("REFUSED");
        assertThat(file.get("error").asText()).contains(name, "route " + routeId).contains(expected);
        assertThat(camel.getRoute(routeId)).isNull();
        return file;
    }

    private JsonNode file(String name) {
        return find(as("viewer").getForEntity("/api/routes", JsonNode.class).getBody().get("files"), name);
    }

    private static JsonNode find(JsonNode files, String name) {
        for (JsonNode f : files) {
            if (f.get("file").asText().endsWith(name)) {
                return f;
            }
        }
        throw new AssertionError("no route file " + name + " in " + files);
    }
}
