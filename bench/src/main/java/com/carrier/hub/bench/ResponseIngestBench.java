package com.carrier.hub.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.runtime.events.HubEvents;
import com.carrier.hub.runtime.events.HubEventsProperties;
import com.carrier.hub.runtime.ledger.LedgerProperties;
import com.carrier.hub.runtime.ledger.ResponseCorrelator;
import com.carrier.hub.runtime.responses.JdbcResponseEventStore;

import ch.qos.logback.classic.Level;

/**
 * Response ingest (issue 7 "Performance"): N mixed response events appended through the hub's own response-event
 * store (one transaction per batch, as the connectors do) by two writer threads while the hub's own correlator links
 * them to M campaign contacts, until every event has its ledger row. Mix: 40% receipts naming campaign and customer,
 * 10% early receipts by SMS message id only, 20% SMS replies by MSISDN, 20% portal clicks, 5% MM downloads, 5% events
 * of unknown customers (kept UNMATCHED). Figures: events/s durably stored, and events/s stored and correlated.
 */
public class ResponseIngestBench implements BenchScenario {

    private static final String CAMPAIGN = "BENCH-RESP";
    private static final int BATCH = 2_000;
    private static final int WRITERS = 2;

    @Override
    public String name() {
        return "response-ingest";
    }

    @Override
    public String usage() {
        return "N mixed response events stored through the response-event store and correlated to M contacts by the "
                + "ledger; --events N (5000000) --contacts M (1000000) [--rewrite-batched-inserts: the driver rewrites JDBC batches as multi-row INSERTs; the store sends each batch of events as one statement already, so this only touches opt-outs]";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        long n = options.getLong("events", 5_000_000);
        long m = options.getLong("contacts", 1_000_000);
        long wall0 = System.nanoTime();
        boolean rewrite = options.has("rewrite-batched-inserts");
        try (LedgerBenchDatabase db = new LedgerBenchDatabase(rewrite)) {
            JdbcTemplate jdbc = new JdbcTemplate(db.ds);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.ds));
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            jdbc.update("""
                    INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent,
                                          response_window_days, definition)
                    VALUES (?, 'ingest benchmark', 'PROMOTION', 'P1', 'RUNNING', ?, ?, 5, 7,
                            '{"acceptKeywords":["Y","1"],"autoOrder":false}'::jsonb)""",
                    CAMPAIGN, java.sql.Timestamp.from(now.minus(Duration.ofDays(2))),
                    java.sql.Timestamp.from(now.plus(Duration.ofDays(30))));
            String decided = now.minus(Duration.ofDays(1)).toString();
            db.load("campaign_contact", "campaign_contact (campaign_id, msisdn, segment, grp, channel, status, message_ids,"
                    + " decided_at, contacted_at)", m, (i, row) -> {
                        row.append(CAMPAIGN).append('\t').append(LedgerBenchDatabase.msisdn(i)).append("\tS").append(i % 10);
                        if (i % 20 == 0) {
                            row.append("\tC\t\\N\tCONTROL\t\\N\t").append(decided).append("\t\\N");
                        } else {
                            row.append("\tT\t").append(i % 4 == 3 ? "PORTAL" : "SMS").append("\tSENT\t{m").append(i).append("}\t")
                                    .append(decided).append('\t').append(now.minus(Duration.ofHours(20)).plusSeconds(i % 3600));
                        }
                    });

            LedgerProperties props = new LedgerProperties();
            ResponseCorrelator correlator = new ResponseCorrelator(jdbc, tx, props, new HubEvents(jdbc, new HubEventsProperties()));
            JdbcResponseEventStore store = new JdbcResponseEventStore(jdbc, tx.getTransactionManager());
            long mult = coprime(m);

