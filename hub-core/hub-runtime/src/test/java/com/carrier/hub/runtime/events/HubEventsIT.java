package com.carrier.hub.runtime.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.campaign.ControlGroup;
import com.carrier.hub.runtime.ledger.ResponseCorrelator;
import com.carrier.hub.runtime.sandbox.SandboxPeers;
import com.carrier.hub.simulators.smsc.SmscSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Hub events out (PEERS §12) through the shipped route hub-events-to-kafka and the sandbox's in-JVM Kafka broker,
 * read back with a plain Kafka consumer: a campaign run announces each status, every contact made (treatment and
 * control) and its attributed responses, each once, with the envelope, key and stable message id of §12; a change
 * rolled back announces nothing; a round that did not get its acknowledgements loses nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms", "hub.events.rescan-interval=3s"})
@ActiveProfiles("sandbox")
class HubEventsIT {

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
    @Autowired
    CampaignRepository campaigns;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    HubEvents events;
    @Autowired
    HubEventOutbox outbox;
    @Autowired
    CamelContext camel;

    private final ObjectMapper json = new ObjectMapper();
    private final String prefix = "137" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
    private final List<ConsumerRecord<String, String>> received = new ArrayList<>();
    private KafkaConsumer<String, String> consumer;

    private String m(int n) {
        return prefix + String.format("%04d", n);
    }

    @BeforeEach
    void subscribe() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.getProperty("hub.connectors.kafka.bootstrap-servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "hub-events-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(List.of("hub.events.out"));
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void aCampaignRunAnnouncesItsStatusesContactsAndResponsesOnceEach() throws Exception {
        String id = campaignWithBothGroups();
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            customer(m(i));
            list.append(m(i)).append("|S||129||\n");
        }
        list.append(m(99)).append("|S||129||\n"); // not a customer: excluded, no contact made
        admin().postForEntity("/api/campaigns", campaign(id), String.class);
        assertThat(admin().postForEntity("/api/campaigns/" + id + "/targets?listId=L1", text(list.toString()),
                String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        admin().postForEntity("/api/campaigns/" + id + "/schedule", null, String.class);
        admin().postForEntity("/api/campaigns/" + id + "/start", null, String.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("SELECT count(*) FROM campaign_contact"
                + " WHERE campaign_id = ? AND status IN ('PENDING', 'CLAIMED', 'SUBMITTING')", Long.class, id) == 0);

        Map<String, String> groups = new LinkedHashMap<>();
        jdbc.query("SELECT msisdn, grp FROM campaign_contact WHERE campaign_id = ? AND status IN ('SENT', 'CONTROL')",
                rs -> {
                    groups.put(rs.getString(1), rs.getString(2));
                }, id);
        List<String> treatment = groups.entrySet().stream().filter(e -> e.getValue().equals("T")).map(Map.Entry::getKey).toList();
        List<String> control = groups.entrySet().stream().filter(e -> e.getValue().equals("C")).map(Map.Entry::getKey).toList();
        assertThat(treatment).as("treatment").isNotEmpty();
        assertThat(control).as("control").isNotEmpty();
        assertThat(treatment.size() + control.size()).isEqualTo(12);

        // an accepting reply of a treatment customer, and a BOSS order of a control customer, attributed by the ledger
        peer(SmscSimulator.class).injectMo(treatment.get(0), "10658001", "Y");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM response_event WHERE msisdn = ? AND type = 'REPLIED'", Long.class, treatment.get(0)) == 1);
        jdbc.update("INSERT INTO boss_order (order_id, msisdn, product_id, channel_code, order_time, status)"
                + " VALUES (?, ?, 'P5G129', 'HALL', ?, 1)", "BO-" + id, control.get(0), Timestamp.from(Instant.now()));
        correlator.correlate();
        admin().postForEntity("/api/campaigns/" + id + "/complete", null, String.class);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            poll();
            assertThat(types(id, "campaign.status")).hasSize(4);
            assertThat(types(id, "contact.made")).hasSize(12);
            assertThat(types(id, "response.attributed").stream().map(r -> payload(r).get("responseType").asText()))
                    .contains("REPLIED", "ORDERED");
        });

        for (ConsumerRecord<String, String> r : mine(id)) {
            JsonNode e = json.readTree(r.value());
            assertThat(iterable(e.fieldNames())).containsExactlyInAnyOrder("messageId", "type", "sourceSystem", "time", "payload");
            assertThat(e.get("sourceSystem").asText()).isEqualTo("marketing-hub");
            assertThat(OffsetDateTime.parse(e.get("time").asText())).isBefore(OffsetDateTime.now().plusSeconds(1));
            assertThat(OffsetDateTime.parse(e.at("/payload/time").asText()).toInstant())
                    .isEqualTo(OffsetDateTime.parse(e.get("time").asText()).toInstant());
        }
        List<JsonNode> statuses = types(id, "campaign.status").stream().map(this::payload).toList();
        assertThat(statuses).extracting(p -> p.get("status").asText()).containsExactly("DRAFT", "SCHEDULED", "RUNNING", "COMPLETED");
        assertThat(types(id, "campaign.status")).allSatisfy(r -> assertThat(r.key()).isEqualTo(id));
        assertThat(iterable(statuses.get(0).fieldNames())).containsExactlyInAnyOrder("campaignId", "status", "time");

        List<ConsumerRecord<String, String>> contacts = types(id, "contact.made");
        assertThat(contacts).allSatisfy(r -> {
            JsonNode p = payload(r);
            assertThat(r.key()).isEqualTo(p.get("msisdn").asText());
            assertThat(iterable(p.fieldNames())).containsExactlyInAnyOrder("campaignId", "msisdn", "channel", "group",
                    "status", "reason", "time");
            assertThat(p.get("channel").asText()).isEqualTo("SMS");
            String group = groups.get(p.get("msisdn").asText());
            assertThat(p.get("group").asText()).isEqualTo(group);
            assertThat(p.get("status").asText()).isEqualTo(group.equals("C") ? "CONTROL" : "SENT");
        });
        assertThat(contacts.stream().map(r -> payload(r).get("msisdn").asText()).collect(Collectors.toSet()))
                .isEqualTo(groups.keySet()).doesNotContain(m(99));

        ConsumerRecord<String, String> reply = types(id, "response.attributed").stream()
                .filter(r -> payload(r).get("responseType").asText().equals("REPLIED")).findFirst().orElseThrow();
        assertThat(reply.key()).isEqualTo(treatment.get(0));
        assertThat(payload(reply).get("channel").asText()).isEqualTo("SMS");
        assertThat(payload(reply).get("detail").asText()).isEqualTo("Y");
        assertThat(iterable(payload(reply).fieldNames())).containsExactlyInAnyOrder("campaignId", "msisdn", "channel",
                "responseType", "time", "detail");
        ConsumerRecord<String, String> order = types(id, "response.attributed").stream()
                .filter(r -> payload(r).get("responseType").asText().equals("ORDERED")).findFirst().orElseThrow();
        assertThat(order.key()).isEqualTo(control.get(0));
        assertThat(payload(order).get("detail").asText()).isEqualTo("BO-" + id);

        List<String> ids = mine(id).stream().map(this::messageId).toList();
        assertThat(new HashSet<>(ids)).as("message ids unique").hasSameSizeAs(ids);
        assertThat(ids).contains("campaign.status:" + id + ":RUNNING:3", "contact.made:" + id + ":" + treatment.get(0) + ":SENT");
        // a batch is deleted from the outbox once the broker acknowledged it: just after its records can be read
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM hub_event_outbox WHERE payload ->> 'campaignId' = ?", Long.class, id))
                .as("published events leave the outbox").isZero());

