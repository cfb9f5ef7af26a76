package com.carrier.hub.runtime.triggers;

import static com.carrier.hub.runtime.triggers.TriggerEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.runtime.routes.RoutesProperties;
import com.carrier.hub.runtime.sandbox.SandboxPeers;
import com.carrier.hub.simulators.kafka.KafkaSimulator;
import com.carrier.hub.simulators.smsc.SmscSimulator;

/**
 * The decision of a batch fails after its writes (issue 17, "exactly once"): the database refuses the batch's
 * trigger_event insert, the last write of the decide transaction, more times than the route retries, so the batch fails
 * uncommitted and Kafka delivers it again. Nothing of the failed attempts stays (no contact, no dead letter, no inbox
 * row), and the batch, coming again whole, is decided once: each event recorded once, each customer contacted once,
 * its bad and unknown events dead-lettered and kept once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class TriggerDecideFailureIT {

    private static final int CUSTOMERS = 10;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SandboxPeers sandboxPeers;
    @Autowired
    RoutesProperties routes;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String prefix = "134" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
    private final String serviceCode = "10657" + String.format("%06d", Math.abs(UUID.randomUUID().hashCode()) % 1_000_000);
    private final String campaignId = "TF-" + suffix;
    private final String refusals = "trigger_event_refusals_" + suffix;

    @AfterEach
    void cleanUp() {
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_" + suffix + " ON trigger_event");
        jdbc.execute("DROP FUNCTION IF EXISTS refuse_" + suffix + "()");
        jdbc.execute("DROP SEQUENCE IF EXISTS " + refusals);
        admin().postForEntity("/api/campaigns/" + campaignId + "/cancel", null, String.class);
    }

    @Test
    void aBatchWhoseDecisionFailsAfterItsWritesComesAgainWholeAndIsDecidedOnce() throws Exception {
        KafkaSimulator kafka = sandboxPeers.peer(KafkaSimulator.class).orElseThrow();
        SmscSimulator smsc = sandboxPeers.peer(SmscSimulator.class).orElseThrow();
        smsc.recordSubmits(true);
        assertThat(admin().postForEntity("/api/campaigns", TriggerEvents.campaign(campaignId, serviceCode), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        admin().postForEntity("/api/campaigns/" + campaignId + "/schedule", null, String.class);
        assertThat(admin().postForEntity("/api/campaigns/" + campaignId + "/start", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        for (int i = 0; i < CUSTOMERS; i++) {
            customer(m(i));
        }
        // more refusals than the route's retries: the batch fails, is not committed, and Kafka delivers it again. A
        // sequence counts them, as it is not rolled back with the transaction it refuses.
        int failures = routes.getRetry().getMaxRedeliveries() + 1;
        jdbc.execute("CREATE SEQUENCE " + refusals);
        jdbc.execute("""
                CREATE FUNCTION refuse_%1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM recorded WHERE campaign_id = '%2$s') AND nextval('%3$s') <= %4$d THEN
                    RAISE EXCEPTION 'test: trigger_event refused';
                  END IF;
                  RETURN NULL;
                END $$""".formatted(suffix, campaignId, refusals, failures));
        jdbc.execute("CREATE TRIGGER refuse_" + suffix + " AFTER INSERT ON trigger_event REFERENCING NEW TABLE AS recorded"
                + " FOR EACH STATEMENT EXECUTE FUNCTION refuse_" + suffix + "()");

        // one batch: the customers' events, each customer's unknown and bad events right behind its own (same key)
        Map<String, String> matching = new LinkedHashMap<>();
        String unknown = "unknown-" + suffix;
        String bad = "bad-" + suffix;
        try (KafkaProducer<String, String> producer = TriggerEvents.producer(kafka.bootstrapServers(),
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 200))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < CUSTOMERS; i++) {
                String id = "ev-" + UUID.randomUUID();
                matching.put(id, m(i));
                sent.add(producer.send(usage(id, m(i), 85)));
            }
            sent.add(producer.send(TriggerEvents.event(unknown, "network.weather", m(0), Map.of("msisdn", m(0), "sky", "blue"))));
            sent.add(producer.send(TriggerEvents.event(bad, "usage.threshold", m(0),
                    Map.of("msisdn", m(0), "metric", "DATA", "usedPercent", "eighty"))));
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM trigger_event WHERE campaign_id = ?",
                campaignId) == CUSTOMERS && count("SELECT count(*) FROM campaign_contact WHERE campaign_id = ? AND status = 'SENT'",
                campaignId) == CUSTOMERS);
        assertThat(count("SELECT last_value FROM " + refusals))
                .as("the insert was refused %d times, then taken", failures).isGreaterThan(failures);

        assertThat(jdbc.queryForList("SELECT message_id FROM trigger_event WHERE campaign_id = ?", String.class, campaignId))
                .as("every event decided once").containsExactlyInAnyOrderElementsOf(matching.keySet());
        assertThat(count("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?", campaignId)).isEqualTo(CUSTOMERS);
        Map<String, Long> submits = smsc.submits().stream().filter(s -> s.source().equals(serviceCode))
                .collect(Collectors.groupingBy(SmscSimulator.Submit::destination, Collectors.counting()));
        assertThat(submits).as("one message per customer").hasSize(CUSTOMERS)
                .allSatisfy((msisdn, n) -> assertThat(n).as(msisdn).isEqualTo(1));
        assertThat(count("SELECT count(*) FROM inbox_message WHERE message_id = ?", unknown)).as("unknown type kept once")
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dead_letter WHERE route_id = 'network-events-to-triggered-campaigns'"
                + " AND reason LIKE ?", "%" + bad + "%")).as("bad event dead-lettered once").isEqualTo(1);
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private String m(int n) {
        return prefix + String.format("%04d", n);
    }

    private void customer(String msisdn) {
        jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                + " customer_class, update_time) VALUES (?, ?, '客户', 'GOTONE', '591', 'P100', 1, 'HUAWEI Mate60', 3, now())",
                msisdn, "C" + msisdn);
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", "admin");
    }
}
