package com.carrier.hub.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignPreview;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.campaign.TargetListService;
import com.carrier.hub.runtime.events.HubEvents;
import com.carrier.hub.runtime.events.HubEventsProperties;
import com.carrier.hub.runtime.touchpoints.ChannelPreferences;
import com.carrier.hub.runtime.touchpoints.TouchpointLoad;
import com.carrier.hub.runtime.touchpoints.TouchpointRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariDataSource;

import ch.qos.logback.classic.Level;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A campaign preview (dry run) of an N-row list over the {@link CampaignPolicyBench} base (N customers, N/10 blacklist,
 * 2N contact history, N holdings), through the shipped {@link CampaignPreview}: every customer decided, nothing
 * written. The baseline, in the same run on the same base: the same list landed for real ({@link TargetListService},
 * staging + the policy stage writing the contacts), whose policy stage the preview should take about as long as.
 * Touchpoints are not registered here (no peer), so the preview's rendering and capacities are left out; they cost a
 * handful of rows.
 */
public class PreviewBench implements BenchScenario {

    private static final String CAMPAIGN = "BENCH-PREVIEW";

    @Override
    public String name() {
        return "preview";
    }

    @Override
    public String usage() {
        return "dry run of an N-row list (decided, nothing written) against the same list landed for real, over the"
                + " campaign-policy base; --customers N (1000000); run with BENCH_JAVA_OPTS=-Xmx1g";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(CampaignPreview.class)).setLevel(Level.INFO);
        long n = options.getLong("customers", 1_000_000);
        long wall0 = System.nanoTime();
        try (EmbeddedPostgres pg = BenchPostgres.start()) {
            try (HikariDataSource ds = BenchPostgres.migrated(pg, 4)) {
                long p0 = System.nanoTime();
                CampaignPolicyBench.prepare(ds, n);
                System.out.printf("prepared the campaign-policy base of %,d customers in %.1f s%n", n,
                        (System.nanoTime() - p0) / 1e9);
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT");
                }
                ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
                JdbcTemplate jdbc = new JdbcTemplate(ds);
                TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
                CampaignRepository campaigns = new CampaignRepository(jdbc, json, new HubEvents(jdbc, new HubEventsProperties()));
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                campaigns.insert(new CampaignDefinition(CAMPAIGN, "preview benchmark", "TARIFF", "P00",
                        List.of("SMS", "PORTAL"), Map.of("SMS", Map.of("text", "Hi ${name}"),
                        "PORTAL", Map.of("title", "Offer", "body", "For ${name}", "url", "https://portal/x")),
                        "10658001", now.minusDays(1), now.plusDays(30), null, 5.0, null, null, null, null, null, null, null)
                        .withDefaults(), CampaignStatus.RUNNING, "bench");
                ChannelPreferences preferences = new ChannelPreferences();
                CampaignPolicyBench.TimedPolicy policy = new CampaignPolicyBench.TimedPolicy(jdbc, preferences,
                        new DefaultListableBeanFactory().getBeanProvider(AppCatalog.class), json,
                        () -> CampaignPolicyBench.cpu(jdbc));
                TargetListService lists = new TargetListService(campaigns, policy, jdbc, tx);
                CampaignPreview preview = new CampaignPreview(campaigns, policy, lists, new TouchpointRegistry(List.of()),
                        preferences, new TouchpointLoad(jdbc), jdbc);

                System.gc();
                PeakHeap.reset();
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                double[] cpu0 = CampaignPolicyBench.cpu(jdbc);
                long t0 = System.nanoTime();
                CampaignPreview.Preview p = preview.ofRows(CAMPAIGN, CampaignPolicyBench.targetList(n), null);
                double previewSeconds = (System.nanoTime() - t0) / 1e9;
                double[] cpu1 = CampaignPolicyBench.cpu(jdbc);
                long previewPeak = PeakHeap.peakMiB();
                long written = jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?", Long.class,
                        CAMPAIGN);
                if (written != 0 || p.rows() != n) {
                    throw new IllegalStateException("preview: " + p.rows() + " rows read of " + n + ", " + written
                            + " contacts written");
                }
                System.out.printf("preview funnel: %s%n", p.funnel());
                System.out.printf("preview: %,d rows decided, nothing written, in %.1f s = %,.0f customers/s;"
                        + " CPU JVM %.1f s + PostgreSQL %.1f s; peak heap %d MiB%n", n, previewSeconds, n / previewSeconds,
                        cpu1[0] - cpu0[0], cpu1[1] - cpu0[1], previewPeak);

                // the baseline: the same list landed for real
                System.gc();
                PeakHeap.reset();
                long l0 = System.nanoTime();
                TargetListService.ListResult landed = lists.accept(CAMPAIGN, "L-BENCH", CampaignPolicyBench.targetList(n));
                double landSeconds = (System.nanoTime() - l0) / 1e9;
                double policySeconds = (policy.finished - policy.started) / 1e9;
                if (!landed.byOutcome().equals(p.funnel())) {
                    throw new IllegalStateException("preview: the funnel " + p.funnel() + " is not the launch's "
                            + landed.byOutcome());
                }
                System.out.printf("baseline, the same list landed: %.1f s to contacts queued, of which the policy stage"
                        + " %.1f s (CPU JVM %.1f s + PostgreSQL %.1f s); the same funnel%n", landSeconds, policySeconds,
                        policy.cpuEnd[0] - policy.cpuStart[0], policy.cpuEnd[1] - policy.cpuStart[1]);
                System.out.printf("preview / policy stage: %.2f (load average %.1f on %d cores before the preview)%n",
                        previewSeconds / policySeconds, load, Runtime.getRuntime().availableProcessors());

                Map<String, Object> out = new LinkedHashMap<>();
                out.put("customers", n);
                out.put("preview_s", String.format("%.1f", previewSeconds));
                out.put("preview_customers_per_s", Math.round(n / previewSeconds));
                out.put("preview_peak_heap_mib", previewPeak);
                out.put("preview_cpu_s", String.format("%.1f", cpu1[0] - cpu0[0] + cpu1[1] - cpu0[1]));
                out.put("baseline_policy_s", String.format("%.1f", policySeconds));
                out.put("baseline_policy_cpu_s", String.format("%.1f", policy.cpuEnd[0] - policy.cpuStart[0]
                        + policy.cpuEnd[1] - policy.cpuStart[1]));
                out.put("baseline_list_to_queued_s", String.format("%.1f", landSeconds));
                out.put("load_avg", String.format("%.1f", load));
                out.put("wall_s", String.format("%.1f", (System.nanoTime() - wall0) / 1e9));
                return out;
            }
        }
    }
}
