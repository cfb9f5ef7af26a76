package com.carrier.hub.testkit.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import com.carrier.hub.testkit.PeerSimulator;

/** A real Kafka broker in this JVM (KRaft mode, one node) for the {@code kafka} connector. */
public class KafkaSimulator implements PeerSimulator {

    private final String[] topics;
    private EmbeddedKafkaKraftBroker broker;

    /** A broker with the sandbox's topics. */
    public KafkaSimulator() {
        this("hub.upstream", "hub.downstream");
    }

    public KafkaSimulator(String... topics) {
        this.topics = topics;
    }

    @Override
    public String connectorId() {
        return "kafka";
    }

    @Override
    public String name() {
        return "Kafka broker (in-JVM KRaft)";
    }

    @Override
    public synchronized void start() {
        if (broker != null) {
            return;
        }
        EmbeddedKafkaKraftBroker b = new EmbeddedKafkaKraftBroker(1, 3, topics);
        b.brokerProperty("auto.create.topics.enable", "true");
        b.brokerProperty("log.flush.interval.messages", "1");
        b.afterPropertiesSet();
        broker = b;
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            try {
                broker.destroy();
            } finally {
                broker = null;
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return broker != null;
    }

    /** host:port list of the running broker. */
    public synchronized String bootstrapServers() {
        if (broker == null) {
            throw new IllegalStateException("Kafka simulator is not running");
        }
        return broker.getBrokersAsString();
    }

    @Override
    public Map<String, String> connectorProperties() {
        return Map.of("hub.connectors.kafka.bootstrap-servers", bootstrapServers());
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("bootstrapServers", bootstrapServers());
        d.put("topics", topics);
        d.put("security", "PLAINTEXT, no credentials");
        return d;
    }
}
