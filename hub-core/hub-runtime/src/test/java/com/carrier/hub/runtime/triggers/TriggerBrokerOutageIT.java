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
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.runtime.sandbox.SandboxPeers;
import com.carrier.hub.simulators.kafka.KafkaSimulator;
import com.carrier.hub.simulators.smsc.SmscSimulator;

/**
 * The sandbox's Kafka broker goes down for {@link #OUTAGE} while a triggered campaign runs (issue 17, "exactly once"):
 * events decided before, events in the consumer's hands when the broker goes (their batch's commit may be lost with
 * it), events published while it is down (the producer holds them) and after it is back are each decided exactly once,
 * none lost; the hub's consumer rides the outage out and resumes by itself, without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class TriggerBrokerOutageIT {

    /** How long the broker is down. */
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final String ROUTE = "network-events-to-triggered-campaigns";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SandboxPeers sandboxPeers;
    @Autowired
    CamelContext camel;

    private final String prefix = "135" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
    private final String serviceCode = "10659" + String.format("%06d", Math.abs(UUID.randomUUID().hashCode()) % 1_000_000);
    private final String campaignId = "TO-" + UUID.randomUUID().toString().substring(0, 8);
    /** Every matching event published: messageId → customer. */
    private final Map<String, String> matching = new LinkedHashMap<>();

    @AfterEach
    void cancel() {
        admin().postForEntity("/api/campaigns/" + campaignId + "/cancel", null, String.class);
    }

    @Test
    void aMinuteWithoutTheBrokerLosesNoEventAndDecidesEachOnceWithoutRestartingTheHub() throws Exception {
        KafkaSimulator kafka = sandboxPeers.peer(KafkaSimulator.class).orElseThrow();
        SmscSimulator smsc = sandboxPeers.peer(SmscSimulator.class).orElseThrow();
        smsc.recordSubmits(true);
        assertThat(admin().postForEntity("/api/campaigns", TriggerEvents.campaign(campaignId, serviceCode), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        admin().postForEntity("/api/campaigns/" + campaignId + "/schedule", null, String.class);
        assertThat(admin().postForEntity("/api/campaigns/" + campaignId + "/start", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        for (int i = 0; i < 30; i++) {
            customer(m(i));
        }
        // the producer holds what it is given while the broker is down, for longer than the outage
        long hold = OUTAGE.multipliedBy(3).toMillis();
        try (KafkaProducer<String, String> producer = TriggerEvents.producer(kafka.bootstrapServers(), Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) hold, ProducerConfig.MAX_BLOCK_MS_CONFIG, hold,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000))) {
            // before: customers 0-9 match, 10-14 have an event that does not; the consumer decides them
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add(producer.send(matching(m(i), 85)));
            }
            for (int i = 10; i < 15; i++) {
                sent.add(producer.send(usage("no-" + UUID.randomUUID(), m(i), 50)));
            }
            acknowledged(sent);
            await().atMost(Duration.ofSeconds(30)).until(() -> recorded() == 10);

            // in the consumer's hands when the broker goes: customers 10-19, and one of the events before again
            String again = matching.keySet().iterator().next();
            for (int i = 10; i < 20; i++) {
                sent.add(producer.send(matching(m(i), 90)));
            }
            sent.add(producer.send(usage(again, matching.get(again), 85)));
            acknowledged(sent);
            kafka.outage();
            long down = System.nanoTime();

            // while it is down: customers 20-24, held by the producer
            List<Future<RecordMetadata>> held = new ArrayList<>();
            for (int i = 20; i < 25; i++) {
                held.add(producer.send(matching(m(i), 95)));
            }
            // for the rest of the outage nothing reaches the broker
            Duration rest = OUTAGE.minusNanos(System.nanoTime() - down);
            await().during(rest).atMost(rest.plusSeconds(10)).until(() -> held.stream().noneMatch(Future::isDone));
            kafka.recover();
            acknowledged(held);

            // after: customers 25-29, a second event of customers 0-4 (within the cooldown), and again one in flight
            for (int i = 25; i < 30; i++) {
                sent.add(producer.send(matching(m(i), 99)));
            }
            for (int i = 0; i < 5; i++) {
                sent.add(producer.send(matching(m(i), 100)));
            }
            String inFlight = new ArrayList<>(matching.keySet()).get(10);
            sent.add(producer.send(usage(inFlight, matching.get(inFlight), 90)));
            acknowledged(sent);
        }

        // the consumer resumes by itself: everything published is decided, and every contact sent
        await().atMost(Duration.ofSeconds(60)).until(() -> recorded() == matching.size()
                && count("SELECT count(*) FROM campaign_contact WHERE campaign_id = ? AND status = 'SENT'") == 30);
        assertThat(camel.getRoute(ROUTE).getUptimeMillis()).as("the route ran through the outage, never restarted")
                .isGreaterThanOrEqualTo(OUTAGE.toMillis());

        Map<String, Long> perMessage = new LinkedHashMap<>();
        jdbc.query("SELECT message_id, count(*) FROM trigger_event WHERE campaign_id = ? GROUP BY message_id",
                rs -> {
                    perMessage.put(rs.getString(1), rs.getLong(2));
                }, campaignId);
        assertThat(perMessage.keySet()).as("every matching event decided, none lost")
                .containsExactlyInAnyOrderElementsOf(matching.keySet());
        assertThat(perMessage.values()).as("each decided once").containsOnly(1L);
        Map<String, Long> outcomes = jdbc.queryForList("SELECT outcome FROM trigger_event WHERE campaign_id = ?",
                String.class, campaignId).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(outcomes).isEqualTo(Map.of("TREATMENT", 30L, "COOLDOWN", 5L));
        assertThat(count("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?")).as("one contact per customer")
                .isEqualTo(30);
        Map<String, Long> submits = smsc.submits().stream().filter(s -> s.source().equals(serviceCode))
                .collect(Collectors.groupingBy(SmscSimulator.Submit::destination, Collectors.counting()));
        assertThat(submits).as("the SMSC got one message per customer").hasSize(30).allSatisfy((msisdn, n) ->
                assertThat(n).as(msisdn).isEqualTo(1));
    }

    private ProducerRecord<String, String> matching(String msisdn, int usedPercent) {
        String id = "ev-" + UUID.randomUUID();
        matching.put(id, msisdn);
        return usage(id, msisdn, usedPercent);
    }

    private static void acknowledged(List<Future<RecordMetadata>> sent) throws Exception {
        for (Future<RecordMetadata> f : sent) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    private long recorded() {
        return count("SELECT count(*) FROM trigger_event WHERE campaign_id = ?");
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class, campaignId);
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
