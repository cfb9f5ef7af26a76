package com.carrier.hub.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignProgress;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.console.ConsoleFigures;
import com.carrier.hub.runtime.console.ConsoleProperties;
import com.carrier.hub.runtime.evaluation.Evaluation;
import com.carrier.hub.runtime.evaluation.EvaluationService;
import com.carrier.hub.runtime.events.HubEvents;
import com.carrier.hub.runtime.events.HubEventsProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import ch.qos.logback.classic.Level;

/**
 * Evaluation of a large campaign (issue 7 "Performance"): N contacts (5% control, 2 channels × 10 segments, 1% excluded)
 * with a ledger of about 1.3 N attributed responses (90% of treatment delivered, 8% responded, 3% of treatment and
 * 2% of control ordered, with their BOSS orders), loaded by COPY (not timed); then the hub's own
 * {@link EvaluationService} computes the full evaluation — funnel, conversions, lift, z-test and targets per campaign
 * and per channel × segment — timed, three times (first run cold after loading, then warm). Then what the console's
 * campaign and evaluation pages cost at that size ({@link #pages}).
 */
public class EvaluationBench implements BenchScenario {

    private static final String CAMPAIGN = "BENCH-EVAL";

    @Override
    public String name() {
        return "evaluation";
    }

    @Override
    public String usage() {
        return "time to compute the full evaluation of a campaign of N contacts; --contacts N (10000000); "
                + "run with BENCH_JAVA_OPTS=-Xmx1g";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        long n = options.getLong("contacts", 10_000_000);
        long wall0 = System.nanoTime();
        try (LedgerBenchDatabase db = new LedgerBenchDatabase()) {
            JdbcTemplate jdbc = new JdbcTemplate(db.ds);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String start = now.minus(Duration.ofDays(5)).toString();
            String end = now.plus(Duration.ofDays(5)).toString();
            jdbc.update("""
                    INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent,
                                          response_window_days, definition)
                    VALUES (?, 'evaluation benchmark', 'PROMOTION', 'P1', 'RUNNING', ?::timestamptz, ?::timestamptz, 5, 7, ?::jsonb)""",
                    CAMPAIGN, start, end, """
                    {"id":"%s","name":"evaluation benchmark","type":"PROMOTION","productId":"P1","channels":["SMS","PORTAL"],
                     "start":"%s","end":"%s","responseWindowDays":7,"targets":[{"metric":"ORDERED","value":300000}]}"""
                            .formatted(CAMPAIGN, start, end));
            long t0 = System.nanoTime();
            String decided = now.minus(Duration.ofDays(4)).toString();
            String sent = now.minus(Duration.ofDays(3)).toString();
            String later = now.minus(Duration.ofDays(2)).toString();
            db.load("campaign_contact", "campaign_contact (campaign_id, msisdn, segment, grp, channel, status, reason,"
                    + " decided_at, contacted_at)", n, (i, row) -> {
                        row.append(CAMPAIGN).append('\t').append(LedgerBenchDatabase.msisdn(i)).append("\tS").append(i % 10);
                        if (i % 100 == 1) {
                            row.append("\t\\N\t\\N\tEXCLUDED\tBLACKLIST\t").append(decided).append("\t\\N");
                        } else if (i % 20 == 0) {
                            row.append("\tC\t\\N\tCONTROL\t\\N\t").append(decided).append("\t\\N");
                        } else {
                            row.append("\tT\t").append(i % 3 == 0 ? "PORTAL" : "SMS").append("\tSENT\t\\N\t").append(decided)
                                    .append('\t').append(sent);
                        }
                    });
            // Ledger rows: event_id stands in for the response_event row (no FK rows needed for the evaluation).
            jdbc.execute("ALTER TABLE response_attribution DROP CONSTRAINT IF EXISTS response_attribution_event_id_fkey");
            long[] seq = {0};
            db.load("response_attribution", "response_attribution (event_id, order_id, campaign_id, msisdn, channel, type,"
                    + " event_time, grp, contact_time, outcome)", n + n / 2, (r, row) -> {
                        // rows 0..n-1: one per contact (delivered / responded / order); n..1.5n: a second response
                        long i = r < n ? r : (r - n) * 2;
                        boolean control = i % 20 == 0;
                        boolean excluded = i % 100 == 1;
                        String msisdn = LedgerBenchDatabase.msisdn(i);
                        // 3% of treatment and 2% of control (every 50th control customer) ordered
                        boolean ordered = control ? (i / 20) % 50 == 1 : i % 100 >= 2 && i % 100 <= 4;
                        if (r < n && ordered) {
                            row.append("\\N\tO").append(i).append('\t').append(CAMPAIGN).append('\t').append(msisdn)
                                    .append("\tBOSS\tORDERED\t").append(later).append('\t').append(control ? 'C' : 'T')
                                    .append('\t').append(control ? decided : sent).append("\tATTRIBUTED");
                        } else {
                            String type = r >= n ? (i % 100 < 8 ? "REPLIED" : "CLICKED")
                                    : i % 10 == 9 ? "UNDELIVERED" : "DELIVERED";
                            String outcome = r >= n && i % 100 > 60 ? "LATE" : control ? "UNMATCHED" : "ATTRIBUTED";
                            row.append(++seq[0]).append("\t\\N\t").append(CAMPAIGN).append('\t').append(msisdn).append("\tSMS\t")
                                    .append(type).append('\t').append(later).append("\tT\t").append(sent).append('\t').append(outcome);
                        }
                    });
            db.load("boss_order", "boss_order (order_id, msisdn, product_id, channel_code, order_time, status)", n, (i, row) -> {
                row.append('O').append(i).append('\t').append(LedgerBenchDatabase.msisdn(i)).append("\tP1\tSMS\t").append(later)
                        .append('\t').append(i % 97 == 0 ? 0 : 1);
            });
            System.out.printf("prepared in %.1f s (not timed)%n", (System.nanoTime() - t0) / 1e9);

            ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
            CampaignRepository campaigns = new CampaignRepository(jdbc, json, new HubEvents(jdbc, new HubEventsProperties()));
            EvaluationService evaluations = new EvaluationService(jdbc, campaigns, json);
            Campaign campaign = campaigns.find(CAMPAIGN).orElseThrow();

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("contacts", n);
            double best = Double.MAX_VALUE;
            Evaluation e = null;
            System.gc();
            PeakHeap.reset();
            for (int run = 1; run <= 3; run++) {
                long s0 = System.nanoTime();
                e = evaluations.compute(campaign, Instant.now());
                double seconds = (System.nanoTime() - s0) / 1e9;
                best = Math.min(best, seconds);
                System.out.printf("run %d: full evaluation in %.2f s%n", run, seconds);
                out.put("run" + run + "_s", String.format("%.2f", seconds));
            }
            Evaluation.Funnel t = e.total();
            System.out.printf("total: targeted %,d excluded %,d treatment %,d control %,d sent %,d delivered %,d responded %,d"
                    + " ordered T %,d C %,d; lift %s; %d channel x segment rows%n", t.targeted(), t.excluded(), t.treatment(),
                    t.control(), t.sent(), t.delivered(), t.responded(), t.orderedTreatment(), t.orderedControl(), t.lift(),
                    e.breakdown().size());
            if (t.targeted() != n) {
                throw new IllegalStateException("evaluation: targeted " + t.targeted() + " of " + n + " contacts");
            }
            out.put("best_s", String.format("%.2f", best));
            pages(jdbc, evaluations, campaign, out);
            out.put("breakdown_rows", e.breakdown().size());
            out.put("peak_heap_mib", PeakHeap.peakMiB());
            out.put("wall_s", String.format("%.1f", (System.nanoTime() - wall0) / 1e9));
            return out;
        }
    }