        // written and published again (a crash between the acknowledgement and the delete): the same event, the same id
        int before = mine(id).size();
        events.campaignStatus(id);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            assertThat(mine(id)).hasSize(before + 1);
        });
        ConsumerRecord<String, String> again = mine(id).get(before);
        assertThat(messageId(again)).isEqualTo("campaign.status:" + id + ":COMPLETED:4");
        assertThat(ids).contains(messageId(again));
    }

    @Test
    void aStatusChangeRolledBackIsNeverAnnounced() {
        String id = "RB-" + UUID.randomUUID().toString().substring(0, 8);
        admin().postForEntity("/api/campaigns", campaign(id), String.class);
        tx.executeWithoutResult(s -> {
            assertThat(campaigns.transition(id, Set.of(CampaignStatus.DRAFT), CampaignStatus.SCHEDULED, "test", "schedule")).isTrue();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_event_outbox WHERE message_id = ?", Long.class,
                    "campaign.status:" + id + ":SCHEDULED:2")).as("written with the change").isEqualTo(1);
            s.setRollbackOnly();
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_event_outbox WHERE message_id = ?", Long.class,
                "campaign.status:" + id + ":SCHEDULED:2")).as("rolled back with the change").isZero();
        admin().postForEntity("/api/campaigns/" + id + "/cancel", null, String.class);

        // the outbox is published in order: once the cancel is on the topic, anything written before it would be too
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            assertThat(types(id, "campaign.status").stream().map(r -> payload(r).get("status").asText()))
                    .contains("CANCELLED");
        });
        assertThat(types(id, "campaign.status").stream().map(r -> payload(r).get("status").asText()))
                .containsExactly("DRAFT", "CANCELLED");
        assertThat(types(id, "campaign.status").stream().map(this::messageId))
                .containsExactly("campaign.status:" + id + ":DRAFT:1", "campaign.status:" + id + ":CANCELLED:2");
    }

    @Test
    void eventsOfARoundThatGotNoAcknowledgementArePublishedByTheNext() throws Exception {
        String id = "NA-" + UUID.randomUUID().toString().substring(0, 8);
        camel.getRouteController().stopRoute("hub-events-to-kafka");
        try {
            admin().postForEntity("/api/campaigns", campaign(id), String.class);
            // a round takes the event and fails before the broker's acknowledgement (the broker is down)
            DefaultExchange round = new DefaultExchange(camel);
            outbox.claim(round);
            assertThat(jdbc.queryForObject("SELECT claimed_by IS NOT NULL FROM hub_event_outbox WHERE message_id = ?",
                    Boolean.class, "campaign.status:" + id + ":DRAFT:1")).as("taken by the round").isTrue();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_event_outbox WHERE message_id = ?", Long.class,
                    "campaign.status:" + id + ":DRAFT:1")).as("kept until acknowledged").isEqualTo(1);
            assertThat(outbox.pending()).isPositive();
        } finally {
            camel.getRouteController().startRoute("hub-events-to-kafka");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            assertThat(types(id, "campaign.status")).hasSize(1);
        });
        assertThat(messageId(types(id, "campaign.status").get(0))).isEqualTo("campaign.status:" + id + ":DRAFT:1");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM hub_event_outbox WHERE message_id = ?", Long.class, "campaign.status:" + id + ":DRAFT:1") == 0);
        String gauge = admin().getForObject("/actuator/metrics/hub.events.outbox.pending", String.class);
        assertThat(gauge).contains("\"name\":\"hub.events.outbox.pending\"");
    }

    @Test
    void anEventCommittedAfterLaterOnesWerePublishedIsPublishedByTheNextRescan() {
        // rounds read on from the last event they took; a transaction that took its id earlier but committed later
        // leaves its event below that point: the next read from the start (hub.events.rescan-interval) takes it
        String first = "LT-" + UUID.randomUUID().toString().substring(0, 8);
        admin().postForEntity("/api/campaigns", campaign(first), String.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            assertThat(types(first, "campaign.status")).hasSize(1);
        });
        String late = "LT-" + UUID.randomUUID().toString().substring(0, 8);
        long below = jdbc.queryForObject("SELECT coalesce(min(id), 0) FROM hub_event_outbox", Long.class) - 1_000_000;
        jdbc.update("""
                INSERT INTO hub_event_outbox (id, message_id, type, record_key, event_time, payload)
                VALUES (?, ?, 'campaign.status', ?, now(), jsonb_build_object('campaignId', ?, 'status', 'DRAFT'))""",
                below, "campaign.status:" + late + ":DRAFT:1", late, late);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            assertThat(types(late, "campaign.status")).hasSize(1);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM hub_event_outbox WHERE id = ?", Long.class, below) == 0);
    }

    /** A campaign id whose control group (40 %) takes some of m(1)…m(12) and leaves some in treatment. */
    private String campaignWithBothGroups() {
        while (true) {
            String id = "EV-" + UUID.randomUUID().toString().substring(0, 8);
            long control = java.util.stream.IntStream.rangeClosed(1, 12).filter(i -> ControlGroup.isControl(id, m(i), 40)).count();
            if (control > 0 && control < 12) {
                return id;
            }
        }
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(500)).forEach(received::add);
    }

    private List<ConsumerRecord<String, String>> mine(String campaignId) {
        return received.stream().filter(r -> campaignId.equals(payload(r).path("campaignId").asText())).toList();
    }

    private List<ConsumerRecord<String, String>> types(String campaignId, String type) {
        return mine(campaignId).stream().filter(r -> type.equals(envelope(r).get("type").asText())).toList();
    }

    private JsonNode envelope(ConsumerRecord<String, String> r) {
        try {
            return json.readTree(r.value());
        } catch (Exception e) {
            throw new AssertionError("not JSON on hub.events.out: " + r.value(), e);
        }
    }

    private JsonNode payload(ConsumerRecord<String, String> r) {
        return envelope(r).get("payload");
    }

    private String messageId(ConsumerRecord<String, String> r) {
        return envelope(r).get("messageId").asText();
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private void customer(String msisdn) {
        jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                + " customer_class, update_time) VALUES (?, ?, '客户', 'GOTONE', '591', 'P100', 1, 'HUAWEI Mate60', 3, now())",
                msisdn, "C" + msisdn);
    }

    private Map<String, Object> campaign(String id) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        LocalTime quietStart = now.toLocalTime().plusHours(2).withMinute(0).withSecond(0).withNano(0);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "5G 升级");
        c.put("type", "PROMOTION");
        c.put("productId", "P5G129");
        c.put("channels", List.of("SMS"));
        c.put("templates", Map.of("SMS", Map.of("text", "尊敬的${name}，5G套餐${attr1}元，回复Y办理")));
        c.put("sourceAddress", "10658001");
        c.put("start", now.minusMinutes(5).toString());
        c.put("end", now.plusDays(7).toString());
        c.put("quietHours", Map.of("start", quietStart.toString(), "end", quietStart.plusHours(1).toString()));
        c.put("controlPercent", 40);
        c.put("rules", Map.of("maxSmsPerDay", 100, "maxSmsPerWeek", 100, "recentSimilarDays", 0));
        return c;
    }

    private static HttpEntity<byte[]> text(String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(new MediaType("text", "plain", StandardCharsets.UTF_8));
        return new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8), h);
    }

    private <T> T peer(Class<T> type) {
        return sandboxPeers.simulators().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", "admin");
    }
}
