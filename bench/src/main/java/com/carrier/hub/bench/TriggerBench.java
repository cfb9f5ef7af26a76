package com.carrier.hub.bench;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.LoggerFactory;

import com.carrier.hub.api.HubMessage;
import com.carrier.hub.connector.kafka.HubEnvelopeReader;
import com.carrier.hub.runtime.triggers.EventTypes;
import com.carrier.hub.runtime.triggers.TriggerCondition;
import com.carrier.hub.runtime.triggers.TriggersProperties;

import ch.qos.logback.classic.Level;

/**
 * Triggered campaigns' throughput (issue 17): the sandbox hub in this JVM ({@link TriggerBenchHub}) with one RUNNING
 * triggered campaign and dispatch off ({@code hub.campaigns.dispatch.enabled=false}: sending is not timed), a customer
 * index holding every matching event's customer. {@code --events} 300-byte §11 envelopes, keyed by MSISDN, are
 * published to hub.events.in while the route network-events-to-triggered-campaigns is stopped; {@code --match-share}
 * of them meet the condition, each about a distinct customer; the rest are usage.threshold below 80% (or VOICE) or
 * events of the other §11 types. Then the route starts, and the time runs until the consumer group's committed offsets
 * reach the topic's end and every matching event is recorded with its outcome (trigger_event; a contact row in
 * campaign_contact for each one not expired): consume → envelope → payload checked → condition → contact policy →
 * contacts queued, with the route's group join. Baseline in the same run, afterwards: a plain {@link KafkaConsumer}
 * reading the same topic in a new group, as many records a poll, committing after each poll, no handling. Also: the
 * CPU of the JVM and of PostgreSQL while the route ran, and the single-thread cost of the JVM's steps per event
 * (envelope parse, payload check, condition) measured apart on the same envelopes.
 */
public class TriggerBench implements BenchScenario {

    @Override
    public String name() {
        return "trigger";
    }

