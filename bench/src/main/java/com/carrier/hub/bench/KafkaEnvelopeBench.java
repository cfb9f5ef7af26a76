package com.carrier.hub.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;

import com.carrier.hub.connector.kafka.HubEnvelopeWriter;
import com.carrier.hub.connector.kafka.HubHeaders;
import com.carrier.hub.simulators.kafka.KafkaSimulator;

import ch.qos.logback.classic.Level;

/**
 * The Kafka connector's two Kamelets on the in-JVM KRaft broker against a plain Kafka client on the same broker in
 * the same run.
 *
 * <p>Four phases, each timed on its own: (1) baseline producer — a plain {@link KafkaProducer} (acks=all,
 * idempotent, the Kamelet's linger and batch size) sends {@code --messages} ready-made 300-byte envelopes and waits
 * for every acknowledgement; (2) sink — the same number of payloads go through {@code kafka-hub-sink} (envelope built
 * from headers, acks=all, idempotent), each one its own exchange sent asynchronously with at most {@code --window}
 * in flight, each exchange complete only once the broker acknowledged its record; (3) baseline consumer — a plain
 * {@link KafkaConsumer} reads the baseline topic and commits synchronously after each poll; (4) source —
 * {@code kafka-hub-source} consumes the sink's topic (envelope parsed, offsets committed only after each record was
 * handled), then the bench waits until the group's committed offsets reach the end. Both consumers' times include
 * their group join. Reports the rates, each Kamelet's ratio to its baseline, the committed offsets and peak heap.
 */
public class KafkaEnvelopeBench implements BenchScenario {

    private static final int ENVELOPE_BYTES = 300;
    private static final int MAX_POLL_RECORDS = 500;

    @Override
    public String name() {
        return "kafka-envelope";
    }

    @Override
    public String usage() {
        return "kafka-hub-sink and kafka-hub-source against a plain producer/consumer on the in-JVM broker:"
                + " --messages 500000 --window 20000 --partitions 3";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("kafka")).setLevel(Level.ERROR);
        int messages = options.getInt("messages", 500_000);
        int window = options.getInt("window", 20_000);
        int partitions = options.getInt("partitions", 3);
        String topic = "bench.envelopes";
        String rawTopic = topic + ".raw";
        String group = "bench-" + System.nanoTime();

