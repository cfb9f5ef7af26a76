package com.carrier.hub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.campaign.ContactPolicy;
import com.carrier.hub.runtime.campaign.TargetListService;
import com.carrier.hub.runtime.campaign.TargetRow;
import com.carrier.hub.runtime.campaign.dispatch.ContactStore;
import com.carrier.hub.runtime.events.HubEvents;
import com.carrier.hub.runtime.events.HubEventsProperties;
import com.carrier.hub.runtime.touchpoints.ChannelPreferences;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariDataSource;

import ch.qos.logback.classic.Level;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The campaign contact policy over a full-size customer base (PEERS.md §7.2, issue 6 "Performance"): a customer index
 * of N, a blacklist of N/10, 2N contact-history rows (20 earlier campaigns over the last 30 days) and N holdings,
 * generated and loaded by COPY (not timed, reported apart); then an N-row target list is landed through the shipped
 * {@link TargetListService} and {@link ContactPolicy} (the hub's own classes and Flyway schema, one transaction, normal
 * durability) and timed until every row is decided and the contacts are queued (PENDING) in campaign_contact.
 * <p>
 * The database is a dedicated embedded PostgreSQL 17 (not the test kit's shared one) with production-like memory:
 * shared_buffers 1 GB, max_wal_size 16 GB and checkpoint_timeout 30 min (so a 10M load does not checkpoint every
 * minute); fsync on, synchronous_commit on. Only the fixture sessions set synchronous_commit off and
 * maintenance_work_mem 1 GB, and load each table with its indexes dropped and rebuilt after. The prepared base ends
 * with a CHECKPOINT: the timed stages then write WAL into segments the server recycles (min_wal_size 4 GB), as a
 * running server does, instead of creating and zero-filling each new 16 MB segment while the list waits, as only a new
 * cluster must (a third of what the COPY backends waited for, 5–7 s of a 10M list). The WAL each stage wrote is
 * printed.
 */
public class CampaignPolicyBench implements BenchScenario {

    private static final long BASE = 13_000_000_000L;
    private static final String CAMPAIGN = "BENCH-POLICY";
    private static final String LIST = "L-BENCH";
    private static final int PRODUCTS = 20;
    private static final int HISTORY_CAMPAIGNS = 20;

    @Override
    public String name() {
        return "campaign-policy";
    }

    @Override
    public String usage() {
        return "target list of N through staging + contact policy into queued contacts, over N customers, N/10 blacklist, "
                + "2N contact history, N holdings; --customers N (1000000); run with BENCH_JAVA_OPTS=-Xmx1g";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        // how long the policy's lists take to read, and whether that overlapped the staging
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ContactPolicy.class)).setLevel(Level.INFO);
        long n = options.getLong("customers", 1_000_000);
        long wall0 = System.nanoTime();
        try (EmbeddedPostgres pg = BenchPostgres.start()) {
            try (HikariDataSource ds = BenchPostgres.migrated(pg, 4)) {
                long p0 = System.nanoTime();
                prepare(ds, n);
                double prepSeconds = (System.nanoTime() - p0) / 1e9;
                System.out.printf("prepared %,d customers, %,d blacklist, %,d contact history, %,d holdings in %.1f s%n",
                        n, n / 10, 2 * n, n, prepSeconds);
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT");
                }

                ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
                JdbcTemplate jdbc = new JdbcTemplate(ds);
                TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
                CampaignRepository campaigns = new CampaignRepository(jdbc, json, new HubEvents(jdbc, new HubEventsProperties()));
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                CampaignDefinition definition = new CampaignDefinition(CAMPAIGN, "policy benchmark", "TARIFF", "P00",
                        List.of("SMS", "PORTAL"), Map.of("SMS", Map.of("text", "Hi ${name}"),
                        "PORTAL", Map.of("title", "Offer", "body", "For ${name}", "url", "https://portal/x")),
                        "10658001", now.minusDays(1), now.plusDays(30), null, 5.0, null, null, null, null, null, null, null).withDefaults();
                campaigns.insert(definition, CampaignStatus.RUNNING, "bench");
                TimedPolicy policy = new TimedPolicy(jdbc, new ChannelPreferences(),
                        new DefaultListableBeanFactory().getBeanProvider(AppCatalog.class), json, () -> cpu(jdbc));
                TargetListService lists = new TargetListService(campaigns, policy, jdbc, tx);

                System.gc();
                PeakHeap.reset();
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                double[] cpu0 = cpu(jdbc);
                long wal0 = wal(jdbc);
                long t0 = System.nanoTime();
                TargetListService.ListResult result = lists.accept(CAMPAIGN, LIST, targetList(n));
                long t1 = System.nanoTime();
                double[] cpu1 = cpu(jdbc);
                long peak = PeakHeap.peakMiB();
                double seconds = (t1 - t0) / 1e9;
                double stageSeconds = (policy.started - t0) / 1e9;
                double policySeconds = (policy.finished - policy.started) / 1e9;
                double commitSeconds = (t1 - policy.finished) / 1e9;

                Map<String, Long> contacts = new TreeMap<>();
                jdbc.query("SELECT status, count(*) FROM campaign_contact WHERE campaign_id = ? GROUP BY status",
                        (ResultSet rs) -> {
                            contacts.put(rs.getString(1), rs.getLong(2));
                        }, CAMPAIGN);
                long coded = jdbc.queryForObject("SELECT count(*) FROM campaign_target WHERE campaign_id = ? AND code IS NOT NULL",
                        Long.class, CAMPAIGN);
                long decided = contacts.values().stream().mapToLong(Long::longValue).sum();
                if (decided + coded != n || result.rows() != n) {
                    throw new IllegalStateException("campaign-policy: " + n + " rows landed but " + decided + " decided and "
                            + coded + " coded at staging (result " + result + ")");
                }
                System.out.printf("outcomes: %s%n", result.byOutcome());
                System.out.printf("contacts by status: %s (+ %,d coded at staging)%n", contacts, coded);
                System.out.printf("staging %,d rows (COPY, step-1 codes): %.1f s = %,.0f rows/s%n", n, stageSeconds, n / stageSeconds);
                System.out.printf("policy stage: %,d customers decided and written in %.1f s = %,.0f customers/s%n",
                        policy.decided, policySeconds, policy.decided / policySeconds);
                System.out.printf("commit %.1f s; list landed to contacts queued: %.1f s; peak heap %d MiB%n", commitSeconds,
                        seconds, peak);
                // On a shared machine wall time depends on the neighbours; CPU seconds spent are what the work costs.
                System.out.printf("CPU used: staging JVM %.1f s + PostgreSQL %.1f s; policy JVM %.1f s + PostgreSQL %.1f s"
                                + " (load average %.1f on %d cores when the list landed)%n",
                        policy.cpuStart[0] - cpu0[0], policy.cpuStart[1] - cpu0[1], policy.cpuEnd[0] - policy.cpuStart[0],
                        policy.cpuEnd[1] - policy.cpuStart[1], load, Runtime.getRuntime().availableProcessors());
                System.out.printf("WAL written: staging %,d MiB, policy %,d MiB%n", (policy.walStart - wal0) >> 20,
                        (policy.walEnd - policy.walStart) >> 20);

                if (options.has("explain")) {
                    explain(ds, campaigns.find(CAMPAIGN).orElseThrow());
                }

                Map<String, Object> out = new LinkedHashMap<>();
                out.put("customers", n);
                out.put("prepare_s", String.format("%.1f", prepSeconds));
                out.put("staging_s", String.format("%.1f", stageSeconds));
                out.put("policy_s", String.format("%.1f", policySeconds));
                out.put("policy_customers_per_s", Math.round(policy.decided / policySeconds));
                out.put("list_to_queued_s", String.format("%.1f", seconds));
                out.put("queued", contacts.getOrDefault("PENDING", 0L));
                out.put("peak_heap_mib", peak);
                out.put("policy_cpu_jvm_s", String.format("%.1f", policy.cpuEnd[0] - policy.cpuStart[0]));
                out.put("policy_cpu_pg_s", String.format("%.1f", policy.cpuEnd[1] - policy.cpuStart[1]));
                out.put("policy_wal_mib", (policy.walEnd - policy.walStart) >> 20);
                out.put("load_avg", String.format("%.1f", load));
                out.put("wall_s", String.format("%.1f", (System.nanoTime() - wall0) / 1e9));
                return out;
            }
        }
    }

    /** The shipped policy, with the time (and the CPU seconds used so far) when its stage starts and ends. */
    static final class TimedPolicy extends ContactPolicy {
        private final java.util.function.Supplier<double[]> cpu;
        volatile long started;
        volatile long finished;
        volatile long decided;
        volatile double[] cpuStart;
        volatile double[] cpuEnd;
        volatile long walStart;
        volatile long walEnd;
        private final JdbcTemplate jdbc;

        TimedPolicy(JdbcTemplate jdbc, ChannelPreferences preferences,
                    org.springframework.beans.factory.ObjectProvider<AppCatalog> apps, ObjectMapper json,
                    java.util.function.Supplier<double[]> cpu) {
            super(jdbc, preferences, apps, json, new HubEvents(jdbc, new HubEventsProperties()));
            this.cpu = cpu;
            this.jdbc = jdbc;
        }

        @Override
        public Decisions decide(Campaign campaign, String listId, Instant now) {
            cpuStart = cpu.get();
            walStart = wal(jdbc);
            started = System.nanoTime();
            Decisions d = super.decide(campaign, listId, now);
            finished = System.nanoTime();
            cpuEnd = cpu.get();
            walEnd = wal(jdbc);
            decided = d.decided();
            return d;
        }
    }

    /** The server's WAL position, in bytes. */
    static long wal(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT pg_current_wal_lsn() - '0/0'", Long.class);
    }

    /**
     * CPU seconds used so far by this JVM and by the PostgreSQL server's processes (from /proc; 0 where unreadable),
     * read on a connection of its own.
     */
    static double[] cpu(JdbcTemplate jdbc) {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        double pg = 0;
        for (Integer pid : jdbc.queryForList("SELECT pid FROM pg_stat_activity", Integer.class)) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid.toString(), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                pg += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
            } catch (IOException | RuntimeException e) {
                // not on Linux, or the process ended: its share is not counted
            }
        }
        return new double[] {jvm, pg};
    }

    /** --explain: the policy's facts query, as run, with its plan and timings (campaign contacts removed, rolled back). */
    private static void explain(HikariDataSource ds, Campaign campaign) throws Exception {
        java.lang.reflect.Method m = ContactPolicy.class.getDeclaredMethod("facts");
        m.setAccessible(true);
        String facts = (String) m.invoke(null); // the query of a list decided whole (a large one is decided in parts)
        Instant now = Instant.now();
        java.time.LocalDate today = now.atZone(HubTime.ZONE).toLocalDate();
        Instant dayStart = today.atStartOfDay(HubTime.ZONE).toInstant();
        Instant weekStart = today.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY))
                .atStartOfDay(HubTime.ZONE).toInstant();
        Instant similar = now.minus(7, ChronoUnit.DAYS);
        // the rows a dispatch claim takes first (ContactStore.claim): must not read the decided list whole
        try (Connection c = ds.getConnection();
             var ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + ContactStore.CLAIMABLE)) {
            Object[] args = {CAMPAIGN, "SMS", 500, CAMPAIGN, "SMS", 500, 500};
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                System.out.println("dispatch claim:");
                while (rs.next()) {
                    System.out.println("  " + rs.getString(1));
                }
            }
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM campaign_contact WHERE campaign_id = '" + CAMPAIGN + "'");
                s.execute("SET LOCAL work_mem = '256MB'");
            }
            try (var ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + facts)) {
                Object[] args = {ts(dayStart), ts(weekStart), ts(similar), CAMPAIGN, "P00", "TARIFF", ts(dayStart), ts(weekStart),
                        ts(similar), "P00", "G-DATA", "P00", "G-DATA", CAMPAIGN, LIST};
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        System.out.println("  " + rs.getString(1));
                    }
                }
            }
            c.rollback();
        }
    }

    private static java.sql.Timestamp ts(Instant i) {
        return java.sql.Timestamp.from(i);
    }

    static String msisdn(long i) {
        return Long.toString(BASE + i);
    }

    /** A multiplier coprime with n: i -> i * m mod n is then a permutation of 0..n-1. */
    static long coprime(long n, long start) {
        long m = start;
        while (!BigInteger.valueOf(m).gcd(BigInteger.valueOf(n)).equals(BigInteger.ONE)) {
            m++;
        }
        return m;
    }

    /**
     * The list, in a scattered order: 97.8% customers of the index, 2% unknown numbers, 0.1% malformed, 0.1% repeats
     * of the line before. Generated lazily, each line parsed as a §2.1 line would be.
     */
    static Iterator<TargetRow> targetList(long n) {
        long m = coprime(n, 2_654_435_761L % n == 0 ? 7919 : 2_654_435_761L % n);
        return new Iterator<>() {
            long k;
            String previous = msisdn(0);

            @Override
            public boolean hasNext() {
                return k < n;
            }

            @Override
            public TargetRow next() {
                if (k >= n) {
                    throw new NoSuchElementException();
                }
                String number;
                if (k % 1000 == 999) {
                    number = "1234567";
                } else if (k % 1000 == 998) {
                    number = previous;
                } else if (k % 50 == 7) {
                    number = Long.toString(14_000_000_000L + k);
                } else {
                    number = msisdn(Math.floorMod(k * m, n));
                }
                previous = number;
                k++;
                return TargetRow.parse(k, number + "|S" + (k % 10) + "|0." + (k % 100) + "|A" + (k % 7) + "||");
            }
        };
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    static void prepare(HikariDataSource ds, long n) throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = off");
                s.execute("SET maintenance_work_mem = '1GB'");
                for (int p = 0; p < PRODUCTS; p++) {
                    s.execute(String.format("INSERT INTO product (product_id, name, type, price_fen, status, exclusive_group)"
                            + " VALUES ('P%02d', 'Product %d', '%s', %d, 1, %s)", p, p, p % 2 == 0 ? "DATA" : "VOICE", 1000 + p,
                            p < 3 ? "'G-DATA'" : "NULL"));
                }
                for (int h = 0; h < HISTORY_CAMPAIGNS; h++) {
                    // H00 and H01 offered the same product (RECENT_SIMILAR by product), H02-H04 were TARIFF (by type).
                    s.execute(String.format("INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at,"
                            + " control_percent, response_window_days, definition) VALUES ('H%02d', 'history %d', '%s', '%s',"
                            + " 'COMPLETED', now() - interval '40 days', now(), 5, 7, '{}'::jsonb)", h, h,
                            h >= 2 && h <= 4 ? "TARIFF" : "PROMOTION", h < 2 ? "P00" : String.format("P%02d", 5 + h % 10)));
                }
            }
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            timed("customer", c, n, "customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                    + " open_date, arpu_3m_fen, customer_class, update_time, deleted)", (i, row) -> row
                    .append(msisdn(i)).append("\tC").append(i).append("\t客户").append(i % 1000).append('\t')
                    .append(i % 3 == 0 ? "GOTONE" : i % 3 == 1 ? "MZONE" : "EASYOWN").append("\t0").append(571 + i % 11)
                    .append("\tP100\t").append(i % 40 == 5 ? 2 : 1).append("\tHUAWEI Mate60\t2020-01-01\t").append(i % 20_000)
                    .append('\t').append(1 + i % 5).append('\t').append(now).append('\t').append(i % 200 == 11 ? 't' : 'f'));
            timed("blacklist", c, n / 10, "blacklist (msisdn, reason, source)",
                    (b, row) -> row.append(msisdn(10 * b + 3)).append("\tcomplaint\tBOSS"));
            timed("greylist", c, n / 100, "greylist (msisdn, allowed_channels, source)",
                    (g, row) -> row.append(msisdn(100 * g + 17)).append("\t{PORTAL}\tOPS"));
            timed("channel_optout", c, n / 50, "channel_optout (msisdn, channel, source)",
                    (o, row) -> row.append(msisdn(50 * o + 29)).append("\tSMS\tSMS"));
            // One product each: P00 (the offer: HOLDS_PRODUCT) 5%, P01/P02 (its exclusive group: EXCLUSIVE_CONFLICT) 10%.
            timed("holding", c, n, "holding (msisdn, product_id, effective_time)",
                    (i, row) -> row.append(msisdn(i)).append("\tP").append(String.format("%02d", (i * 7) % PRODUCTS))
                            .append('\t').append(now));
            // 2N rows: campaign H(r / (N/10)), each contacting N/10 distinct customers on one day of the last 30 (H00 and
            // H10 today, H01/H11 three days ago, H02/H12 six: about 30% of the history is inside the 7-day windows).
            long perCampaign = Math.max(1, n / 10);
            long m = coprime(n, 7919);
            Instant base = Instant.parse(now);
            timed("campaign_contact", c, 2 * n, "campaign_contact (campaign_id, msisdn, list_id, grp, channel, status, decided_at,"
                    + " contacted_at, updated_at, sent_by)", (r, row) -> {
                        long h = Math.min(HISTORY_CAMPAIGNS - 1, r / perCampaign);
                        String at = base.minusSeconds((h * 3 % 30) * 86_400L + 60 + r % 36_000).toString();
                        row.append(String.format("H%02d", h))
                                .append('\t').append(msisdn(Math.floorMod(r * m, n))).append("\tL1\tT\t")
                                .append(r % 5 == 0 ? "PORTAL" : "SMS").append("\tSENT\t").append(at).append('\t').append(at)
                                .append('\t').append(at).append("\tbench");
                    });
        }
    }

    static void timed(String table, Connection c, long rows, String target, BenchCopy.Row generator) throws Exception {
        long t0 = System.nanoTime();
        List<String> drop = new ArrayList<>();
        List<String> create = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE conrelid = '" + table + "'::regclass AND contype IN ('p', 'u', 'f')")) {
                while (rs.next()) {
                    drop.add("ALTER TABLE " + table + " DROP CONSTRAINT " + rs.getString(1));
                    create.add("ALTER TABLE " + table + " ADD CONSTRAINT " + rs.getString(1) + " " + rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = '" + table
                    + "' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)")) {
                while (rs.next()) {
                    drop.add(0, "DROP INDEX " + rs.getString(1));
                    create.add(0, rs.getString(2));
                }
            }
            for (String sql : drop) {
                s.execute(sql);
            }
        }
        BenchCopy.copy(c, target, rows, generator);
        long t1 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            for (String sql : create) {
                s.execute(sql);
            }
            s.execute("VACUUM ANALYZE " + table);
        }
        System.out.printf("  %-16s %,12d rows: COPY %.1f s, indexes + analyze %.1f s%n", table, rows, (t1 - t0) / 1e9,
                (System.nanoTime() - t1) / 1e9);
    }
}
