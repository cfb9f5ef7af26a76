package com.carrier.hub.runtime.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.BacklogTracer;
import org.apache.camel.spi.BacklogTracerEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.TestBeans;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Message trace on demand: an admin traces one route for a bounded time and reads its latest exchanges step by step,
 * mobile numbers masked and secrets hidden; only that route is traced; the trace switches itself off; only admins
 * trace or read traces; wrong requests name what is wrong.
 */
class RouteTraceIT extends HubIT {

    private static final String SUBJECT = "test-trace-subject";
    private static final String NEIGHBOUR = "test-trace-neighbour";
    private static final String BODIES = "test-trace-bodies";
    private static final String ORDERS = "test-orders-to-flaky";
    private static final String MSISDN = "13800138000";
    private static final String TOKEN = "tok-7f3a9c";

    @Autowired
    CamelContext camel;
    @Autowired
    TestBeans.Flaky flaky;
    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void switchOff() {
        as("admin").exchange(trace(SUBJECT), HttpMethod.DELETE, null, JsonNode.class);
        as("admin").exchange(trace(NEIGHBOUR), HttpMethod.DELETE, null, JsonNode.class);
        as("admin").exchange(trace(BODIES), HttpMethod.DELETE, null, JsonNode.class);
        as("admin").exchange(trace(ORDERS), HttpMethod.DELETE, null, JsonNode.class);
    }

    @Test
    void showsTheLastExchangesStepByStepWithNumbersMaskedAndSecretsHidden() {
        JsonNode on = as("admin").postForEntity(trace(SUBJECT) + "?minutes=5&last=2", null, JsonNode.class).getBody();
        assertThat(on.get("on").asBoolean()).isTrue();
        assertThat(Instant.parse(on.get("until").asText())).isAfter(Instant.now().plus(Duration.ofMinutes(4)));
        assertThat(on.get("last").asInt()).isEqualTo(2);

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(send("direct:trace-subject", "customer " + MSISDN + " accepted offer " + i + ", password=hunter2"));
        }