    /**
     * What the console's campaign and evaluation pages cost at this size: the progress query they would run per request
     * ({@link CampaignProgress}, timed raw), then their figures through {@link ConsoleFigures} as the pages read them —
     * the first view (answered within {@code hub.console.figures-wait}, saying the figures are being computed), and a
     * view once computed (from the cache). The rest of either page reads the campaign by its key.
     */
    private static void pages(JdbcTemplate jdbc, EvaluationService evaluations, Campaign campaign, Map<String, Object> out)
            throws InterruptedException {
        CampaignProgress progress = new CampaignProgress(jdbc);
        double raw = Double.MAX_VALUE;
        for (int run = 1; run <= 2; run++) {
            long s0 = System.nanoTime();
            progress.of(CAMPAIGN);
            raw = Math.min(raw, (System.nanoTime() - s0) / 1e9);
        }
        System.out.printf("progress query (per request without the console's cache): %.2f s%n", raw);
        out.put("progress_query_s", String.format("%.2f", raw));
        ConsoleFigures figures = new ConsoleFigures(progress, evaluations, new ConsoleProperties());
        long w0 = System.nanoTime();
        long s0 = System.nanoTime();
        boolean progressShown = figures.progress(CAMPAIGN).isPresent();
        double firstProgress = (System.nanoTime() - s0) / 1e9;
        s0 = System.nanoTime();
        boolean evaluationShown = figures.evaluation(campaign).isPresent();
        double firstEvaluation = (System.nanoTime() - s0) / 1e9;
        System.out.printf("first view: campaign page's progress %.2f s (%s), evaluation page's evaluation %.2f s (%s)%n",
                firstProgress, progressShown ? "shown" : "being computed", firstEvaluation,
                evaluationShown ? "shown" : "being computed");
        out.put("campaign_page_first_view_s", String.format("%.2f", firstProgress));
        out.put("evaluation_page_first_view_s", String.format("%.2f", firstEvaluation));
        while (figures.progress(CAMPAIGN).isEmpty() || figures.evaluation(campaign).isEmpty()) {
            Thread.sleep(100); // a bench waiting for the background computation, not a test
        }
        System.out.printf("figures computed in the background after %.1f s%n", (System.nanoTime() - w0) / 1e9);
        double worst = 0;
        for (int i = 0; i < 20; i++) {
            long v0 = System.nanoTime();
            figures.progress(CAMPAIGN).orElseThrow();
            figures.evaluation(campaign).orElseThrow();
            worst = Math.max(worst, (System.nanoTime() - v0) / 1e9);
        }
        System.out.printf("later views (20): worst %.4f s for both pages' figures%n", worst);
        out.put("page_view_worst_s", String.format("%.4f", worst));
    }
}