    @Override
    public String usage() {
        return "network events through network-events-to-triggered-campaigns until every one is consumed and every match"
                + " decided and queued, vs a plain KafkaConsumer on the same topic: --events 5000000 --match-share 0.1"
                + " --partitions 3; BENCH_JAVA_OPTS=-Xmx1g";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
        long events = options.getLong("events", 5_000_000);
        double share = Double.parseDouble(options.get("match-share", "0.1"));
        int partitions = options.getInt("partitions", 3);
        if (share <= 0 || share > 1) {
            throw new IllegalArgumentException("trigger: --match-share must be above 0 and at most 1, got " + share);
        }
        long matches = (long) Math.floor(events * share);
        long customers = Math.max(matches, 1000);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf("trigger: %,d events of %d bytes, %,d matching (distinct customers), %d partitions; load %.2f%n",
                events, TriggerBenchHub.ENVELOPE_BYTES, matches, partitions, load);
        try (TriggerBenchHub h = TriggerBenchHub.start("hub.campaigns.dispatch.enabled=false");
             Admin admin = h.admin()) {
            h.customers(customers);
            String campaign = h.campaign("BENCH-TRIGGER", 5);
            int batchSize = h.hub.getBean(TriggersProperties.class).getBatchSize();
            h.recreateTopic(admin, partitions);

            long p0 = System.nanoTime();
            publish(h, events, share);
            double publishS = (System.nanoTime() - p0) / 1e9;
            long end = TriggerBenchHub.endOffsets(admin, h.topic, partitions);
            if (end != events) {
                throw new IllegalStateException("trigger: " + end + " records on " + h.topic + ", expected " + events);
            }
            System.out.printf("published %,d events in %.1f s (%,.0f/s, plain idempotent acks=all producer; not timed)%n",
                    events, publishS, events / publishS);

            System.gc();
            PeakHeap.reset();
            double[] cpu0 = CampaignPolicyBench.cpu(h.jdbc);
            long t0 = System.nanoTime();
            h.camel().getRouteController().startRoute(TriggerBenchHub.ROUTE);
            long committed = 0;
            long decided = 0;
            long lastPrint = t0;
            while (committed < events || decided < matches) {
                Thread.sleep(100);
                committed = TriggerBenchHub.committed(admin, h.group);
                decided = h.jdbc.queryForObject("SELECT count(*) FROM trigger_event WHERE campaign_id = ?", Long.class,
                        campaign);
                if (System.nanoTime() - lastPrint > 10e9) {
                    lastPrint = System.nanoTime();
                    System.out.printf("  %.0f s: %,d events committed, %,d matches decided%n", (lastPrint - t0) / 1e9,
                            committed, decided);
                }
                if (System.nanoTime() - t0 > Duration.ofMinutes(30).toNanos()) {
                    throw new IllegalStateException("trigger: after 30 minutes " + committed + " of " + events
                            + " committed, " + decided + " of " + matches + " matches decided");
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long peak = PeakHeap.peakMiB();
            double[] cpu1 = CampaignPolicyBench.cpu(h.jdbc);
            h.camel().getRouteController().stopRoute(TriggerBenchHub.ROUTE);

            Map<String, Long> outcomes = new TreeMap<>();
            h.jdbc.query("SELECT outcome, count(*) FROM trigger_event WHERE campaign_id = ? GROUP BY outcome",
                    (ResultSet rs) -> {
                        outcomes.put(rs.getString(1), rs.getLong(2));
                    }, campaign);
            Map<String, Long> contacts = new TreeMap<>();
            h.jdbc.query("SELECT status, count(*) FROM campaign_contact WHERE campaign_id = ? GROUP BY status",
                    (ResultSet rs) -> {
                        contacts.put(rs.getString(1), rs.getLong(2));
                    }, campaign);
            long rows = contacts.values().stream().mapToLong(Long::longValue).sum();
            long expired = outcomes.getOrDefault("EVENT_EXPIRED", 0L);
            if (rows + expired != matches) {
                throw new IllegalStateException("trigger: " + matches + " matching events but contacts " + contacts
                        + " and outcomes " + outcomes);
            }
            Long deadLetters = h.jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE route_id = ?", Long.class,
                    TriggerBenchHub.ROUTE);
            double rate = events / seconds;
            System.out.printf("hub: %,d events in %.1f s = %,.0f events/s end to end; %,d matches decided = %,.0f/s;"
                    + " outcomes %s, contacts %s, dead letters %d; peak heap %d MiB%n", events, seconds, rate, matches,
                    matches / seconds, outcomes, contacts, deadLetters, peak);
            System.out.printf("CPU while the route ran: JVM %.1f s + PostgreSQL %.1f s of %.1f s x %d cores%n",
                    cpu1[0] - cpu0[0], cpu1[1] - cpu0[1], seconds, Runtime.getRuntime().availableProcessors());

            double baseline = events / baseline(h, events, batchSize);
            System.out.printf("baseline (same run, afterwards): plain KafkaConsumer, %d records a poll, commit per poll,"
                    + " no handling: %,.0f events/s; the hub at %.0f%% of it%n", batchSize, baseline, 100 * rate / baseline);

            double[] steps = steps(h, 200_000);
            System.out.printf("JVM steps, one thread, per event (200,000 of the same envelopes): envelope parse %.2f µs,"
                    + " payload check %.2f µs, condition (SpEL) %.2f µs%n", steps[0], steps[1], steps[2]);

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("events", events);
            out.put("matching", matches);
            out.put("partitions", partitions);
            out.put("batch_size", batchSize);
            out.put("seconds", String.format("%.1f", seconds));
            out.put("events_per_s", Math.round(rate));
            out.put("matches_per_s", Math.round(matches / seconds));
            out.put("baseline_consumer_per_s", Math.round(baseline));
            out.put("vs_baseline_pct", Math.round(100 * rate / baseline));
            out.put("contacts", rows);
            out.put("expired", expired);
            out.put("cpu_jvm_s", String.format("%.1f", cpu1[0] - cpu0[0]));
            out.put("cpu_pg_s", String.format("%.1f", cpu1[1] - cpu0[1]));
            out.put("parse_us", String.format("%.2f", steps[0]));
            out.put("check_us", String.format("%.2f", steps[1]));
            out.put("condition_us", String.format("%.2f", steps[2]));
            out.put("peak_heap_mib", peak);
            out.put("load_avg", String.format("%.2f", load));
            return out;
        }
    }

    /** The i-th event: whether it matches spreads the matching ones evenly through the topic. */
    private static boolean matches(long i, double share) {
        return (long) Math.floor((i + 1) * share) > (long) Math.floor(i * share);
    }

    private static void publish(TriggerBenchHub h, long events, double share) throws Exception {
        Map<String, Object> pc = h.producerConfig();
        pc.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        pc.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long matching = (long) Math.floor(events * share);
        long others = Math.max(matching, 1000) * 2;
        CountDownLatch acked = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong open = new java.util.concurrent.atomic.AtomicLong(events);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc)) {
            long j = 0;
            long millis = 0;
            String time = null;
            for (long i = 0; i < events; i++) {
                long now = System.currentTimeMillis();
                if (now != millis) {
                    millis = now;
                    time = OffsetDateTime.now(ZoneOffset.UTC).toString();
                }
                String id = "ev-" + (100_000_000_000L + i);
                String msisdn;
                String value;
                if (matches(i, share)) {
                    msisdn = CampaignPolicyBench.msisdn(j++);
                    value = TriggerBenchHub.matching(i, id, msisdn, time);
                } else {
                    // about known and unknown customers alike: no condition reads the index
                    msisdn = CampaignPolicyBench.msisdn(Math.floorMod(i * 7919, others));
                    value = TriggerBenchHub.other(i, id, msisdn, time);
                }
                producer.send(new ProducerRecord<>(h.topic, msisdn, value), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    if (open.decrementAndGet() == 0) {
                        acked.countDown();
                    }
                });
            }
            acked.await();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("trigger: publishing failed", failure.get());
        }
    }

    /** Seconds a plain consumer takes to read the whole topic in a new group, committing after each poll. */
    private static double baseline(TriggerBenchHub h, long events, int maxPollRecords) {
        Map<String, Object> cc = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, h.bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-baseline-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        long seen = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cc)) {
            consumer.subscribe(List.of(h.topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < events) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("baseline consumer: only " + seen + " of " + events + " arrived");
                }
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(1000));
                for (ConsumerRecord<String, String> record : records) {
                    bytes += record.value().length();
                    seen++;
                }
                if (!records.isEmpty()) {
                    consumer.commitAsync();
                }
            }
            consumer.commitSync();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("baseline read %,d events, %d bytes each on average, in %.1f s%n", seen, bytes / Math.max(seen, 1),
                seconds);
        return seconds;
    }

    /**
     * Microseconds per event of the JVM's steps, one thread, on the bench's own envelopes (half matching): the
     * envelope read as the batch Kamelet reads it, the payload checked against its type, the condition tested. Run
     * three times; the last (warm) pass is answered.
     */
    private static double[] steps(TriggerBenchHub h, int n) throws Exception {
        String time = OffsetDateTime.now(ZoneOffset.UTC).toString();
        List<String> envelopes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String msisdn = CampaignPolicyBench.msisdn(i);
            envelopes.add(i % 2 == 0 ? TriggerBenchHub.matching(i, "m-" + i, msisdn, time)
                    : TriggerBenchHub.other(i, "o-" + i, msisdn, time));
        }
        EventTypes types = h.hub.getBean(EventTypes.class);
        TriggerCondition condition = TriggerCondition.compile(TriggerBenchHub.CONDITION, types.get("usage.threshold"));
        double[] us = new double[3];
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            HubEnvelopeReader reader = new HubEnvelopeReader();
            for (int round = 0; round < 3; round++) {
                List<HubMessage> messages = new ArrayList<>(n);
                long t0 = System.nanoTime();
                for (String e : envelopes) {
                    Exchange x = new DefaultExchange(camel);
                    x.getMessage().setBody(e.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    reader.process(x);
                    messages.add(x.getMessage().getBody(HubMessage.class));
                }
                long t1 = System.nanoTime();
                List<Map<String, Object>> values = new ArrayList<>(n);
                for (HubMessage m : messages) {
                    values.add(EventTypes.read(types.get(m.type()), m.payload()));
                }
                long t2 = System.nanoTime();
                int hits = 0;
                for (int i = 0; i < n; i++) {
                    if (messages.get(i).type().equals("usage.threshold") && condition.test(values.get(i))) {
                        hits++;
                    }
                }
                long t3 = System.nanoTime();
                if (hits < n / 2) {
                    throw new IllegalStateException("trigger: the condition met " + hits + " of " + n / 2 + " matching events");
                }
                us = new double[] {(t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / n};
            }
        }
        return us;
    }
}
