package com.carrier.hub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.slf4j.LoggerFactory;

import com.carrier.hub.connector.kafka.HubHeaders;
import com.carrier.hub.simulators.kafka.KafkaSimulator;

import ch.qos.logback.classic.Level;

/**
 * The Kafka connector's two Kamelets on the in-JVM KRaft broker: {@code --senders} threads send {@code --messages}
 * payloads through {@code kafka-hub-sink} (envelope built from headers, acks=all, idempotent), then
 * {@code kafka-hub-source} consumes them all (envelope parsed, offsets committed only after each poll batch was
 * handled). Reports a baseline (a plain async idempotent acks=all producer on the same broker), the sink's and the
 * source's message rates, the committed offsets at the end and peak heap. Each sink send waits for its broker ack,
 * so the sink's rate grows with the number of concurrent senders; the simulator flushes its log on every append.
 */
public class KafkaEnvelopeBench implements BenchScenario {

    @Override
    public String name() {
        return "kafka-envelope";
    }

    @Override
    public String usage() {
        return "kafka-hub-sink then kafka-hub-source throughput on the in-JVM broker: --messages 10000 --senders 64 --partitions 3";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("kafka")).setLevel(Level.ERROR);
        int messages = options.getInt("messages", 10_000);
        int senders = options.getInt("senders", 64);
        int partitions = options.getInt("partitions", 3);
        String topic = "bench.envelopes";
        String group = "bench-" + System.nanoTime();

        KafkaSimulator kafka = new KafkaSimulator();
        kafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1), new NewTopic(topic + ".raw", partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            PeakHeap.reset();

            // 0. Baseline: the same broker, a plain idempotent acks=all producer sending asynchronously, no Camel.
            double rawSeconds;
            Map<String, Object> pc = new java.util.HashMap<>();
            pc.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            pc.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
            pc.put(org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            pc.put(org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    org.apache.kafka.common.serialization.StringSerializer.class);
            pc.put(org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    org.apache.kafka.common.serialization.StringSerializer.class);
            try (org.apache.kafka.clients.producer.KafkaProducer<String, String> raw =
                         new org.apache.kafka.clients.producer.KafkaProducer<>(pc)) {
                long t0 = System.nanoTime();
                List<Future<org.apache.kafka.clients.producer.RecordMetadata>> acks = new ArrayList<>();
                for (int i = 0; i < messages; i++) {
                    acks.add(raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic + ".raw", "raw-" + i,
                            "{\"n\":" + i + "}")));
                }
                for (Future<?> f : acks) {
                    f.get();
                }
                rawSeconds = (System.nanoTime() - t0) / 1e9;
            }
            System.out.printf("raw producer: %d messages in %.2f s%n", messages, rawSeconds);

            // 1. Sink: every message wrapped in an envelope and acknowledged by the broker before the send returns.
            double sinkSeconds;
            try (DefaultCamelContext camel = context(kafka, group)) {
                camel.start();
                String sink = "kamelet:kafka-hub-sink?topic=" + topic + "&type=bench.item";
                ProducerTemplate template = camel.createProducerTemplate();
                ExecutorService pool = Executors.newFixedThreadPool(senders);
                AtomicLong next = new AtomicLong();
                long t0 = System.nanoTime();
                List<Future<?>> futures = new ArrayList<>();
                for (int s = 0; s < senders; s++) {
                    futures.add(pool.submit(() -> {
                        long i;
                        while ((i = next.getAndIncrement()) < messages) {
                            template.sendBodyAndHeader(sink,
                                    "{\"campaignId\":\"C1\",\"msisdn\":\"138" + String.format("%08d", i) + "\",\"n\":" + i + "}",
                                    HubHeaders.MESSAGE_ID, "bench-" + i);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                sinkSeconds = (System.nanoTime() - t0) / 1e9;
                pool.shutdown();
            }
            System.out.printf("sink: %d messages in %.2f s%n", messages, sinkSeconds);

            // 2. Source: all of them consumed, parsed and committed.
            CountDownLatch all = new CountDownLatch(messages);
            double sourceSeconds;
            long committed;
            try (DefaultCamelContext camel = context(kafka, group)) {
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("kamelet:kafka-hub-source?topic=" + topic + "&maxPollRecords=500").process(e -> all.countDown());
                    }
                });
                long t0 = System.nanoTime();
                camel.start();
                if (!all.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("source: only " + (messages - all.getCount()) + " of " + messages + " arrived");
                }
                sourceSeconds = (System.nanoTime() - t0) / 1e9;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                do {
                    committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                            .values().stream().mapToLong(OffsetAndMetadata::offset).sum();
                    if (committed < messages) {
                        Thread.sleep(100);
                    }
                } while (committed < messages && System.nanoTime() < deadline);
            }
            System.out.printf("source: %d messages in %.2f s (including the consumer's group join), committed %d%n",
                    messages, sourceSeconds, committed);

            Map<String, Object> r = new LinkedHashMap<>();
            r.put("messages", messages);
            r.put("senders", senders);
            r.put("partitions", partitions);
            r.put("raw_producer_per_s", String.format("%.0f", messages / rawSeconds));
            r.put("sink_per_s", String.format("%.0f", messages / sinkSeconds));
            r.put("source_per_s", String.format("%.0f", messages / sourceSeconds));
            r.put("committed", committed);
            r.put("peak_heap_mib", PeakHeap.peakMiB());
            return r;
        } finally {
            kafka.stop();
        }
    }

    private static DefaultCamelContext context(KafkaSimulator kafka, String group) {
        DefaultCamelContext camel = new DefaultCamelContext();
        Properties props = new Properties();
        props.setProperty("hub.connectors.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.setProperty("hub.connectors.kafka.group-id", group);
        camel.getPropertiesComponent().setInitialProperties(props);
        camel.getShutdownStrategy().setTimeout(10);
        return camel;
    }
}
