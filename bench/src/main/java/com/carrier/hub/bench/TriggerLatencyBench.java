package com.carrier.hub.bench;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.LoggerFactory;

import com.carrier.hub.simulators.smsc.SmscSimulator;

import ch.qos.logback.classic.Level;

/**
 * Triggered campaigns' latency (issue 17): the sandbox hub in this JVM ({@link TriggerBenchHub}) with dispatch on, the
 * SMSC simulator's licence (and the SMS connector's licensed rate) well above the event rate, one RUNNING triggered
 * campaign without a control group. Matching events are published at {@code --rate} a second for {@code --seconds},
 * each about a distinct customer of the index, by a plain producer (acks=all, Kafka's default linger); an event's
 * latency runs from just before its {@code producer.send} to the SMSC simulator's receipt of its submit_sm (the
 * simulator stamps each PDU as it is read off the socket; same JVM, same {@link System#nanoTime()}), matched by
 * destination MSISDN. Publish → consume → condition → contact policy → contact row → dispatch round woken → submit_sm.
 * Before the measured events, {@code --warmup} seconds of events at the same rate about other customers run the same
 * path unmeasured, so the figures are of a hub whose JIT has compiled it, as one in production has; the bench then
 * reports the CPU the measured events cost (JVM and PostgreSQL), by thread.
 */
public class TriggerLatencyBench implements BenchScenario {

    @Override
    public String name() {
        return "trigger-latency";
    }

    @Override
    public String usage() {
        return "matching events published at a steady rate, each one's time from producer.send to its submit_sm at the"
                + " SMSC simulator: --rate 2000 --seconds 60 [--warmup 20: seconds of events at the rate before, not measured]";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
        int rate = options.getInt("rate", 2000);
        int seconds = options.getInt("seconds", 60);
        int n = Math.multiplyExact(rate, seconds);
        int licence = Math.max(2 * rate, 1000);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf("trigger-latency: %,d matching events at %,d/s for %d s; SMSC licence %,d/s; load %.2f%n", n, rate,
                seconds, licence, load);
        try (TriggerBenchHub h = TriggerBenchHub.start("hub.campaigns.dispatch.enabled=true",
                "hub.connectors.sms.licensed-rate=" + licence)) {
            SmscSimulator smsc = h.smsc();
            smsc.licensedRate(licence).recordSubmits(true);
            int warmSeconds = options.getInt("warmup", 20);
            int warm = Math.multiplyExact(rate, warmSeconds);
            h.customers(n + warm);
            String campaign = h.campaign("BENCH-TRLAT", 0);
            if (warm > 0) {
                // a hub in production has run its code paths for days: the JIT compiles them during the first
                // seconds of load, which is start-up, not latency. Other customers than the measured ones.
                long before = smsc.acceptedSubmits();
                long t0 = System.nanoTime();
                AtomicReference<Exception> failure = new AtomicReference<>();
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(h.producerConfig())) {
                    publish(h, producer, n, warm, rate, "warm-", new long[n + warm], new long[n + warm], new HashMap<>(),
                            failure);
                }
                long last = before;
                long lastChange = System.nanoTime();
                while (smsc.acceptedSubmits() - before < warm && System.nanoTime() - lastChange < 30_000_000_000L) {
                    Thread.sleep(200);
                    if (smsc.acceptedSubmits() != last) {
                        last = smsc.acceptedSubmits();
                        lastChange = System.nanoTime();
                    }
                }
                System.out.printf("warm-up (not measured): %,d events at %,d/s, %,d sent in %.1f s%n", warm, rate,
                        smsc.acceptedSubmits() - before, (System.nanoTime() - t0) / 1e9);
            }
            long submitsBefore = smsc.submits().size();
            long acceptedBefore = smsc.acceptedSubmits();
            double[] cpu0 = CampaignPolicyBench.cpu(h.jdbc);
            Map<String, Long> threads0 = threadCpu();

            long[] sentNanos = new long[n];
            long[] sentMillis = new long[n];
            AtomicReference<Exception> failure = new AtomicReference<>();
            Map<String, Integer> index = new HashMap<>(n * 2);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(h.producerConfig())) {
                // the topic's metadata and the connection in place before the clock runs
                producer.partitionsFor(h.topic);
                double t = publish(h, producer, 0, n, rate, "lat-", sentNanos, sentMillis, index, failure);
                System.out.printf("published %,d events in %.1f s%n", n, t);
            }
            if (failure.get() != null) {
                throw new IllegalStateException("trigger-latency: publishing failed", failure.get());
            }

