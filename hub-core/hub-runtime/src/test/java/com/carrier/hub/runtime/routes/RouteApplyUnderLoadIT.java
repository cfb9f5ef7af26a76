package com.carrier.hub.runtime.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;

import com.carrier.hub.runtime.inbox.InboxStore;
import com.carrier.hub.runtime.sandbox.SandboxPeers;
import com.carrier.hub.simulators.files.CustomerDeltaGenerator;
import com.carrier.hub.simulators.files.GeneratedFile;
import com.carrier.hub.simulators.sftp.BossSftpSimulator;

/**
 * Applying one route file while the hub is busy elsewhere: a 1M-row customer file is being ingested and upstream Kafka
 * messages (of a type no flow handles: kept in the inbox) flow while the Kafka route's file is applied. Its consumer stops, drains and starts again at the new
 * version; the ingest, in another file, is untouched and completes; every message reaches the inbox exactly once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms",
                // a context of its own: a million customers must not reach the other sandbox tests' index
                "hub.campaigns.inbox-dir=target/route-apply-under-load-it/inbox",
                // the Kafka route drains its polled records first; on a loaded machine that can take more than 10 s
                "hub.routes.reload-timeout=60s"})
@ActiveProfiles("sandbox")
class RouteApplyUnderLoadIT {

    private static final int ROWS = 1_000_000;
    private static final String FILE = "CUST_DELTA_20261101_0001.dat";
    private static final String KAFKA_ROUTES = "network-events-to-triggered-campaigns.yaml";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    Environment env;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    InboxStore inbox;
    @Autowired
    SandboxPeers peers;

    @Test
    void applyingTheKafkaRouteDuringAMillionRowIngestLosesNothingAndTheFileCompletes() throws Exception {
        BossSftpSimulator boss = peers.peer(BossSftpSimulator.class).orElseThrow();
        Path aside = Files.createTempDirectory("route-apply-load-");
        GeneratedFile file = new CustomerDeltaGenerator().rows(ROWS).date("20261101").write(aside, FILE);
        Path folder = boss.local("/boss/out/customer");

        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> messages = CompletableFuture.runAsync(() -> {
            try (KafkaProducer<String, String> producer = producer()) {
                while (sending.get()) {
                    for (int i = 0; i < 5; i++) {
                        String id = "apply-" + sent.get();
                        producer.send(new ProducerRecord<>("hub.events.in", id, """
                                {"messageId":"%s","type":"customer.changed","sourceSystem":"apply-test",\
                                "time":"2026-11-22T08:00:00+08:00","payload":{"seq":%d}}""".formatted(id, sent.get())));
                        sent.incrementAndGet();
                    }
                    producer.flush();
                    // a steady stream of about 100 a second, which the inbox route keeps up with while the file is
                    // ingested: messages arrive before, during and after the apply
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> inbox.count("apply-test") > 0);

        Files.move(file.data(), folder.resolve(FILE));
        Files.move(file.control(), folder.resolve(FILE.replace(".dat", ".chk")));
        await().atMost(Duration.ofSeconds(60)).until(() -> inflight("boss-customer-delta-to-customer-index") > 0);

        String text = rest.withBasicAuth("admin", "admin").getForObject("/api/routes/" + KAFKA_ROUTES, JsonNode.class)
                .get("content").asText();
        int before = rest.withBasicAuth("admin", "admin").getForObject("/api/routes/" + KAFKA_ROUTES, JsonNode.class)
                .get("version").asInt();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/yaml"));
        ResponseEntity<JsonNode> applied = rest.withBasicAuth("admin", "admin").exchange("/api/routes/" + KAFKA_ROUTES
                        + "?comment=applied under load", HttpMethod.PUT,
                new HttpEntity<>("# applied while a customer file is ingested\n" + text, headers), JsonNode.class);

        assertThat(applied.getStatusCode().value()).as("%s", applied.getBody()).isEqualTo(200);
        assertThat(applied.getBody().get("version").asInt()).isEqualTo(before + 1);
        assertThat(inflight("boss-customer-delta-to-customer-index")).as("the ingest, in another file, runs on").isPositive();

        // messages sent after the apply are taken by the new version
        int atApply = sent.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> inbox.count("apply-test") > atApply);
        sending.set(false);
        messages.get();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(inbox.count("apply-test")).isEqualTo(sent.get()));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE route_id = 'network-events-to-triggered-campaigns'",
                Long.class)).isZero();

        await().atMost(Duration.ofMinutes(5)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM file_record WHERE file_name = ? AND outcome = 'ACCEPTED'", Long.class, FILE) == 1);
        assertThat(jdbc.queryForObject("SELECT rows_read FROM file_record WHERE file_name = ?", Long.class, FILE))
                .isEqualTo(ROWS);
    }

    private int inflight(String routeId) {
        JsonNode routes = rest.withBasicAuth("admin", "admin").getForObject("/api/routes", JsonNode.class).get("routes");
        for (JsonNode r : routes) {
            if (r.get("id").asText().equals(routeId)) {
                return r.get("inflight").asInt();
            }
        }
        throw new AssertionError("no route " + routeId);
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.getProperty("hub.connectors.kafka.bootstrap-servers"),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"));
    }
}
