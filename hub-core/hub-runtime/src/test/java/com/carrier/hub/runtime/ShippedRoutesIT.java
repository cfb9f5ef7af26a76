package com.carrier.hub.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.runtime.inbox.InboxStore;
import com.carrier.hub.runtime.routes.RouteValidation;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sandbox as ./hub starts it, with the routes of the repository's routes/ folder as shipped: every file loads,
 * every file passes route validation without a problem, every connector is UP against its simulator, and upstream Kafka messages reach the inbox (bad ones the dead letters).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class ShippedRoutesIT {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    Environment env;
    @Autowired
    InboxStore inbox;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RouteValidation validation;

    @Test
    void everyShippedRouteFileLoads() {
        JsonNode files = admin().getForEntity("/api/routes", JsonNode.class).getBody().get("files");
        assertThat(files).isNotEmpty();
        for (JsonNode f : files) {
            assertThat(f.get("status").asText()).as("%s: %s", f.get("file"), f.get("error")).isEqualTo("LOADED");
        }
    }

    @Test
    void everyShippedRouteFileValidatesWithoutProblems() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("../../routes"))) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            RouteValidation.Result result = validation.validate(f.getFileName().toString(), Files.readString(f));
            assertThat(result.problems()).as("%s", f.getFileName()).isEmpty();
            assertThat(result.skipped()).as("%s", f.getFileName()).isNull();
        }
    }

    @Test
    void everyConnectorIsUpAgainstItsSimulator() {
        JsonNode connectors = admin().getForEntity("/api/connectors", JsonNode.class).getBody();
        assertThat(connectors.findValuesAsText("id")).contains("kafka");
        for (JsonNode c : connectors) {
            assertThat(c.at("/health/status").asText()).as("%s: %s", c.get("id"), c.at("/health/reason")).isEqualTo("UP");
        }
    }

    @Test
    void sandboxListsItsPeers() {
        JsonNode peers = admin().getForEntity("/api/sandbox/peers", JsonNode.class).getBody();
        assertThat(peers.findValuesAsText("connector")).contains("kafka");
        assertThat(rest.getForEntity("/api/sandbox/peers", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void upstreamEnvelopesOfUnknownTypesReachTheInboxOnceAndBadRecordsAreDeadLettered() {
        String good = """
                {"messageId":"m-1","type":"customer.changed","sourceSystem":"crm","time":"2026-11-22T08:00:00+08:00",
                 "payload":{"msisdn":"13800000001"}}""";
        String bad = "{\"messageId\":\"m-2\",\"payload\":{}}";
        long before = jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE route_id = 'network-events-to-triggered-campaigns'"
                + " AND reason LIKE '%lacks type, sourceSystem, time%'", Long.class);
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("hub.events.in", "m-1", good));
            producer.send(new ProducerRecord<>("hub.events.in", "m-2", bad));
            producer.send(new ProducerRecord<>("hub.events.in", "m-1", good)); // redelivered by the sender
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(inbox.count("crm")).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE route_id = 'network-events-to-triggered-campaigns'"
                    + " AND reason LIKE '%lacks type, sourceSystem, time%'", Long.class)).isEqualTo(before + 1);
        });
        String reason = jdbc.queryForObject("SELECT reason FROM dead_letter WHERE route_id = 'network-events-to-triggered-campaigns'"
                + " AND reason LIKE '%lacks%' ORDER BY id DESC LIMIT 1", String.class);
        assertThat(reason).contains("type", "sourceSystem", "time");
    }

    @Test
    void aShippedRouteFedByAKameletIsTracedStepByStepWithNumbersMasked() {
        String route = "/api/routes/network-events-to-triggered-campaigns/trace";
        assertThat(admin().postForEntity(route + "?minutes=1&last=5", null, JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        try {
            String envelope = """
                    {"messageId":"m-trace","type":"customer.changed","sourceSystem":"trace-check",
                     "time":"2026-11-22T08:00:00+08:00","payload":{"msisdn":"13900000002"}}""";
            try (KafkaProducer<String, String> producer = producer()) {
                producer.send(new ProducerRecord<>("hub.events.in", "m-trace", envelope));
                producer.flush();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode exchanges = admin().getForEntity(route, JsonNode.class).getBody().get("exchanges");
                assertThat(exchanges).isNotEmpty();
                JsonNode store = exchanges.get(exchanges.size() - 1).get("steps").get(0);
                assertThat(store.get("label").asText()).contains("bean:networkEvents");
                assertThat(store.at("/body/text").asText()).contains("m-trace", "139****0002");
            });
            assertThat(admin().getForEntity(route, String.class).getBody()).doesNotContain("13900000002");
        } finally {
            admin().exchange(route, HttpMethod.DELETE, null, JsonNode.class);
        }
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.getProperty("hub.connectors.kafka.bootstrap-servers"),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"));
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", "admin");
    }

}