        ResponseEntity<String> raw = as("admin").getForEntity(trace(SUBJECT), String.class);
        assertThat(raw.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(raw.getBody()).doesNotContain(MSISDN, TOKEN, "hunter2", "Bearer abc");
        JsonNode read = as("admin").getForEntity(trace(SUBJECT), JsonNode.class).getBody();
        assertThat(read.get("on").asBoolean()).isTrue();
        JsonNode exchanges = read.get("exchanges");
        assertThat(exchanges).hasSize(2);
        assertThat(exchanges.get(0).get("exchangeId").asText()).isEqualTo(sent.get(1));
        assertThat(exchanges.get(1).get("exchangeId").asText()).isEqualTo(sent.get(2));

        JsonNode latest = exchanges.get(1);
        assertThat(latest.get("completed").asBoolean()).isTrue();
        assertThat(latest.get("failed").asBoolean()).isFalse();
        List<String> nodes = new ArrayList<>();
        latest.get("steps").forEach(s -> nodes.add(s.get("node").asText()));
        assertThat(nodes).containsExactly("setHeader", "to", "setBody");

        JsonNode arrival = latest.get("steps").get(0);
        assertThat(arrival.get("headers").get("X-Api-Token").asText()).isEqualTo("****");
        assertThat(arrival.get("headers").get("Authorization").asText()).isEqualTo("****");
        assertThat(arrival.get("headers").get("X-Msisdn").asText()).isEqualTo("138****8000");
        assertThat(arrival.get("body").get("text").asText()).isEqualTo("customer 138****8000 accepted offer 2, password=****");
        assertThat(arrival.get("body").get("type").asText()).isEqualTo("java.lang.String");

        JsonNode toNeighbour = latest.get("steps").get(1);
        assertThat(toNeighbour.get("label").asText()).contains("direct:trace-neighbour");
        assertThat(toNeighbour.get("headers").get("X-Customer").asText()).isEqualTo("138****8000");
        assertThat(toNeighbour.get("headers").has("X-Neighbour")).isFalse();
        JsonNode setBody = latest.get("steps").get(2);
        // the neighbour's header is on the message when it comes back, but its own steps are not traced
        assertThat(setBody.get("headers").get("X-Neighbour").asText()).isEqualTo("visited");
        assertThat(setBody.get("elapsedMs").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(Instant.parse(setBody.get("at").asText())).isAfterOrEqualTo(Instant.parse(toNeighbour.get("at").asText()));
    }

    @Test
    void tracesOnlyTheRouteItWasSwitchedOnFor() {
        as("admin").postForEntity(trace(SUBJECT) + "?minutes=5", null, JsonNode.class);
        send("direct:trace-neighbour", "alone " + MSISDN);
        send("direct:trace-neighbour", "alone again");
        String subject = send("direct:trace-subject", "through the subject");

        JsonNode exchanges = as("admin").getForEntity(trace(SUBJECT), JsonNode.class).getBody().get("exchanges");
        assertThat(exchanges).hasSize(1);
        assertThat(exchanges.get(0).get("exchangeId").asText()).isEqualTo(subject);
        // Camel's tracer itself recorded nothing of the neighbour: not its own exchanges, not its steps in the subject's
        List<BacklogTracerEventMessage> recorded = tracer().dumpAllTracedMessages();
        assertThat(recorded).isNotEmpty().allSatisfy(e -> assertThat(e.getRouteId()).isEqualTo(SUBJECT));
        assertThat(recorded).noneSatisfy(e -> assertThat(e.getToNodeShortName()).isEqualTo("log"));

        JsonNode neighbour = as("admin").getForEntity(trace(NEIGHBOUR), JsonNode.class).getBody();
        assertThat(neighbour.get("on").asBoolean()).isFalse();
        assertThat(neighbour.get("exchanges")).isEmpty();
    }

    @Test
    void switchesItselfOffWhenItsTimeIsUpAndKeepsItsResults() {
        // hub.routes.trace.default-duration is 2s in these tests
        JsonNode on = as("admin").postForEntity(trace(SUBJECT), null, JsonNode.class).getBody();
        assertThat(on.get("on").asBoolean()).isTrue();
        assertThat(on.get("last").asInt()).isEqualTo(20);
        send("direct:trace-subject", "before the end");

        // the switch-off is the timer's: the tracer is watched directly, not through a read that would check the time
        await().atMost(Duration.ofSeconds(30)).until(() -> !tracer().isEnabled());
        send("direct:trace-subject", "after the end");

        JsonNode read = as("admin").getForEntity(trace(SUBJECT), JsonNode.class).getBody();
        assertThat(read.get("on").asBoolean()).isFalse();
        assertThat(Instant.parse(read.get("until").asText())).isBefore(Instant.now());
        JsonNode exchanges = read.get("exchanges");
        assertThat(exchanges).hasSizeLessThanOrEqualTo(1);
        exchanges.forEach(e -> assertThat(e.get("steps").get(0).get("body").get("text").asText()).isEqualTo("before the end"));
        assertThat(as("admin").getForEntity(trace(SUBJECT), String.class).getBody()).doesNotContain("after the end");
    }

    @Test
    void fileAndStreamBodiesAreLeftWholeForTheRoute(@TempDir Path dir) throws Exception {
        as("admin").postForEntity(trace(BODIES) + "?minutes=5", null, JsonNode.class);
        String content = ("customer " + MSISDN + "|GOTONE|591\n").repeat(3);
        Path file = Files.writeString(dir.resolve("CUST_DELTA_20261122_0001.dat"), content);
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            assertThat(producer.requestBody("direct:trace-bodies", file.toFile(), String.class)).isEqualTo(content);
            // read once, not markable: the route gets it whole only if the trace did not consume it
            InputStream once = new FilterInputStream(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))) {
                @Override
                public boolean markSupported() {
                    return false;
                }
            };
            assertThat(producer.requestBody("direct:trace-bodies", once, String.class)).isEqualTo(content);
        }

        ResponseEntity<String> raw = as("admin").getForEntity(trace(BODIES), String.class);
        assertThat(raw.getBody()).doesNotContain(MSISDN);
        JsonNode exchanges = as("admin").getForEntity(trace(BODIES), JsonNode.class).getBody().get("exchanges");
        assertThat(exchanges).hasSize(2);
        JsonNode fileBody = exchanges.get(0).get("steps").get(0).get("body");
        assertThat(fileBody.get("type").asText()).isEqualTo("java.io.File");
        assertThat(fileBody.has("text")).isFalse();
        assertThat(fileBody.get("note").asText()).contains("not read", "CUST_DELTA_20261122_0001.dat");
        assertThat(exchanges.get(0).get("steps").get(1).get("body").has("text")).isFalse();
        // Camel's stream caching (on by default) made the stream re-readable as the route began: the trace reads the
        // cache and rewinds it, as Camel's log does
        JsonNode streamBody = exchanges.get(1).get("steps").get(0).get("body");
        assertThat(streamBody.get("type").asText()).isEqualTo("org.apache.camel.converter.stream.InputStreamCache");
        assertThat(streamBody.get("text").asText()).startsWith("customer 138****8000|GOTONE|591");
    }

    @Test
    void aFailedStepShowsItsErrorMaskedWithoutTheStackTrace() {
        as("admin").postForEntity(trace(ORDERS) + "?minutes=5", null, JsonNode.class);
        flaky.permanent = true;
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            producer.sendBodyAndHeader("direct:orders", "order for " + MSISDN, "orderId", MSISDN);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            flaky.reset();
            jdbc.update("DELETE FROM dead_letter WHERE route_id = ?", ORDERS);
        }

        String raw = as("admin").getForEntity(trace(ORDERS), String.class).getBody();
        assertThat(raw).doesNotContain(MSISDN, "\tat ", "stackTrace");
        JsonNode exchange = as("admin").getForEntity(trace(ORDERS), JsonNode.class).getBody().get("exchanges").get(0);
        assertThat(exchange.get("completed").asBoolean()).isTrue();
        assertThat(exchange.get("failed").asBoolean()).isTrue();
        assertThat(exchange.get("error").get("type").asText()).endsWith("PermanentFailure");
        assertThat(exchange.get("error").get("message").asText()).isEqualTo("order 138****8000 is not valid");
        assertThat(exchange.get("steps").get(0).get("label").asText()).contains("bean:flaky");
    }

    @Test
    void deleteSwitchesOffAtOnceAndTheResultsStayUntilTheNextTrace() {
        as("admin").postForEntity(trace(SUBJECT) + "?minutes=5", null, JsonNode.class);
        send("direct:trace-subject", "first");
        JsonNode off = as("admin").exchange(trace(SUBJECT), HttpMethod.DELETE, null, JsonNode.class).getBody();
        assertThat(off.get("on").asBoolean()).isFalse();
        assertThat(tracer().isEnabled()).isFalse();
        send("direct:trace-subject", "second");

        JsonNode read = as("admin").getForEntity(trace(SUBJECT), JsonNode.class).getBody();
        assertThat(read.get("exchanges")).hasSize(1);
        assertThat(read.get("exchanges").get(0).get("steps").get(0).get("body").get("text").asText()).isEqualTo("first");

        JsonNode again = as("admin").postForEntity(trace(SUBJECT) + "?minutes=5", null, JsonNode.class).getBody();
        assertThat(again.get("exchanges")).isEmpty();
    }

    @Test
    void anotherRouteWhileOneIsTracedIsRefusedNamingIt() {
        as("admin").postForEntity(trace(SUBJECT) + "?minutes=5", null, JsonNode.class);
        ResponseEntity<JsonNode> other = as("admin").postForEntity(trace(NEIGHBOUR), null, JsonNode.class);
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(other.getBody().get("detail").asText()).contains(SUBJECT, "DELETE");
    }

    @Test
    void onlyAdminsTraceOrReadTraces() {
        for (String user : List.of("viewer", "operator")) {
            assertThat(as(user).getForEntity(trace(SUBJECT), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(as(user).postForEntity(trace(SUBJECT), null, String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(as(user).exchange(trace(SUBJECT), HttpMethod.DELETE, null, String.class).getStatusCode())
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(tracer().isEnabled()).isFalse();
        assertThat(rest.getForEntity(trace(SUBJECT), String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void anUnknownRouteIsNotFoundNamingIt() {
        for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.GET, HttpMethod.DELETE)) {
            ResponseEntity<JsonNode> answer = as("admin").exchange(trace("no-such-route"), method, null, JsonNode.class);
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(answer.getBody().get("detail").asText()).contains("no-such-route");
        }
    }

    @Test
    void outOfRangeOrUnknownParametersAreRefusedNamingThem() {
        assertRefused("?minutes=0", "minutes");
        assertRefused("?minutes=31", "minutes");
        assertRefused("?last=0", "last");
        assertRefused("?last=201", "last");
        assertRefused("?minuts=5", "minuts");
        ResponseEntity<JsonNode> notANumber = as("admin").postForEntity(trace(SUBJECT) + "?minutes=ten", null, JsonNode.class);
        assertThat(notANumber.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notANumber.getBody().toString()).contains("minutes");
        assertThat(tracer().isEnabled()).isFalse();
    }

    private void assertRefused(String query, String parameter) {
        ResponseEntity<JsonNode> answer = as("admin").postForEntity(trace(SUBJECT) + query, null, JsonNode.class);
        assertThat(answer.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("errors").get(0).get("field").asText()).isEqualTo(parameter);
    }

    private String send(String uri, String body) {
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            Exchange done = producer.send(uri, e -> {
                e.getIn().setBody(body);
                e.getIn().setHeader("X-Msisdn", MSISDN);
                e.getIn().setHeader("X-Api-Token", TOKEN);
                e.getIn().setHeader("Authorization", "Bearer abc");
            });
            assertThat(done.getException()).isNull();
            return done.getExchangeId();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private BacklogTracer tracer() {
        return camel.getCamelContextExtension().getContextPlugin(BacklogTracer.class);
    }

    private static String trace(String routeId) {
        return "/api/routes/" + routeId + "/trace";
    }
}
