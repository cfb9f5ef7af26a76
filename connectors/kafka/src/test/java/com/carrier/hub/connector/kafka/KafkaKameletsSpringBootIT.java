package com.carrier.hub.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.HealthProbe;
import com.carrier.hub.simulators.kafka.KafkaSimulator;
import com.carrier.hub.testkit.SimulatorExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The connector in a Spring Boot application the way the hub runs it: auto-configuration, the Camel starters this
 * module brings, a YAML route from a routes folder using both Kamelets, and {@code hub.connectors.kafka.*} from the
 * Spring environment (only bootstrap-servers is set; the group id is the documented default).
 */
class KafkaKameletsSpringBootIT {

    @RegisterExtension
    static final SimulatorExtension<KafkaSimulator> KAFKA = new SimulatorExtension<>(new KafkaSimulator());

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void aYamlRouteMovesEnvelopesBetweenTopicsThroughBothKamelets() throws Exception {
        String servers = KAFKA.simulator().bootstrapServers();
        String in = "in-" + UUID.randomUUID().toString().substring(0, 8);
        String out = "out-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(in, 1, (short) 1), new NewTopic(out, 1, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
            send(servers, in, "{\"messageId\":\"m-1\",\"type\":\"customer.changed\",\"sourceSystem\":\"crm\","
                    + "\"time\":\"2026-11-22T08:00:00+08:00\",\"payload\":{\"custId\":\"C1\"}}");
            send(servers, in, "{\"messageId\":\"m-2\",\"type\":\"order.created\",\"sourceSystem\":\"crm\","
                    + "\"time\":\"2026-11-22T08:00:01+08:00\",\"payload\":{\"orderId\":\"O1\"}}");

            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                    .web(WebApplicationType.NONE)
                    .properties(
                            "hub.connectors.kafka.bootstrap-servers=" + servers,
                            "camel.main.routes-include-pattern=classpath:kafka-it/*.yaml",
                            "camel.main.name=kafka-it",
                            "it.in-topic=" + in,
                            "it.out-topic=" + out)
                    .run()) {
                Connector connector = app.getBean(Connector.class);
                assertThat(HealthProbe.run(connector, Duration.ofSeconds(10)).status()).isEqualTo(ConnectorHealth.Status.UP);

                List<ConsumerRecord<String, String>> records = read(servers, out, 1);
                JsonNode envelope = new ObjectMapper().readTree(records.get(0).value());
                assertThat(envelope.get("messageId").asText()).isEqualTo("m-1");
                assertThat(envelope.get("type").asText()).isEqualTo("customer.changed");
                assertThat(envelope.get("sourceSystem").asText()).isEqualTo("hub-it");
                assertThat(envelope.get("payload").get("custId").asText()).isEqualTo("C1");

                // Both input records were handled (one forwarded, one filtered out) and committed under the default group.
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("marketing-hub")
                            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                    OffsetAndMetadata offset = offsets.get(new TopicPartition(in, 0));
                    return offset != null && offset.offset() == 2L;
                });
            }
        }
    }

    private static void send(String servers, String topic, String value) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<String, String>> read(String servers, String topic, int count) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(count);
        return records;
    }
}