            // wait for the last submits: until all arrived, or nothing new for 30 s
            long[] arrived = new long[n];
            Arrays.fill(arrived, -1);
            // progress by the simulator's counter (copying its list of submits every poll would cost the hub CPU)
            long count = 0;
            long lastChange = System.nanoTime();
            int polls = 0;
            while (count < n && System.nanoTime() - lastChange < Duration.ofSeconds(30).toNanos()) {
                Thread.sleep(200);
                long now = smsc.acceptedSubmits() - acceptedBefore;
                if (now != count) {
                    count = now;
                    lastChange = System.nanoTime();
                }
                if (++polls % 25 == 0) {
                    System.out.printf("  %,d of %,d submit_sm arrived%n", count, n);
                }
            }
            double[] cpu1 = CampaignPolicyBench.cpu(h.jdbc);
            Map<String, Long> threads1 = threadCpu();
            System.out.println("the JVM's threads by CPU while the measured events ran (pools added up):");
            threads0.forEach((k, v) -> threads1.merge(k, -v, Long::sum));
            threads1.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(16)
                    .forEach(e -> System.out.printf("  %-70s %6.1f s%n", e.getKey(), e.getValue() / 1e9));
            // in the bench's JVM: the hub, and also the in-JVM broker, the producer and the SMSC simulator
            System.out.printf("CPU from the first event to the last submit_sm: JVM %.1f s + PostgreSQL %.1f s"
                    + " (%.0f + %.0f µs an event)%n", cpu1[0] - cpu0[0], cpu1[1] - cpu0[1],
                    (cpu1[0] - cpu0[0]) * 1e6 / n, (cpu1[1] - cpu0[1]) * 1e6 / n);
            for (SmscSimulator.Submit s : smsc.submits()) {
                Integer i = index.get(s.destination());
                if (i != null && s.accepted() && (arrived[i] < 0 || s.receivedNanos() < arrived[i])) {
                    arrived[i] = s.receivedNanos();
                }
            }
            // where the time goes: publish → the start of the transaction that decided the event (trigger_event.decided_at
            // is its now(), the database's clock on this machine), then → submit_sm
            long[] decided = h.jdbc.query("SELECT message_id, decided_at FROM trigger_event WHERE campaign_id = ? AND message_id LIKE 'lat-%'",
                    (java.sql.ResultSet rs) -> {
                        long[] d = new long[n];
                        Arrays.fill(d, -1);
                        while (rs.next()) {
                            int i = Integer.parseInt(rs.getString(1).substring("lat-".length())) - 100_000_000;
                            d[i] = rs.getTimestamp(2).getTime() - sentMillis[i];
                        }
                        return d;
                    }, campaign);
            long[] toDecided = Arrays.stream(decided).filter(d -> d >= 0).sorted().toArray();
            if (toDecided.length > 0) {
                System.out.printf("publish → deciding transaction began: p50 %d ms, p99 %d ms, max %d ms (%,d decided)%n",
                        toDecided[(toDecided.length - 1) / 2], toDecided[(int) ((toDecided.length - 1) * 0.99)],
                        toDecided[toDecided.length - 1], toDecided.length);
            }
            long[] latencies = Arrays.stream(indices(n)).filter(i -> arrived[i] >= 0)
                    .mapToLong(i -> arrived[i] - sentNanos[i]).sorted().toArray();
            long missing = n - latencies.length;
            Long statuses = h.jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?"
                    + " AND status = 'SENT'", Long.class, campaign);
            if (latencies.length == 0) {
                throw new IllegalStateException("trigger-latency: no submit_sm arrived of " + n);
            }
            double p50 = latencies[(int) ((latencies.length - 1) * 0.50)] / 1e6;
            double p99 = latencies[(int) ((latencies.length - 1) * 0.99)] / 1e6;
            double max = latencies[latencies.length - 1] / 1e6;
            System.out.printf("latency publish → submit_sm: p50 %.0f ms, p99 %.0f ms, max %.0f ms; %,d arrived, %,d never"
                    + " (contacts SENT: %,d; submit_sm before the run: %d)%n", p50, p99, max, latencies.length, missing,
                    statuses, submitsBefore);

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rate", rate);
            out.put("seconds", seconds);
            out.put("warmup_s", warmSeconds);
            out.put("events", n);
            out.put("arrived", latencies.length);
            out.put("never_arrived", missing);
            out.put("p50_ms", Math.round(p50));
            out.put("p99_ms", Math.round(p99));
            out.put("max_ms", Math.round(max));
            out.put("decided_p50_ms", toDecided.length == 0 ? -1 : toDecided[(toDecided.length - 1) / 2]);
            out.put("decided_p99_ms", toDecided.length == 0 ? -1 : toDecided[(int) ((toDecided.length - 1) * 0.99)]);
            out.put("cpu_jvm_s", String.format("%.1f", cpu1[0] - cpu0[0]));
            out.put("cpu_pg_s", String.format("%.1f", cpu1[1] - cpu0[1]));
            out.put("smsc_licence_per_s", licence);
            out.put("load_avg", String.format("%.2f", load));
            return out;
        }
    }

    /**
     * Publishes events {@code from}..{@code from + count - 1} (customer i, message id prefix + i) at {@code rate} a
     * second, stamping each one's send time; answers the seconds it took.
     */
    private static double publish(TriggerBenchHub h, KafkaProducer<String, String> producer, int from, int count, int rate,
                                  String prefix, long[] sentNanos, long[] sentMillis, Map<String, Integer> index,
                                  AtomicReference<Exception> failure) {
        long t0 = System.nanoTime();
        long period = 1_000_000_000L / rate;
        for (int k = 0; k < count; k++) {
            int i = from + k;
            long wait = t0 + k * period - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String msisdn = CampaignPolicyBench.msisdn(i);
            index.put(msisdn, i);
            String value = TriggerBenchHub.matching(i, prefix + (100_000_000L + i), msisdn,
                    OffsetDateTime.now(ZoneOffset.UTC).toString());
            sentMillis[i] = System.currentTimeMillis();
            sentNanos[i] = System.nanoTime();
            producer.send(new ProducerRecord<>(h.topic, msisdn, value), (md, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        producer.flush();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** CPU time of the JVM's live threads by name, digits folded (threads of one pool add up). */
    private static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = mx.getThreadInfo(id);
            long cpu = mx.getThreadCpuTime(id);
            if (info != null && cpu > 0) {
                out.merge(info.getThreadName().replaceAll("\\d+", "N"), cpu, Long::sum);
            }
        }
        // wall time, not CPU, but it says whether collection or compilation took a share
        long gc = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
        out.put("(garbage collection, wall)", gc * 1_000_000);
        out.put("(JIT compilation, wall)", java.lang.management.ManagementFactory.getCompilationMXBean()
                .getTotalCompilationTime() * 1_000_000);
        return out;
    }

    private static int[] indices(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return all;
    }
}
