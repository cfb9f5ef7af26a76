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
 * <p>Each round has four phases, each timed on its own: (1) baseline producer — a plain {@link KafkaProducer}
 * (acks=all, idempotent, the Kamelet's linger and batch size) sends {@code --messages} ready-made 300-byte envelopes
 * and waits for every acknowledgement; (2) sink — the same number of payloads go through {@code kafka-hub-sink}
 * (envelope built from headers, acks=all, idempotent), each one its own exchange sent asynchronously with at most
 * {@code --window} in flight, each exchange complete only once the broker acknowledged its record; (3) baseline
 * consumer — a plain {@link KafkaConsumer} reads the baseline topic and commits synchronously after each poll;
 * (4) source — {@code kafka-hub-source} consumes the sink's topic (envelope parsed, offsets committed only after each
 * record was handled), and the phase ends when the group's committed offsets reach the end. Both consumers' times
 * include their group join and use 500 records a poll. The machine is shared, so {@code --rounds} rounds run one after
 * the other and the best of each phase is reported (every round's figures are printed), with each Kamelet's ratio to
 * its baseline, the committed offsets and peak heap.
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
                + " --messages 300000 --window 5000 --partitions 3 --rounds 3 --batch 500";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("kafka")).setLevel(Level.ERROR);
        int messages = options.getInt("messages", 300_000);
        int window = options.getInt("window", 5_000);
        int partitions = options.getInt("partitions", 3);
        int rounds = options.getInt("rounds", 3);
        int batch = options.getInt("batch", 500);

        System.out.printf("kafka-envelope: %d messages of %d-byte envelopes, %d partitions, %d rounds; broker: %s%n",
                messages, ENVELOPE_BYTES, partitions, rounds, KafkaSimulator.DURABILITY);
        KafkaSimulator kafka = new KafkaSimulator();
        kafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            String pad = padding();
            PeakHeap.reset();
            double[] rawSend = new double[rounds];
            double[] sink = new double[rounds];
            double[] batched = new double[rounds];
            double[] rawConsume = new double[rounds];
            double[] source = new double[rounds];
            double[] batchedSource = new double[rounds];
            long committed = 0;
            AtomicLong bytes = new AtomicLong();
            // Rounds side by side, each phase right after its baseline: the machine is shared, so a phase's rate
            // and its baseline's are taken under the same load, and the best round of each is reported.
            for (int r = 0; r < rounds; r++) {
                String topic = "bench.envelopes." + r;
                String rawTopic = topic + ".raw";
                String group = "bench-" + r + "-" + System.nanoTime();
                String batchedTopic = topic + ".batched";
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1), new NewTopic(rawTopic, partitions, (short) 1),
                                new NewTopic(batchedTopic, partitions, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);

                rawSend[r] = messages / rawProducer(kafka, rawTopic, messages, pad);
                sink[r] = messages / sink(kafka, group, topic, messages, window, pad);
                long written = endOffsets(admin, topic, partitions);
                if (written != messages) {
                    throw new IllegalStateException("sink: " + written + " records on " + topic + ", expected " + messages);
                }
                batched[r] = messages / sink(kafka, group, batchedTopic, messages, Math.max(1, window / batch), pad, batch);
                written = endOffsets(admin, batchedTopic, partitions);
                if (written != messages) {
                    throw new IllegalStateException("batched sink: " + written + " records on " + batchedTopic + ", expected " + messages);
                }
                rawConsume[r] = messages / rawConsumer(kafka, rawTopic, messages, bytes);
                source[r] = messages / source(kafka, admin, group, topic, messages);
                committed = committed(admin, group);
                if (committed != messages) {
                    throw new IllegalStateException("source: committed " + committed + " of " + messages);
                }
                String batchGroup = group + "-batched";
                batchedSource[r] = messages / source(kafka, admin, batchGroup, topic, messages, true);
                long batchCommitted = committed(admin, batchGroup);
                if (batchCommitted != messages) {
                    throw new IllegalStateException("batch source: committed " + batchCommitted + " of " + messages);
                }
                System.out.printf("round %d: baseline producer %.0f/s, kafka-hub-sink %.0f/s (%.0f%%), in batches of %d %.0f/s"
                                + " (%.0f%%); baseline consumer %.0f/s, kafka-hub-source %.0f/s (%.0f%%), kafka-hub-batch-source"
                                + " %.0f/s (%.0f%%), committed %d%n", r + 1,
                        rawSend[r], sink[r], 100 * sink[r] / rawSend[r], batch, batched[r], 100 * batched[r] / rawSend[r],
                        rawConsume[r], source[r], 100 * source[r] / rawConsume[r], batchedSource[r],
                        100 * batchedSource[r] / rawConsume[r], committed);
            }

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("broker", KafkaSimulator.DURABILITY);
            result.put("messages", messages);
            result.put("envelope_bytes", bytes.get() / messages);
            result.put("partitions", partitions);
            result.put("window", window);
            result.put("rounds", rounds);
            result.put("baseline_producer_per_s", String.format("%.0f", max(rawSend)));
            result.put("sink_per_s", String.format("%.0f", max(sink)));
            result.put("sink_vs_baseline", String.format("%.0f%%", 100 * max(sink) / max(rawSend)));
            result.put("sink_batch", batch);
            result.put("sink_batched_per_s", String.format("%.0f", max(batched)));
            result.put("sink_batched_vs_baseline", String.format("%.0f%%", 100 * max(batched) / max(rawSend)));
            result.put("baseline_consumer_per_s", String.format("%.0f", max(rawConsume)));
            result.put("source_per_s", String.format("%.0f", max(source)));
            result.put("source_vs_baseline", String.format("%.0f%%", 100 * max(source) / max(rawConsume)));
            result.put("batch_source_per_s", String.format("%.0f", max(batchedSource)));
            result.put("batch_source_vs_baseline", String.format("%.0f%%", 100 * max(batchedSource) / max(rawConsume)));
            result.put("committed", committed);
            result.put("peak_heap_mib", PeakHeap.peakMiB());
            return result;
        } finally {
            kafka.stop();
        }
    }

    private static double max(double[] values) {
        double best = 0;
        for (double v : values) {
            best = Math.max(best, v);
        }
        return best;
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
        return sink(kafka, group, topic, messages, window, pad, 1);
    }

    /**
     * Seconds to send {@code messages} payloads through kafka-hub-sink, {@code batch} to an exchange (a list body of
     * messages, each with its id header, when more than one), {@code window} exchanges in flight.
     */
    private static double sink(KafkaSimulator kafka, String group, String topic, int messages, int window, String pad,
                               int batch) throws Exception {
        try (DefaultCamelContext camel = context(kafka, group)) {
            camel.start();
            AsyncProducer sink = camel.getEndpoint("kamelet:kafka-hub-sink?topic=" + topic + "&type=bench.item")
                    .createAsyncProducer();
            sink.start();
            Semaphore inFlight = new Semaphore(window);
            CountDownLatch done = new CountDownLatch((messages + batch - 1) / batch);
            AtomicLong failed = new AtomicLong();
            AtomicReference<Exception> firstFailure = new AtomicReference<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < messages; i += batch) {
                Exchange exchange = new DefaultExchange(camel);
                if (batch == 1) {
                    exchange.getMessage().setBody(payload(i, pad));
                    exchange.getMessage().setHeader(HubHeaders.MESSAGE_ID, id(i));
                } else {
                    List<org.apache.camel.Message> items = new java.util.ArrayList<>(batch);
                    for (int j = i; j < Math.min(messages, i + batch); j++) {
                        org.apache.camel.Message m = new org.apache.camel.support.DefaultMessage(exchange);
                        m.setBody(payload(j, pad));
                        m.setHeader(HubHeaders.MESSAGE_ID, id(j));
                        items.add(m);
                    }
                    exchange.getMessage().setBody(items);
                }
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
        // seconds; totalBytes gets the bytes of the values read
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
        return source(kafka, admin, group, topic, messages, false);
    }

    /**
     * Seconds for kafka-hub-source (one exchange per record) or, {@code batched}, kafka-hub-batch-source (one exchange
     * per poll, the envelopes of the batch counted) to consume the topic and commit every offset.
     */
    private static double source(KafkaSimulator kafka, Admin admin, String group, String topic, int messages, boolean batched)
            throws Exception {
        CountDownLatch all = new CountDownLatch(messages);
        try (DefaultCamelContext camel = context(kafka, group)) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    if (batched) {
                        from("kamelet:kafka-hub-batch-source?topic=" + topic + "&maxPollRecords=" + MAX_POLL_RECORDS)
                                .process(e -> {
                                    com.carrier.hub.api.HubMessageBatch b = e.getMessage().getBody(com.carrier.hub.api.HubMessageBatch.class);
                                    for (int i = 0; i < b.messages().size(); i++) {
                                        all.countDown();
                                    }
                                });
                    } else {
                        from("kamelet:kafka-hub-source?topic=" + topic + "&maxPollRecords=" + MAX_POLL_RECORDS)
                                .process(e -> all.countDown());
                    }
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

    private static DefaultCamelContext context(KafkaSimulator kafka, String group) {
        DefaultCamelContext camel = new DefaultCamelContext();
        com.carrier.hub.connector.kafka.KafkaProperties settings = new com.carrier.hub.connector.kafka.KafkaProperties();
        settings.setBootstrapServers(kafka.bootstrapServers());
        settings.setGroupId(group);
        Properties props = new Properties();
        props.putAll(com.carrier.hub.connector.kafka.KafkaDerivedSettings.kameletValues(settings));
        camel.getPropertiesComponent().setInitialProperties(props);
        camel.getShutdownStrategy().setTimeout(10);
        return camel;
    }
}
