package com.carrier.hub.simulators.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The Kafka simulator is a real broker started from Kafka's own server classes: clients produce and consume through
 * it, the sandbox's topics exist with three partitions, stop releases the port so a second start works, and an
 * outage keeps the broker's address, records and committed offsets for when it comes back.
 */
class KafkaSimulatorIT {

    @Test
    void aRealBrokerWithTheSandboxTopicsThatStopsAndStartsAgain() throws Exception {
        KafkaSimulator kafka = new KafkaSimulator();
        assertThat(kafka.isRunning()).isFalse();
        assertThatThrownBy(kafka::bootstrapServers).hasMessageContaining("not running");

        kafka.start();
        try {
            assertThat(kafka.isRunning()).isTrue();
            assertThat(kafka.connectorProperties())
                    .containsEntry("hub.connectors.kafka.bootstrap-servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                Map<String, TopicDescription> topics = admin.describeTopics(List.of("hub.upstream", "hub.downstream"))
                        .allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
            }
            assertThat(roundTrip(kafka.bootstrapServers(), "hub.upstream", "hello")).containsExactly("hello");
            // topics the sandbox did not declare are made on first use
            assertThat(roundTrip(kafka.bootstrapServers(), "made.on.first.use", "again")).containsExactly("again");
        } finally {
            kafka.stop();
        }
        assertThat(kafka.isRunning()).isFalse();
        kafka.stop(); // safe twice

        kafka.start();
        try {
            assertThat(roundTrip(kafka.bootstrapServers(), "hub.downstream", "after restart"))
                    .containsExactly("after restart");
        } finally {
            String was = kafka.bootstrapServers();
            kafka.stop();
            String[] hostPort = was.split(":");
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
                }
            }).as("the broker's port is released on stop").isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void anOutageKeepsTheAddressTheRecordsAndTheCommittedOffsets() throws Exception {
        KafkaSimulator kafka = new KafkaSimulator("outage.topic");
        kafka.start();
        try {
            String at = kafka.bootstrapServers();
            assertThat(roundTrip(at, "outage.topic", "before")).containsExactly("before");

            kafka.outage();
            assertThat(kafka.bootstrapServers()).isEqualTo(at);
            String[] hostPort = at.split(":");
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
                }
            }).as("the broker refuses connections while down").isInstanceOf(java.io.IOException.class);

            kafka.recover();
            assertThat(kafka.bootstrapServers()).isEqualTo(at);
            assertThat(roundTrip(at, "outage.topic", "after"))
                    .as("same address, and the group's committed offset survived: 'before' is not read again")
                    .containsExactly("after");
        } finally {
            kafka.stop();
        }
        assertThat(kafka.isRunning()).isFalse();
    }

    private static List<String> roundTrip(String bootstrap, String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get(30, TimeUnit.SECONDS);
        }
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "kafka-simulator-it-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
            }
        }
        return seen;
    }
}
