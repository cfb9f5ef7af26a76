package com.carrier.hub.runtime.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.runtime.campaign.ControlGroup;
import com.carrier.hub.runtime.ledger.ResponseCorrelator;
import com.carrier.hub.runtime.sandbox.SandboxPeers;
import com.carrier.hub.simulators.smsc.SmscSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Triggered campaigns (PEERS §7.4) end to end: events published to the sandbox's Kafka broker on hub.events.in go
 * through the shipped route network-events-to-triggered-campaigns, are decided by the contact policy and sent through
 * the SMSC simulator; duplicates, cooldown, late, out-of-order and bad events are each handled as the contract says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class TriggeredCampaignIT {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment env;
    @Autowired
    SandboxPeers sandboxPeers;
    @Autowired
    ResponseCorrelator correlator;

    private final ObjectMapper json = new ObjectMapper();
    private final String prefix = "136" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
    /** This test's campaigns' SMS service code: other campaigns running in the shared context may match its events too. */
    private final String serviceCode = "10658" + String.format("%06d", Math.abs(UUID.randomUUID().hashCode()) % 1_000_000);
    private final List<String> started = new java.util.ArrayList<>();
    private KafkaProducer<String, String> producer;

    private String m(int n) {
        return prefix + String.format("%04d", n);
    }

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.getProperty("hub.connectors.kafka.bootstrap-servers"),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"));
        peer(SmscSimulator.class).recordSubmits(true);
    }

    @AfterEach
    void close() {
        producer.close();
        started.forEach(id -> admin().postForEntity("/api/campaigns/" + id + "/cancel", null, String.class));
    }

    @Test
    void aMatchingEventIsContactedWithinSecondsOnceWhateverComesAgain() throws Exception {
        String id = start(campaign("TR", "PT10M", null));
        customer(m(1));
        customer(m(2));
        String first = "ev-" + UUID.randomUUID();
        publish(first, m(1), OffsetDateTime.now(), Map.of("metric", "DATA", "usedPercent", 85));
        publish("ev-" + UUID.randomUUID(), m(2), OffsetDateTime.now(), Map.of("metric", "DATA", "usedPercent", 50)); // no match

        await().atMost(Duration.ofSeconds(30)).until(() -> status(id, m(1)).equals("SENT"));
        assertThat(submitsTo(m(1))).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT vars ->> 'usedPercent' FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?",
                String.class, id, m(1))).as("the event's fields fill the template").isEqualTo("85");
        assertThat(peer(SmscSimulator.class).submits().stream().filter(s -> s.destination().equals(m(1)))
                .map(sub -> new String(sub.shortMessage(), java.nio.charset.StandardCharsets.UTF_16BE)).findFirst()
                .orElseThrow()).contains("85%");

        // the same event again (redelivered), and a later event of the same customer within the cooldown
        publish(first, m(1), OffsetDateTime.now(), Map.of("metric", "DATA", "usedPercent", 85));
        String later = "ev-" + UUID.randomUUID();
        publish(later, m(1), OffsetDateTime.now(), Map.of("metric", "DATA", "usedPercent", 95));
        await().atMost(Duration.ofSeconds(30)).until(() -> outcome(id, later) != null);
        assertThat(outcome(id, later)).isEqualTo("COOLDOWN");
        assertThat(outcome(id, first)).isEqualTo("TREATMENT");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM trigger_event WHERE campaign_id = ?", Long.class, id))
                .as("the duplicate is not recorded twice, the non-matching event not at all").isEqualTo(2);
        assertThat(submitsTo(m(1))).as("one contact whatever came again").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?",
                Long.class, id, m(2))).isZero();
    }

    @Test
    void lateOutOfOrderAndUnknownCustomersEventsAreDecidedWithTheirCodes() throws Exception {
        String id = start(campaign("TL", "PT10M", null));
        customer(m(3));
        customer(m(4));
        // from before the campaign started, on the same partition as the next (same key), so decided before it
        String beforeStart = "ev-" + UUID.randomUUID();
        publish(beforeStart, m(3), OffsetDateTime.now().minusMinutes(62), Map.of("metric", "DATA", "usedPercent", 90));
        String old = "ev-" + UUID.randomUUID();
        publish(old, m(3), OffsetDateTime.now().minusMinutes(11), Map.of("metric", "DATA", "usedPercent", 90));
        String unknown = "ev-" + UUID.randomUUID();
        publish(unknown, m(99), OffsetDateTime.now(), Map.of("metric", "DATA", "usedPercent", 90));

        // one customer's events out of order: the newer first, then one from before it
        String newer = "ev-" + UUID.randomUUID();
        publish(newer, m(4), OffsetDateTime.now(), Map.of("metric", "DATA", "usedPercent", 100));
        String earlier = "ev-" + UUID.randomUUID();
        publish(earlier, m(4), OffsetDateTime.now().minusMinutes(2), Map.of("metric", "DATA", "usedPercent", 80));

        await().atMost(Duration.ofSeconds(30)).until(() -> outcome(id, earlier) != null && outcome(id, old) != null
                && outcome(id, unknown) != null);
        assertThat(outcome(id, old)).as("older than contactWithin").isEqualTo("EVENT_EXPIRED");
        assertThat(outcome(id, beforeStart)).as("from before the campaign started: not its target").isNull();
        assertThat(outcome(id, unknown)).isEqualTo("UNKNOWN_CUSTOMER");
        assertThat(outcome(id, newer)).isEqualTo("TREATMENT");
        assertThat(outcome(id, earlier)).isEqualTo("COOLDOWN");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?",
                Long.class, id, m(3))).as("no contact for an expired event").isZero();
        assertThat(jdbc.queryForObject("SELECT reason FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?",
                String.class, id, m(99))).isEqualTo("UNKNOWN_CUSTOMER");
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id, m(4)).equals("SENT"));
        assertThat(submitsTo(m(4))).isEqualTo(1);
        assertThat(submitsTo(m(3))).isZero();
    }

    @Test
    void quietHoursThatOutlastContactWithinExpireTheContactInsteadOfSendingItLate() throws Exception {
        LocalTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).toLocalTime();
        Map<String, Object> c = campaign("TQ", "PT1M", Map.of("start", now.minusHours(1).withSecond(0).withNano(0).toString(),
                "end", now.plusHours(2).withSecond(0).withNano(0).toString()));
        String id = start(c);
        customer(m(5));
        String ev = "ev-" + UUID.randomUUID();
        publish(ev, m(5), OffsetDateTime.now(), Map.of("metric", "DATA", "usedPercent", 81));
        await().atMost(Duration.ofSeconds(30)).until(() -> "EXCLUDED".equals(status(id, m(5))));
        assertThat(jdbc.queryForObject("SELECT reason FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?",
                String.class, id, m(5))).isEqualTo("EVENT_EXPIRED");
        assertThat(submitsTo(m(5))).isZero();
    }

    @Test
    void badEventsAreDeadLetteredWithTheirReasonUnknownTypesKeptAndTheRestStillFlow() throws Exception {
        String id = start(campaign("TB", "PT10M", null));
        customer(m(6));
        String topic = "hub.events.in";
        long before = jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE route_id = 'network-events-to-triggered-campaigns'", Long.class);
        producer.send(new ProducerRecord<>(topic, m(6), "not an envelope")).get();
        publish("bad-missing-" + prefix, m(6), OffsetDateTime.now(), Map.of("metric", "DATA"));
        publish("bad-kind-" + prefix, m(6), OffsetDateTime.now(), Map.of("metric", "DATA", "usedPercent", "eighty"));
        publish("bad-future-" + prefix, m(6), OffsetDateTime.now().plusHours(1), Map.of("metric", "DATA", "usedPercent", 90));
        publish("bad-extra-" + prefix, m(6), OffsetDateTime.now(), Map.of("metric", "DATA", "usedPercent", 90, "usedPercnt", 1));
        String unknownType = "unknown-" + prefix;
        send(unknownType, "network.weather", m(6), OffsetDateTime.now(), Map.of("msisdn", m(6), "sky", "blue"));
        String good = "ev-" + UUID.randomUUID();
        publish(good, m(6), OffsetDateTime.now(), Map.of("metric", "DATA", "usedPercent", 90));

        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status(id, m(6))));
        List<String> reasons = jdbc.queryForList("SELECT reason FROM dead_letter WHERE route_id = 'network-events-to-triggered-campaigns'"
                + " ORDER BY id DESC LIMIT 5", String.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE route_id = 'network-events-to-triggered-campaigns'",
                Long.class) - before).isEqualTo(5);
        assertThat(String.join("\n", reasons))
                .contains("is not valid JSON")
                .contains("lacks the required field 'usedPercent'")
                .contains("payload field 'usedPercent' must be a number, got the text 'eighty'")
                .contains("lies in the future")
                .contains("payload field 'usedPercnt' is not a field of usage.threshold")
                .doesNotContain(m(6));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox_message WHERE message_id = ? AND type = 'network.weather'",
                Long.class, unknownType)).as("an unknown type is kept").isEqualTo(1);
        assertThat(json.readTree(admin().getForObject("/api/inbox", String.class)).at("/byType/network.weather").asLong())
                .isPositive();
        String metrics = admin().getForObject("/actuator/metrics/hub.triggers.events?tag=stage:unknown-type", String.class);
        assertThat(metrics).contains("\"COUNT\"");
        assertThat(submitsTo(m(6))).isEqualTo(1);
    }

    @Test
    void progressAndEvaluationCountTriggeredTargetsWithTheControlGroupFromTheEventsTime() throws Exception {
        Map<String, Object> c = campaign("TE", "PT10M", null);
        c.put("controlPercent", 50);
        String id = (String) c.get("id");
        String treated = null;
        String control = null;
        for (int i = 10; i < 200 && (treated == null || control == null); i++) {
            if (ControlGroup.isControl(id, m(i), 50)) {
                control = control == null ? m(i) : control;
            } else {
                treated = treated == null ? m(i) : treated;
            }
        }
        start(c);
        customer(treated);
        customer(control);
        OffsetDateTime at = OffsetDateTime.now().minusSeconds(30);
        publish("ev-" + UUID.randomUUID(), treated, at, Map.of("metric", "DATA", "usedPercent", 88));
        publish("ev-" + UUID.randomUUID(), control, at, Map.of("metric", "DATA", "usedPercent", 88));
        String t = treated;
        String k = control;
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status(id, t)) && "CONTROL".equals(status(id, k)));
        assertThat(submitsTo(control)).as("the control group is never contacted").isZero();
        assertThat(jdbc.queryForObject("SELECT decided_at FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?",
                java.sql.Timestamp.class, id, control).toInstant()).as("decided as of the event's time")
                .isCloseTo(at.toInstant(), org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MILLIS));

        // the control customer orders the offer after the event: counted for the control group
        jdbc.update("INSERT INTO boss_order (order_id, msisdn, product_id, channel_code, order_time, status)"
                + " VALUES (?, ?, 'P5G129', 'HALL', now(), 1)", "BO-" + id, control);
        correlator.correlate();
        JsonNode progress = json.readTree(admin().getForObject("/api/campaigns/" + id, String.class)).get("progress");
        assertThat(progress.get("targeted").asLong()).isEqualTo(2);
        assertThat(progress.get("reconciled").asBoolean()).isTrue();
        assertThat(progress.at("/events/TREATMENT").asLong()).isEqualTo(1);
        assertThat(progress.at("/events/CONTROL").asLong()).isEqualTo(1);
        JsonNode evaluation = json.readTree(admin().getForObject("/api/campaigns/" + id + "/evaluation", String.class));
        assertThat(evaluation.at("/total/treatment").asLong()).isEqualTo(1);
        assertThat(evaluation.at("/total/control").asLong()).isEqualTo(1);
        assertThat(evaluation.at("/total/orderedControl").asLong()).isEqualTo(1);
    }

    @Test
    void aConditionIsCheckedWhenTheCampaignIsCreatedNamingTheFieldAndPosition() {
        Map<String, Object> c = campaign("TC", "PT10M", null);
        c.put("trigger", Map.of("eventType", "usage.threshold", "condition", "metric == 'DATA' && usedPrecent >= 80",
                "contactWithin", "PT10M"));
        ResponseEntity<String> r = admin().postForEntity("/api/campaigns", c, String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody()).contains("trigger.condition").contains("at position 21")
                .contains("unknown field 'usedPrecent' of usage.threshold");

        c.put("trigger", Map.of("eventType", "usage.threshold", "condition", "metric == 'DAT'", "contactWithin", "PT10M"));
        assertThat(admin().postForEntity("/api/campaigns", c, String.class).getBody())
                .contains("field 'metric' is never 'DAT': one of [DATA, VOICE, SMS]");
        c.put("trigger", Map.of("eventType", "usage.threshold", "condition", "metric.toString() == 'DATA'", "contactWithin", "PT10M"));
        assertThat(admin().postForEntity("/api/campaigns", c, String.class).getBody()).contains("is not allowed");
        c.put("trigger", Map.of("eventType", "usage.treshold", "condition", "usedPercent > 1", "contactWithin", "PT10M"));
        assertThat(admin().postForEntity("/api/campaigns", c, String.class).getBody())
                .contains("trigger.eventType").contains("unknown event type 'usage.treshold'");
        c.put("trigger", Map.of("eventType", "usage.threshold", "condition", "usedPercent > 1", "contactWithin", "PT10M",
                "coolDownDays", 3));
        assertThat(admin().postForEntity("/api/campaigns", c, String.class).getBody()).contains("coolDownDays");
    }

    private String start(Map<String, Object> c) {
        String id = (String) c.get("id");
        ResponseEntity<String> created = admin().postForEntity("/api/campaigns", c, String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        admin().postForEntity("/api/campaigns/" + id + "/schedule", null, String.class);
        assertThat(admin().postForEntity("/api/campaigns/" + id + "/start", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        started.add(id);
        return id;
    }

    private Map<String, Object> campaign(String prefix, String contactWithin, Map<String, String> quiet) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        LocalTime quietStart = now.toLocalTime().plusHours(2).withMinute(0).withSecond(0).withNano(0);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        c.put("name", "流量包提醒");
        c.put("type", "PROMOTION");
        c.put("productId", "P5G129");
        c.put("channels", List.of("SMS"));
        c.put("templates", Map.of("SMS", Map.of("text", "尊敬的${name}，您的流量已用${usedPercent}%，回复Y加购流量包")));
        c.put("sourceAddress", serviceCode);
        c.put("start", now.minusHours(1).toString());
        c.put("end", now.plusDays(7).toString());
        c.put("quietHours", quiet != null ? quiet : Map.of("start", quietStart.toString(), "end", quietStart.plusHours(1).toString()));
        c.put("controlPercent", 0);
        c.put("rules", Map.of("maxSmsPerDay", 100, "maxSmsPerWeek", 100, "recentSimilarDays", 0));
        c.put("trigger", Map.of("eventType", "usage.threshold", "condition", "metric == 'DATA' && usedPercent >= 80",
                "contactWithin", contactWithin, "cooldownDays", 7));
        return c;
    }

    private void publish(String messageId, String msisdn, OffsetDateTime time, Map<String, Object> fields) throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>(fields);
        payload.put("msisdn", msisdn);
        send(messageId, "usage.threshold", msisdn, time, payload);
    }

    private void send(String messageId, String type, String key, OffsetDateTime time, Map<String, Object> payload) throws Exception {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("messageId", messageId);
        envelope.put("type", type);
        envelope.put("sourceSystem", "network");
        envelope.put("time", time.toString());
        envelope.put("payload", payload);
        producer.send(new ProducerRecord<>("hub.events.in", key, json.writeValueAsString(envelope))).get();
    }

    private String status(String campaignId, String msisdn) {
        List<String> s = jdbc.queryForList("SELECT status FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?",
                String.class, campaignId, msisdn);
        return s.isEmpty() ? "" : s.get(0);
    }

    private String outcome(String campaignId, String messageId) {
        List<String> s = jdbc.queryForList("SELECT outcome FROM trigger_event WHERE campaign_id = ? AND message_id = ?",
                String.class, campaignId, messageId);
        return s.isEmpty() ? null : s.get(0);
    }

    /** Messages of this test's campaigns (its own service code) to the customer. */
    private long submitsTo(String msisdn) {
        return peer(SmscSimulator.class).submits().stream()
                .filter(s -> s.destination().equals(msisdn) && s.source().equals(serviceCode)).count();
    }

    private void customer(String msisdn) {
        jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                + " customer_class, update_time) VALUES (?, ?, '客户', 'GOTONE', '591', 'P100', 1, 'HUAWEI Mate60', 3, now())",
                msisdn, "C" + msisdn);
    }

    private <T extends com.carrier.hub.simulators.PeerSimulator> T peer(Class<T> type) {
        return sandboxPeers.peer(type).orElseThrow();
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", "admin");
    }
}