        System.out.printf("kafka-envelope: %d messages of %d-byte envelopes, %d partitions; broker: %s%n",
                messages, ENVELOPE_BYTES, partitions, KafkaSimulator.DURABILITY);
        KafkaSimulator kafka = new KafkaSimulator();
        kafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1), new NewTopic(rawTopic, partitions, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            String pad = padding();
            PeakHeap.reset();

            double rawSendSeconds = rawProducer(kafka, rawTopic, messages, pad);
            System.out.printf("baseline producer: %d in %.2f s%n", messages, rawSendSeconds);

            double sinkSeconds = sink(kafka, group, topic, messages, window, pad);
            System.out.printf("kafka-hub-sink: %d in %.2f s%n", messages, sinkSeconds);
            long written = endOffsets(admin, topic, partitions);
            if (written != messages) {
                throw new IllegalStateException("sink: " + written + " records on " + topic + ", expected " + messages);
            }

            AtomicLong bytes = new AtomicLong();
            double rawConsumeSeconds = rawConsumer(kafka, rawTopic, messages, bytes);
            System.out.printf("baseline consumer: %d in %.2f s%n", messages, rawConsumeSeconds);

            double sourceSeconds = source(kafka, admin, group, topic, messages);
            long committed = committed(admin, group);
            System.out.printf("kafka-hub-source: %d in %.2f s, committed %d%n", messages, sourceSeconds, committed);

            Map<String, Object> r = new LinkedHashMap<>();
            r.put("broker", KafkaSimulator.DURABILITY);
            r.put("messages", messages);
            r.put("envelope_bytes", bytes.get() / messages);
            r.put("partitions", partitions);
            r.put("window", window);
            r.put("baseline_producer_per_s", rate(messages, rawSendSeconds));
            r.put("sink_per_s", rate(messages, sinkSeconds));
            r.put("sink_vs_baseline", percent(rawSendSeconds, sinkSeconds));
            r.put("baseline_consumer_per_s", rate(messages, rawConsumeSeconds));
            r.put("source_per_s", rate(messages, sourceSeconds));
            r.put("source_vs_baseline", percent(rawConsumeSeconds, sourceSeconds));
            r.put("committed", committed);
            r.put("peak_heap_mib", PeakHeap.peakMiB());
            return r;
        } finally {
            kafka.stop();
        }
    }

    /** Padding that makes the sink's envelope exactly {@value #ENVELOPE_BYTES} bytes. */
    private static String padding() throws Exception {
        String bare = envelope(0, "");
        int missing = ENVELOPE_BYTES - bare.length();
        if (missing < 0) {
            throw new IllegalStateException("the bench's envelope is already " + bare.length() + " bytes");
        }
        return "x".repeat(missing);
    }

    private static String payload(long i, String pad) {
        return "{\"campaignId\":\"C1\",\"msisdn\":\"" + (13_800_000_000L + i) + "\",\"n\":" + (i % 10) + ",\"pad\":\"" + pad + "\"}";
    }

    private static String id(long i) {
        return "bench-" + (100_000_000L + i);
    }

    /** The envelope kafka-hub-sink writes for message i (its writer, so the baseline sends the same bytes). */
    private static String envelope(long i, String pad) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange e = new DefaultExchange(camel);
            e.setProperty(HubEnvelopeWriter.DEFAULT_TYPE_PROPERTY, "bench.item");
            e.getMessage().setBody(payload(i, pad));
            e.getMessage().setHeader(HubHeaders.MESSAGE_ID, id(i));
            new HubEnvelopeWriter().process(e);
            return e.getMessage().getBody(String.class);
        }
    }

    private static Map<String, Object> producerConfig(KafkaSimulator kafka) {
        Map<String, Object> pc = new java.util.HashMap<>();
        pc.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        pc.put(ProducerConfig.ACKS_CONFIG, "all");
        pc.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        pc.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // the same batching as kafka-hub-sink, so the ratio measures what Camel and the envelope cost
        pc.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        pc.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        pc.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        pc.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return pc;
    }

    private static double rawProducer(KafkaSimulator kafka, String topic, int messages, String pad) throws Exception {
        String template = envelope(0, pad);
        CountDownLatch acked = new CountDownLatch(messages);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(producerConfig(kafka))) {
            long t0 = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                raw.send(new ProducerRecord<>(topic, id(i), template), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    acked.countDown();
                });
            }
            acked.await();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (failure.get() != null) {
                throw new IllegalStateException("baseline producer: a send failed", failure.get());
            }
            return seconds;
        }
    }

    private static double sink(KafkaSimulator kafka, String group, String topic, int messages, int window, String pad)
            throws Exception {
        try (DefaultCamelContext camel = context(kafka, group)) {
            camel.start();
            AsyncProducer sink = camel.getEndpoint("kamelet:kafka-hub-sink?topic=" + topic + "&type=bench.item")
                    .createAsyncProducer();
            sink.start();
            Semaphore inFlight = new Semaphore(window);
            CountDownLatch done = new CountDownLatch(messages);
            AtomicLong failed = new AtomicLong();
            AtomicReference<Exception> firstFailure = new AtomicReference<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                Exchange exchange = new DefaultExchange(camel);
                exchange.getMessage().setBody(payload(i, pad));
                exchange.getMessage().setHeader(HubHeaders.MESSAGE_ID, id(i));
                inFlight.acquire();
                sink.process(exchange, doneSync -> {
                    if (exchange.getException() != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, exchange.getException());
                    }
                    inFlight.release();
                    done.countDown();
                });
            }
            done.await();
            double seconds = (System.nanoTime() - t0) / 1e9;
            sink.stop();
            if (failed.get() > 0) {
                throw new IllegalStateException("sink: " + failed.get() + " exchanges failed", firstFailure.get());
            }
            return seconds;
        }
    }

    private static double rawConsumer(KafkaSimulator kafka, String topic, int messages, AtomicLong totalBytes) {
        Map<String, Object> cc = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        long seen = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cc)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (seen < messages) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("baseline consumer: only " + seen + " of " + messages + " arrived");
                }
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(1000));
                for (ConsumerRecord<String, String> record : records) {
                    bytes += record.value().length();
                    seen++;
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        totalBytes.set(bytes);
        return seconds;
    }

    private static double source(KafkaSimulator kafka, Admin admin, String group, String topic, int messages)
            throws Exception {
        CountDownLatch all = new CountDownLatch(messages);
        try (DefaultCamelContext camel = context(kafka, group)) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kamelet:kafka-hub-source?topic=" + topic + "&maxPollRecords=" + MAX_POLL_RECORDS)
                            .process(e -> all.countDown());
                }
            });
            long t0 = System.nanoTime();
            camel.start();
            if (!all.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("source: only " + (messages - all.getCount()) + " of " + messages + " arrived");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (committed(admin, group) < messages && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static long committed(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                .values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static long endOffsets(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(r -> r.offset()).sum();
    }

    private static String rate(int messages, double seconds) {
        return String.format("%.0f", messages / seconds);
    }

    private static String percent(double baselineSeconds, double seconds) {
        return String.format("%.0f%%", 100 * baselineSeconds / seconds);
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
