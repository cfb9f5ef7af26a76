package com.carrier.hub.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.connector.app.AppProperties;
import com.carrier.hub.connector.app.AppPushClient;
import com.carrier.hub.connector.app.AppTouchpoint;
import com.carrier.hub.connector.app.PushMessage;
import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.connector.sms.SlidingWindowRateLimiter;
import com.carrier.hub.connector.sms.SmsEncoder;
import com.carrier.hub.connector.sms.SmsGateway;
import com.carrier.hub.connector.sms.SmsMessage;
import com.carrier.hub.connector.sms.SmsProperties;
import com.carrier.hub.connector.sms.SmsSendResult;
import com.carrier.hub.connector.sms.SmsTouchpoint;
import com.carrier.hub.http.PushResult;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.campaign.ContactPolicy;
import com.carrier.hub.runtime.campaign.HubInstance;
import com.carrier.hub.runtime.campaign.TargetListService;
import com.carrier.hub.runtime.campaign.TargetRow;
import com.carrier.hub.runtime.campaign.TemplateRenderer;
import com.carrier.hub.runtime.campaign.dispatch.CampaignDispatcher;
import com.carrier.hub.runtime.campaign.dispatch.ContactStore;
import com.carrier.hub.runtime.campaign.dispatch.DispatchProperties;
import com.carrier.hub.runtime.campaign.dispatch.DispatchWake;
import com.carrier.hub.runtime.campaign.dispatch.TouchpointSend;
import com.carrier.hub.runtime.events.HubEvents;
import com.carrier.hub.runtime.events.HubEventsProperties;
import com.carrier.hub.runtime.touchpoints.ChannelPreferences;
import com.carrier.hub.runtime.touchpoints.TouchpointRegistry;
import com.carrier.hub.simulators.app.AppPushSimulator;
import com.carrier.hub.simulators.smsc.SmscSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariDataSource;