            System.gc();
            PeakHeap.reset();
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
            long t0 = System.nanoTime();
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    List<ResponseEvent> batch = new ArrayList<>(BATCH);
                    for (long k = writer; k < n; k += WRITERS) {
                        batch.add(event(k, Math.floorMod(k * mult, m), now));
                        if (batch.size() == BATCH) {
                            List<ResponseEvent> b = batch;
                            tx.executeWithoutResult(s -> store.append(b));
                            batch = new ArrayList<>(BATCH);
                        }
                    }
                    if (!batch.isEmpty()) {
                        List<ResponseEvent> b = batch;
                        tx.executeWithoutResult(s -> store.append(b));
                    }
                    return null;
                }));
            }
            Future<long[]> correlating = pool.submit(() -> {
                long passes = 0;
                while (true) {
                    boolean last = !writing.get();
                    correlator.correlate();
                    passes++;
                    if (last) {
                        return new long[] {passes};
                    }
                }
            });
            for (Future<?> w : writers) {
                w.get();
            }
            long t1 = System.nanoTime();
            writing.set(false);
            long passes = correlating.get()[0];
            long t2 = System.nanoTime();
            pool.shutdown();
            long peak = PeakHeap.peakMiB();

            long stored = jdbc.queryForObject("SELECT count(*) FROM response_event", Long.class);
            long ledger = jdbc.queryForObject("SELECT count(*) FROM response_attribution", Long.class);
            Map<String, Long> outcomes = new TreeMap<>();
            jdbc.query("SELECT outcome, count(*) FROM response_attribution GROUP BY 1", rs -> {
                outcomes.put(rs.getString(1), rs.getLong(2));
            });
            if (stored != n || ledger != n) {
                throw new IllegalStateException("response-ingest: " + n + " events sent, " + stored + " stored, " + ledger
                        + " in the ledger");
            }
            double storeSeconds = (t1 - t0) / 1e9;
            double totalSeconds = (t2 - t0) / 1e9;
            System.out.printf("outcomes: %s%n", outcomes);
            System.out.printf("stored %,d events in %.1f s = %,.0f events/s (%d writers, %d a transaction)%n", n, storeSeconds,
                    n / storeSeconds, WRITERS, BATCH);
            System.out.printf("stored and correlated %,d events in %.1f s = %,.0f events/s (%d correlation passes); peak heap %d MiB%n",
                    n, totalSeconds, n / totalSeconds, passes, peak);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("events", n);
            out.put("contacts", m);
            out.put("rewrite_batched_inserts", rewrite);
            out.put("stored_per_s", Math.round(n / storeSeconds));
            out.put("correlated_per_s", Math.round(n / totalSeconds));
            out.put("store_s", String.format("%.1f", storeSeconds));
            out.put("stored_and_correlated_s", String.format("%.1f", totalSeconds));
            out.put("attributed", outcomes.getOrDefault("ATTRIBUTED", 0L));
            out.put("unmatched", outcomes.getOrDefault("UNMATCHED", 0L));
            out.put("peak_heap_mib", peak);
            out.put("wall_s", String.format("%.1f", (System.nanoTime() - wall0) / 1e9));
            return out;
        }
    }

    /** Event k about contact i (a scattered permutation of the contacts). */
    private static ResponseEvent event(long k, long i, Instant now) {
        String msisdn = LedgerBenchDatabase.msisdn(i);
        Instant at = now.minus(Duration.ofHours(19)).plusSeconds(k % 60_000);
        int kind = (int) (k % 20);
        String id = "e" + k;
        if (kind < 8) {
            return new ResponseEvent("sms", id, "SMS", ResponseEvent.Type.DELIVERED, msisdn, CAMPAIGN,
                    "m" + i, at, "stat:DELIVRD err:000");
        } else if (kind < 10) {
            return new ResponseEvent("sms", id, "SMS", ResponseEvent.Type.DELIVERED, null, null,
                    "m" + i, at, "unmatched stat:DELIVRD err:000");
        } else if (kind < 14) {
            return new ResponseEvent("sms", id, "SMS", ResponseEvent.Type.REPLIED, msisdn, null,
                    "10658001", at, kind == 10 ? "Y" : "how much?");
        } else if (kind < 18) {
            return new ResponseEvent("portal", id, "PORTAL", ResponseEvent.Type.CLICKED, msisdn,
                    CAMPAIGN, CAMPAIGN + ":" + msisdn, at, null);
        } else if (kind == 18) {
            return new ResponseEvent("mmstore", id, "MM", ResponseEvent.Type.DOWNLOADED, msisdn,
                    CAMPAIGN, "app-1", at, null);
        }
        return new ResponseEvent("mmstore", id, "MM", ResponseEvent.Type.DOWNLOADED,
                LedgerBenchDatabase.msisdn(50_000_000 + k), CAMPAIGN, "app-1", at, null);
    }

    static long coprime(long n) {
        long m = 7919;
        while (java.math.BigInteger.valueOf(m).gcd(java.math.BigInteger.valueOf(n)).longValue() != 1) {
            m++;
        }
        return m;
    }
}
