package com.carrier.hub.runtime.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.api.HubMessage;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.connector.kafka.HubEnvelopeReader;
import com.carrier.hub.simulators.kafka.NetworkEventGenerator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sandbox as ./hub starts it, its events at 10 a second: once the day of BOSS files has filled the customer
 * index, the sandbox's Kafka broker carries simulated network events (PEERS §11) on {@code hub.events.in} at about
 * that rate, each a complete hub envelope the Kafka connector reads, keyed by the MSISDN of a customer of the index,
 * with a unique message id, the time it was sent and a good share of DATA usage at 80% or more; no log line shows
 * one of those MSISDNs. The sandbox's triggered campaign SANDBOX-DATA-TOPUP runs on them: the hub's own route
 * network-events-to-triggered-campaigns takes every event (none dead-lettered) and the campaign's SMS go out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.connectors.boss.poll-delay=500",
                // a context of its own: it must not take the campaign files CampaignFilesIT drops in the shared inbox
                "hub.campaigns.inbox-dir=target/sandbox-network-events-it/inbox",
                // on here, off in the other tests' sandboxes (src/test/resources/config/application-sandbox.yaml)
                "hub.sandbox.events.enabled=true", "hub.sandbox.events.rate=" + SandboxNetworkEventsIT.RATE})
@ActiveProfiles("sandbox")
@ExtendWith(OutputCaptureExtension.class)
// closed after this class: a cached context would go on publishing events and running its campaign through the rest
// of the suite, load that slows the other tests' contexts
@DirtiesContext
class SandboxNetworkEventsIT {

    static final int RATE = 10;
    private static final String TOPIC = "hub.events.in";
    /** How long a stretch of events the rate is measured over. */
    private static final Duration WINDOW = Duration.ofSeconds(8);
    private static final Duration MARGIN = Duration.ofSeconds(2);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment env;
    @Autowired
    CamelContext camel;

    private final List<ConsumerRecord<String, String>> received = new ArrayList<>();
    private KafkaConsumer<String, String> consumer;

    @BeforeEach
    void subscribe() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.getProperty("hub.connectors.kafka.bootstrap-servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "sandbox-network-events-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(List.of(TOPIC));
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void theSandboxsKafkaCarriesNetworkEventsAboutItsCustomersAtTheConfiguredRate(CapturedOutput output) {
        OffsetDateTime started = OffsetDateTime.now();
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            // the three partitions are read each at its own pace: a margin past the window, so it is read whole
            return !received.isEmpty() && Duration.between(first(), last()).compareTo(WINDOW.plus(MARGIN)) >= 0;
        });

        List<HubMessage> events = received.stream().map(this::read).toList();
        OffsetDateTime from = first();
        long inWindow = events.stream().filter(e -> e.time().isBefore(from.plus(WINDOW))).count();
        assertThat(inWindow / (double) WINDOW.toSeconds()).as("events a second, %d in the %s after the first", inWindow, WINDOW)
                .isCloseTo(RATE, within(RATE * 0.3));

        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        int dataAt80 = 0;
        for (int i = 0; i < events.size(); i++) {
            HubMessage e = events.get(i);
            String key = received.get(i).key();
            assertThat(e.type()).isIn(NetworkEventGenerator.TYPES);
            assertThat(e.time()).isAfter(started.minusMinutes(2)).isBefore(OffsetDateTime.now().plusSeconds(1));
            assertThat(Msisdn.isValid(key)).as("key of event %s is an MSISDN", e.messageId()).isTrue();
            assertThat(e.payload().get("msisdn").asText()).as("the payload is about the record's key").isEqualTo(key);
            ids.add(e.messageId());
            keys.add(key);
            if (e.type().equals("usage.threshold") && e.payload().get("metric").asText().equals("DATA")
                    && e.payload().get("usedPercent").asInt() >= 80) {
                dataAt80++;
            }
        }
        assertThat(ids).as("message ids unique").hasSize(events.size());
        assertThat(dataAt80).as("DATA usage at 80%% or more among %d events", events.size()).isGreaterThan(events.size() / 5);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM customer WHERE NOT deleted AND msisdn = ANY (?)", Integer.class,
                (Object) keys.toArray(String[]::new))).as("every key a customer of the index").isEqualTo(keys.size());

        assertThat(output.getAll()).contains("simulated network events now flow to " + TOPIC);
        for (String key : keys) {
            assertThat(output.getAll()).as("no log line shows an MSISDN the events are about").doesNotContain(key);
        }
    }

    @Test
    void theSandboxsTriggeredCampaignSendsItsOfferToCustomersWhoseDataRunsLow() {
        await().atMost(Duration.ofSeconds(120)).until(() -> campaign().at("/progress/contacted").asLong() > 0);

        JsonNode campaign = campaign();
        assertThat(campaign.get("status").asText()).isEqualTo("RUNNING");
        assertThat(campaign.at("/definition/trigger/eventType").asText()).isEqualTo("usage.threshold");
        assertThat(campaign.at("/definition/channels").toString()).isEqualTo("[\"SMS\"]");
        assertThat(campaign.at("/progress/events").size()).as("matched events by outcome").isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ? AND status = 'SENT'"
                + " AND channel = 'SMS'", Long.class, SandboxTriggeredCampaign.ID)).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE route_id = 'network-events-to-triggered-campaigns'",
                Long.class)).as("every simulated event fits its type").isZero();
    }

    private JsonNode campaign() {
        return rest.withBasicAuth("admin", "admin").getForEntity("/api/campaigns/" + SandboxTriggeredCampaign.ID,
                JsonNode.class).getBody();
    }

    /** The earliest envelope time of the events received. */
    private OffsetDateTime first() {
        return received.stream().map(r -> read(r).time()).min(OffsetDateTime::compareTo).orElseThrow();
    }

    /** The latest envelope time of the events received. */
    private OffsetDateTime last() {
        return received.stream().map(r -> read(r).time()).max(OffsetDateTime::compareTo).orElseThrow();
    }

    /** The record as the Kafka connector's source reads it: a complete envelope, or the test fails. */
    private HubMessage read(ConsumerRecord<String, String> record) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(record.value().getBytes(StandardCharsets.UTF_8));
        exchange.getMessage().setHeader(KafkaConstants.TOPIC, record.topic());
        exchange.getMessage().setHeader(KafkaConstants.PARTITION, record.partition());
        exchange.getMessage().setHeader(KafkaConstants.OFFSET, record.offset());
        new HubEnvelopeReader().process(exchange);
        return exchange.getMessage().getBody(HubMessage.class);
    }
}