import ch.qos.logback.classic.Level;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Campaign dispatch end to end (issue 15, "Performance"): a customer index of N is loaded by COPY (not timed), an N-row
 * list is landed through the shipped {@link TargetListService} and {@link ContactPolicy} (timed apart), then the
 * runtime's own {@link CampaignDispatcher} — its loop, {@link ContactStore} claims, SUBMITTING, the
 * {@link TouchpointRegistry} and the touchpoint — sends every queued contact to the peer's simulator with no licensed
 * rate, and is timed from its start until the last contact's outcome is stored (the newest {@code updated_at}). In the
 * same run, on the same contacts (same numbers, same rendered text), the bare connector is timed: for SMS the connector's
 * {@link SmsGateway#sendAsync} with up to 20,000 messages outstanding, as {@code sms-send} drives it; for APP the
 * {@link AppPushClient#pushMessages} of 50,000 messages at a time (batches of 1,000, its concurrency in flight), as
 * {@code http-push} drives the portal's client, against the {@link AppPushSimulator}.
 * <p>
 * The store and the touchpoint are the shipped classes, only timed (a subclass of {@link ContactStore} and a decorator
 * of the touchpoint that add up the time spent in each call): the figures say where a contact's time goes — claim SQL,
 * SUBMITTING, the peer, storing the outcome — and what the dispatcher's own loop adds. The database is the benchmarks'
 * production-like embedded PostgreSQL 17 with full durability ({@link BenchPostgres}).
 */
public class CampaignDispatchBench implements BenchScenario {

    private static final String CAMPAIGN = "BENCH-DISPATCH";
    private static final String LIST = "L-DISPATCH";
    /** One UCS-2 part with a name of up to 3 characters filled in (the name comes from the customer index). */
    private static final String TEXT = "尊敬的${name}，本月流量包限时半价，回复Y办理，回复TD退订。";
    private static final String DEEPLINK = "https://portal/x?m=${msisdn}";

    @Override
    public String name() {
        return "campaign-dispatch";
    }

    @Override
    public String usage() {
        return "a decided list of N through the runtime's CampaignDispatcher and touchpoint to the peer's simulator until every"
                + " outcome is stored, vs the bare connector on the same contacts: --contacts 1000000 --channel SMS|APP"
                + " --binds 4 --window 10 (SMS) --concurrency 4 (APP) --batch-size (hub.campaigns.dispatch.batch-size; default slices in flight x slice)"
                + " --sms-slice (hub.connectors.sms.slice-size, 200) --slices-in-flight (4) --peer simulator|none (none: every contact answered"
                + " SENT at once, the runtime's own cost) --pg-statements (print what each statement cost PostgreSQL while"
                + " dispatching, from pg_stat_statements); BENCH_JAVA_OPTS=-Xmx1g";
    }

    /**
     * The shipped route file routes/campaign-dispatch.yaml, run as the hub runs it (its scheduler, split, the
     * touchpoint-send-action Kamelet), on a Camel context holding the beans it names.
     */
    private DefaultCamelContext dispatchRoute(CampaignDispatcher dispatcher, TouchpointRegistry touchpoints,
                                              DispatchProperties dispatch) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("campaignDispatch", dispatcher);
        camel.getRegistry().bind("touchpointSend", new TouchpointSend(touchpoints));
        camel.getRegistry().bind("campaignDispatchWake", new DispatchWake());
        camel.getRegistry().bind("campaignDispatchSlices", camel.getExecutorServiceManager()
                .newFixedThreadPool(this, "campaign-dispatch-slice", dispatch.getSlicesInFlight()));
        camel.getPropertiesComponent().addPropertiesSource(
                com.carrier.hub.batchfile.camel.PublishedSettings.of("hub.campaigns.dispatch", dispatch));
        camel.start();
        org.apache.camel.support.PluginHelper.getRoutesLoader(camel).loadRoutes(
                org.apache.camel.support.ResourceHelper.resolveMandatoryResource(camel, "file:routes/campaign-dispatch.yaml"));
        return camel;
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.jsmpp")).setLevel(Level.OFF);
        long n = options.getLong("contacts", 1_000_000);
        String channel = options.get("channel", "SMS").strip().toUpperCase(java.util.Locale.ROOT);
        int binds = options.getInt("binds", 4);
        int window = options.getInt("window", 10);
        DispatchProperties dispatch = new DispatchProperties();
        if (options.has("batch-size")) {
            dispatch.setBatchSize(options.getInt("batch-size", 0));
        }
        dispatch.setSlicesInFlight(options.getInt("slices-in-flight", dispatch.getSlicesInFlight()));
        long wall0 = System.nanoTime();

        // The peers this benchmark can stand up, with the touchpoints the connectors' auto-configurations would register.
        SmscSimulator smsc = new SmscSimulator("bench", "benchpw", 0, 0, 16, 8);
        smsc.recordSubmits(false).receiptMix(0.9, 0.07);
        smsc.start();
        AppPushSimulator app = new AppPushSimulator("bench-app-token", "bench-app-secret", AppProperties.MAX_BATCH);
        app.retainItems(false).threads(options.getInt("server-threads", 4));
        app.start();
        SmsGateway gateway = null;
        AppPushClient appClient = null;
        boolean statements = options.has("pg-statements");
        try (EmbeddedPostgres pg = BenchPostgres.start(statements)) {
            SmsProperties sp = new SmsProperties();
            sp.setHost("127.0.0.1");
            sp.setPort(smsc.port());
            sp.setSystemId("bench");
            sp.setPassword("benchpw");
            sp.setBinds(binds);
            sp.setWindow(window);
            sp.setLicensedRate(0);
            sp.setQueueCapacity(4 * binds * window);
            CountingSink receipts = new CountingSink();
            gateway = new SmsGateway(sp, new SlidingWindowRateLimiter(0, Duration.ZERO), () -> receipts);
            gateway.start();
            List<Touchpoint> registered = new ArrayList<>();
            // as SmsAutoConfiguration registers it (hub.connectors.sms.slice-size; --sms-slice to try another)
            registered.add(new SmsTouchpoint(gateway, options.getInt("sms-slice", new SmsProperties().getSliceSize())));
            AppProperties ap = new AppProperties();
            ap.setEnabled(true);
            ap.setBaseUrl(app.baseUrl());
            ap.setToken("bench-app-token");
            ap.setCallbackSecret("bench-app-secret");
            ap.setConcurrency(options.getInt("concurrency", ap.getConcurrency()));
            appClient = new AppPushClient(ap);
            registered.add(new AppTouchpoint(appClient));
            TouchpointRegistry known = new TouchpointRegistry(registered);
            Touchpoint shipped = known.get(channel);
            if (shipped == null) {
                throw new IllegalArgumentException("campaign-dispatch: --channel " + channel + " is not a touchpoint this"
                        + " benchmark can run against a simulator; registered: " + known.ids());
            }
            // --peer none (a diagnostic, not the figure of the target): the touchpoint's properties, but every contact
            // answered SENT at once, so what is left is the runtime's own cost — claims, SUBMITTING, outcomes, its loop.
            boolean noPeer = options.get("peer", "simulator").equals("none");
            TimedTouchpoint touchpoint = new TimedTouchpoint(shipped, noPeer);
            TouchpointRegistry touchpoints = new TouchpointRegistry(List.of(touchpoint));
            long bindDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (gateway.boundSessions() < binds && System.nanoTime() < bindDeadline) {
                Thread.sleep(20);
            }

            try (HikariDataSource ds = BenchPostgres.migrated(pg, 6)) {
                long p0 = System.nanoTime();
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(true);
                    try (Statement s = c.createStatement()) {
                        s.execute("SET synchronous_commit = off");
                        s.execute("SET maintenance_work_mem = '1GB'");
                    }
                    String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
                    CampaignPolicyBench.timed("customer", c, n, "customer (msisdn, cust_id, cust_name, brand, city_code,"
                            + " plan_id, status, handset_model, open_date, arpu_3m_fen, customer_class, update_time, deleted)",
                            (i, row) -> row.append(CampaignPolicyBench.msisdn(i)).append("\tC").append(i).append("\t客户")
                                    .append(i % 1000).append('\t').append(i % 2 == 0 ? "GOTONE" : "MZONE").append("\t0")
                                    .append(571 + i % 11).append("\tP100\t1\tHUAWEI Mate60\t2020-01-01\t").append(i % 20_000)
                                    .append('\t').append(1 + i % 5).append('\t').append(now).append("\tf"));
                    try (Statement s = c.createStatement()) {
                        s.execute("CHECKPOINT");
                    }
                }
                System.out.printf("prepared %,d customers in %.1f s%n", n, (System.nanoTime() - p0) / 1e9);

                ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
                JdbcTemplate jdbc = new JdbcTemplate(ds);
                TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
                // hub events on, as shipped: the contacts made are written to the outbox as their outcomes are stored
                HubEvents events = new HubEvents(jdbc, new HubEventsProperties());
                CampaignRepository campaigns = new CampaignRepository(jdbc, json, events);
                OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
                // no quiet hours (start = end): the benchmark runs at any hour
                CampaignDefinition definition = new CampaignDefinition(CAMPAIGN, "dispatch benchmark", "PUBLICITY", null,
                        List.of(channel), Map.of(channel, template(shipped)), "10658001", at.minusDays(1), at.plusDays(30),
                        new CampaignDefinition.QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT), null, null, null, null,
                        null, null, null, null).withDefaults();
                campaigns.insert(definition, CampaignStatus.RUNNING, "bench");
                // every customer class on the benchmarked channel (PEERS §6 gives no class APP; the campaign allows only it)
                ChannelPreferences preferences = new ChannelPreferences();
                Map<Integer, List<String>> order = new TreeMap<>();
                for (int k = 1; k <= 5; k++) {
                    order.put(k, List.of(channel));
                }
                preferences.setChannelOrder(order);
                ContactPolicy policy = new ContactPolicy(jdbc, preferences,
                        new DefaultListableBeanFactory().getBeanProvider(AppCatalog.class), json, events);
                TargetListService lists = new TargetListService(campaigns, policy, jdbc, tx);
                long l0 = System.nanoTime();
                TargetListService.ListResult landed = lists.accept(CAMPAIGN, LIST, list(n));
                double landSeconds = (System.nanoTime() - l0) / 1e9;
                long queued = jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ? AND status = 'PENDING'",
                        Long.class, CAMPAIGN);
                System.out.printf("list of %,d landed and decided in %.1f s: %s; %,d contacts queued on %s%n", n, landSeconds,
                        landed.byOutcome(), queued, channel);
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("VACUUM ANALYZE campaign_contact");
                    s.execute("CHECKPOINT");
                }

                // The bare connector on the same contacts: warm-up, then timed.
                List<String[]> same = new ArrayList<>((int) queued);
                jdbc.query("SELECT c.msisdn, k.cust_name FROM campaign_contact c JOIN customer k ON k.msisdn = c.msisdn"
                        + " WHERE c.campaign_id = ? AND c.status = 'PENDING' ORDER BY c.msisdn", (ResultSet rs) -> {
                            same.add(new String[] {rs.getString(1), rs.getString(2)});
                        }, CAMPAIGN);
                boolean sms = channel.equals("SMS");
                List<String[]> warmUp = same.subList(0, (int) Math.min(same.size(), 20_000));
                if (sms) {
                    bare(gateway, warmUp, "W");
                    awaitReceipts(smsc);
                } else {
                    bareApp(appClient, warmUp, "W", definition.end());
                }
                double[] bareCpu0 = CampaignPolicyBench.cpu(jdbc);
                long b0 = System.nanoTime();
                long[] bareOutcome = sms ? bare(gateway, same, "B") : bareApp(appClient, same, "B", definition.end());
                double bareSeconds = (System.nanoTime() - b0) / 1e9;
                double bareRate = same.size() / bareSeconds;
                double[] bareCpu1 = CampaignPolicyBench.cpu(jdbc);
                double bareJvmCpu = bareCpu1[0] - bareCpu0[0];
                System.out.printf("bare %s: %,d messages in %.1f s = %,.0f/s (%,d SENT, %,d other); JVM %.1f CPU-seconds%n",
                        sms ? "SmsGateway" : "AppPushClient", same.size(), bareSeconds, bareRate, bareOutcome[0],
                        bareOutcome[1], bareJvmCpu);
                same.clear();
                if (sms) {
                    awaitReceipts(smsc);
                }

                // The runtime's dispatcher, timed until the last outcome is stored.
                TimedContactStore store = new TimedContactStore(jdbc, json, events);
                HubInstance instance = new HubInstance(jdbc, "bench-dispatch", Duration.ofSeconds(30));
                CampaignDispatcher dispatcher = new CampaignDispatcher(campaigns, store, instance, dispatch,
                        preferences, touchpoints, policy);
                long submitsBefore = sms ? smsc.acceptedSubmits() : app.itemsReceived();
                System.gc();
                PeakHeap.reset();
                if (statements) {
                    jdbc.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                    jdbc.execute("SELECT pg_stat_statements_reset()");
                }
                double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                double[] cpu0 = CampaignPolicyBench.cpu(jdbc);
                Timestamp dbStart = jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class);
                long t0 = System.nanoTime();
                DefaultCamelContext camel = dispatchRoute(dispatcher, touchpoints, dispatch);
                long open = queued;
                long lastPrint = t0;
                while (open > 0) {
                    Thread.sleep(1000);
                    instance.heartbeat();
                    if (store.answered.get() < queued) {
                        // the table is counted only once every contact may be answered: a count every second cost
                        // PostgreSQL about a tenth of the CPU the dispatch had (a scan of the campaign's rows each time)
                        open = queued - store.answered.get();
                    } else {
                        open = jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?"
                                + " AND status IN ('PENDING', 'DEFERRED', 'CLAIMED', 'SUBMITTING')", Long.class, CAMPAIGN);
                    }
                    if (System.nanoTime() - lastPrint > 10e9) {
                        lastPrint = System.nanoTime();
                        System.out.printf("  %.0f s: %,d contacts still open%n", (lastPrint - t0) / 1e9, open);
                    }
                    if (System.nanoTime() - t0 > Duration.ofMinutes(30).toNanos()) {
                        throw new IllegalStateException("campaign-dispatch: " + open + " contacts still open after 30 minutes");
                    }
                }
                double[] cpu1 = CampaignPolicyBench.cpu(jdbc);
                long peak = PeakHeap.peakMiB();
                dispatcher.stopping();
                camel.close();
                Timestamp dbEnd = jdbc.queryForObject("SELECT max(updated_at) FROM campaign_contact WHERE campaign_id = ?"
                        + " AND status <> 'EXCLUDED' AND grp = 'T'", Timestamp.class, CAMPAIGN);
                double seconds = (dbEnd.getTime() - dbStart.getTime()) / 1e3;
                Map<String, Long> byStatus = new TreeMap<>();
                jdbc.query("SELECT status, count(*) FROM campaign_contact WHERE campaign_id = ? AND grp = 'T' GROUP BY status",
                        (ResultSet rs) -> {
                            byStatus.put(rs.getString(1), rs.getLong(2));
                        }, CAMPAIGN);
                long sent = byStatus.getOrDefault("SENT", 0L);
                long submits = (sms ? smsc.acceptedSubmits() : app.itemsReceived()) - submitsBefore;
                if (sent != queued) {
                    throw new IllegalStateException("campaign-dispatch: " + queued + " contacts queued but " + byStatus
                            + " after dispatch");
                }
                double rate = sent / seconds;
                System.out.printf("dispatch%s: %,d contacts SENT (%,d %s) in %.1f s = %,.0f contacts/s; %s%n",
                        noPeer ? " (--peer none: no peer)" : "", sent,
                        submits, sms ? "submit_sm" : "pushes", seconds, rate, byStatus);
                System.out.printf("vs bare connector %,.0f/s: %.0f%%; peak heap %d MiB%n", bareRate, 100 * rate / bareRate, peak);
                double other = seconds - store.total() - touchpoint.sendNanos.get() / 1e9;
                System.out.printf("dispatcher time: claim (with the opt-out check) %.1f s (%,d calls), SUBMITTING %.1f s,"
                                + " touchpoint send %.1f s (%,d slices), outcomes stored %.1f s, rest (loop, render, idle) %.1f s%n",
                        store.claim.get() / 1e9, store.claims.get(), store.submitting.get() / 1e9,
                        touchpoint.sendNanos.get() / 1e9, touchpoint.slices.get(), store.complete.get() / 1e9, other);
                System.out.printf("CPU used while dispatching: JVM %.1f s + PostgreSQL %.1f s (load average %.1f on %d cores"
                        + " at the start)%n", cpu1[0] - cpu0[0], cpu1[1] - cpu0[1], load,
                        Runtime.getRuntime().availableProcessors());
                if (statements) {
                    // --pg-statements: the statements that cost PostgreSQL most while dispatching, per contact sent
                    jdbc.query("SELECT calls, total_exec_time, rows, shared_blks_hit + shared_blks_read, wal_records, wal_bytes,"
                            + " left(regexp_replace(query, '\\s+', ' ', 'g'), 110) FROM pg_stat_statements"
                            + " ORDER BY total_exec_time DESC LIMIT 10", (ResultSet rs) -> {
                                System.out.printf("  pg: %,8d calls %8.1f ms %6.1f µs/contact %,9d rows %5.1f blocks/row"
                                                + " %5.1f WAL records/row %6.0f WAL bytes/row  %s%n",
                                        rs.getLong(1), rs.getDouble(2), rs.getDouble(2) * 1000 / sent, rs.getLong(3),
                                        rs.getDouble(4) / Math.max(1, rs.getLong(3)), rs.getDouble(5) / Math.max(1, rs.getLong(3)),
                                        rs.getDouble(6) / Math.max(1, rs.getLong(3)), rs.getString(7));
                            });
                }
                Long announced = jdbc.queryForObject("SELECT count(*) FROM hub_event_outbox WHERE type = 'contact.made'",
                        Long.class);
                System.out.printf("hub events: %,d contact.made in the outbox (the control group's and every contact SENT)%n",
                        announced);

                Map<String, Object> out = new LinkedHashMap<>();
                out.put("channel", channel);
                out.put("peer", noPeer ? "none" : "simulator");
                out.put("contacts", n);
                out.put("sent", sent);
                out.put("contact_made_events", announced);
                out.put("submits", submits);
                out.put("dispatch_s", String.format("%.1f", seconds));
                out.put("dispatch_contacts_per_s", Math.round(rate));
                out.put("bare_per_s", Math.round(bareRate));
                out.put("dispatch_vs_bare_pct", Math.round(100 * rate / bareRate));
                out.put("claim_s", String.format("%.1f", store.claim.get() / 1e9));
                out.put("submitting_s", String.format("%.1f", store.submitting.get() / 1e9));
                out.put("send_s", String.format("%.1f", touchpoint.sendNanos.get() / 1e9));
                out.put("complete_s", String.format("%.1f", store.complete.get() / 1e9));
                out.put("rest_s", String.format("%.1f", other));
                out.put("cpu_jvm_s", String.format("%.1f", cpu1[0] - cpu0[0]));
                out.put("cpu_pg_s", String.format("%.1f", cpu1[1] - cpu0[1]));
                out.put("bare_cpu_jvm_s", String.format("%.1f", bareJvmCpu));
                out.put("peak_heap_mib", peak);
                out.put("land_s", String.format("%.1f", landSeconds));
                out.put("batch_size", dispatch.batchSize(shipped.sliceSize()));
                out.put("slice", shipped.sliceSize());
                out.put("load_avg", String.format("%.1f", load));
                out.put("wall_s", String.format("%.1f", (System.nanoTime() - wall0) / 1e9));
                return out;
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            if (appClient != null) {
                appClient.close();
            }
            smsc.stop();
            app.stop();
        }
    }

    /** The campaign's template for the touchpoint: every text field filled with the benchmark's one-part text. */
    private static Map<String, Object> template(Touchpoint touchpoint) {
        Map<String, Object> t = new LinkedHashMap<>();
        for (TemplateField f : touchpoint.templateFields()) {
            if (f.kind() != TemplateField.Kind.LIST) {
                t.put(f.name(), f.kind() == TemplateField.Kind.URL ? DEEPLINK : TEXT);
            }
        }
        if (SmsEncoder.countParts(TEXT.replace("${name}", "客户999")) != 1) {
            throw new IllegalStateException("the benchmark's text must be one part");
        }
        return t;
    }

    /** Every customer of the index once, in a scattered order. */
    private static Iterator<TargetRow> list(long n) {
        long m = CampaignPolicyBench.coprime(n, 7919);
        return new Iterator<>() {
            long k;

            @Override
            public boolean hasNext() {
                return k < n;
            }

            @Override
            public TargetRow next() {
                if (k >= n) {
                    throw new NoSuchElementException();
                }
                String number = CampaignPolicyBench.msisdn(Math.floorMod(k * m, n));
                k++;
                return TargetRow.parse(k, number + "|S" + (k % 10) + "|0.5|A" + (k % 7) + "||");
            }
        };
    }

    /** The bare connector: every contact's text rendered and sent with up to 20,000 outstanding; returns {sent, other}. */
    private static long[] bare(SmsGateway gateway, List<String[]> contacts, String tag) throws InterruptedException {
        Semaphore outstanding = new Semaphore(20_000);
        AtomicLong sent = new AtomicLong();
        AtomicLong other = new AtomicLong();
        CountDownLatch done = new CountDownLatch(contacts.size());
        for (String[] c : contacts) {
            outstanding.acquire();
            String text = TemplateRenderer.render(TEXT, Map.of("msisdn", c[0], "name", c[1])).text();
            gateway.sendAsync(new SmsMessage(c[0], text, "10658001", "BARE-" + tag, "BARE-" + tag + ":" + c[0]))
                    .whenComplete((SmsSendResult r, Throwable e) -> {
                        if (r != null && r.sent()) {
                            sent.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                        outstanding.release();
                        done.countDown();
                    });
        }
        done.await();
        return new long[] {sent.get(), other.get()};
    }

    /**
     * The bare app client: every contact's push (title and body rendered as the touchpoint's template renders them)
     * sent by {@link AppPushClient#pushMessages} 50,000 at a time; returns {sent, other}.
     */
    private static long[] bareApp(AppPushClient client, List<String[]> contacts, String tag, OffsetDateTime until) {
        long sent = 0;
        long other = 0;
        for (int from = 0; from < contacts.size(); from += 50_000) {
            List<PushMessage> chunk = new ArrayList<>(50_000);
            for (String[] c : contacts.subList(from, Math.min(contacts.size(), from + 50_000))) {
                Map<String, String> vars = Map.of("msisdn", c[0], "name", c[1]);
                String text = TemplateRenderer.render(TEXT, vars).text();
                chunk.add(PushMessage.of("BARE-" + tag, c[0], text, text,
                        TemplateRenderer.render(DEEPLINK, vars).text(), until));
            }
            for (PushResult r : client.pushMessages(chunk)) {
                if (r.isAccepted()) {
                    sent++;
                } else {
                    other++;
                }
            }
        }
        return new long[] {sent, other};
    }

    /** Waits until the simulator's receipts of the last run are all acknowledged (the count stops moving). */
    private static void awaitReceipts(SmscSimulator smsc) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = smsc.receiptsAcknowledged();
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(500);
        }
    }

    /** The shipped store, adding up the time each of the dispatcher's calls takes. */
    static final class TimedContactStore extends ContactStore {
        final AtomicLong claim = new AtomicLong();
        final AtomicLong claims = new AtomicLong();
        final AtomicLong submitting = new AtomicLong();
        final AtomicLong complete = new AtomicLong();
        /** Answers stored (every status), so the run's end is watched without scanning the table every second. */
        final AtomicLong answered = new AtomicLong();

        TimedContactStore(JdbcTemplate jdbc, ObjectMapper json, HubEvents events) {
            super(jdbc, json, events);
        }

        double total() {
            return (claim.get() + submitting.get() + complete.get()) / 1e9;
        }

        @Override
        public List<Claimed> claim(String campaignId, String channel, String instance, int limit, boolean submitting) {
            long t = System.nanoTime();
            try {
                return super.claim(campaignId, channel, instance, limit, submitting);
            } finally {
                claim.addAndGet(System.nanoTime() - t);
                claims.incrementAndGet();
            }
        }

        @Override
        public void markSubmitting(String campaignId, List<String> msisdns, List<Integer> parts, String instance) {
            long t = System.nanoTime();
            try {
                super.markSubmitting(campaignId, msisdns, parts, instance);
            } finally {
                submitting.addAndGet(System.nanoTime() - t);
            }
        }

        @Override
        public void complete(String campaignId, List<ContactResult> results, String instance, Duration retryAfter) {
            long t = System.nanoTime();
            try {
                super.complete(campaignId, results, instance, retryAfter);
                answered.addAndGet(results.size());
            } finally {
                complete.addAndGet(System.nanoTime() - t);
            }
        }
    }

    /** The shipped touchpoint, adding up the time its sends take. */
    static final class TimedTouchpoint implements Touchpoint {
        private final Touchpoint delegate;
        final AtomicLong sendNanos = new AtomicLong();
        final AtomicLong slices = new AtomicLong();

        private final boolean noPeer;

        TimedTouchpoint(Touchpoint delegate, boolean noPeer) {
            this.delegate = delegate;
            this.noPeer = noPeer;
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public String description() {
            return delegate.description();
        }

        @Override
        public boolean idempotent() {
            return delegate.idempotent();
        }

        @Override
        public int sliceSize() {
            return delegate.sliceSize();
        }

        @Override
        public boolean quietHours() {
            return delegate.quietHours();
        }

        @Override
        public Long dailyCapacity() {
            return delegate.dailyCapacity();
        }

        @Override
        public List<TemplateField> templateFields() {
            return delegate.templateFields();
        }

        @Override
        public List<String> responseTypes() {
            return delegate.responseTypes();
        }

        @Override
        public String connectorId() {
            return delegate.connectorId();
        }

        @Override
        public int parts(TouchpointContact contact) {
            return delegate.parts(contact);
        }

        @Override
        public List<ContactResult> send(TouchpointSlice slice) {
            long t = System.nanoTime();
            try {
                return noPeer ? slice.contacts().stream().map(c -> ContactResult.sent(c.msisdn())).toList()
                        : delegate.send(slice);
            } finally {
                sendNanos.addAndGet(System.nanoTime() - t);
                slices.incrementAndGet();
            }
        }
    }

    /** The response store stand-in for receipts: counts them (the JDBC store is measured by response-ingest). */
    private static final class CountingSink implements ResponseEventSink {
        final AtomicLong events = new AtomicLong();

        @Override
        public int append(List<ResponseEvent> batch) {
            events.addAndGet(batch.size());
            return batch.size();
        }
    }
}
