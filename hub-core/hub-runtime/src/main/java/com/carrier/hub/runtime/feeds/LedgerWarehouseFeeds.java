package com.carrier.hub.runtime.feeds;

import static com.carrier.hub.batchfile.FieldRule.of;
import static com.carrier.hub.batchfile.FieldType.DECIMAL;
import static com.carrier.hub.batchfile.FieldType.INTEGER;
import static com.carrier.hub.batchfile.FieldType.TEXT;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.runtime.files.FilesProperties;
import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.FeedFileWriter;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.ledger.LedgerProperties;
import com.carrier.hub.runtime.evaluation.Evaluation;
import com.carrier.hub.runtime.evaluation.EvaluationRollup;
import com.carrier.hub.runtime.evaluation.EvaluationRollupTable;
import com.carrier.hub.runtime.evaluation.EvaluationService;
import com.carrier.hub.runtime.evaluation.EvaluationTable;

/**
 * The ledger's warehouse feeds (PEERS.md §2.2), written with the batch-file writer into the export folder for the
 * {@code warehouse-feed-sink} Kamelet (route {@code ledger-feeds-to-warehouse}):
 * <ul>
 * <li>{@code RESPONSE_<yyyyMMdd>_0001.dat} once a day for the day before (Asia/Shanghai): every response attributed
 * to a campaign contact that day (IMPRESSION and INSTALLED are not in the feed's types and stay in the hub);</li>
 * <li>{@code EVAL_<campaignId>_<yyyyMMdd>.dat} once a day for every campaign being evaluated, and once more, final,
 * on the day its evaluation is frozen (the campaign closed);</li>
 * <li>{@code EVAL_PERIOD_<YYYYMM|YYYYQn|YYYY>_<yyyyMMdd>.dat} once per month, quarter and year, for the period before,
 * once {@code hub.ledger.period-feed-settle} has passed after its end: the periodic roll-up of
 * {@link EvaluationRollup} by unit, type, product and touchpoint, the columns of {@link EvaluationRollupTable}
 * (README "Periodic evaluation"; it extends PEERS.md §2.2). Each period's file is shipped once.</li>
 * </ul>
 * The body becomes the list of local data files (control files beside them); a file is recorded as exported, and
 * the local pair removed, only when the exchange completes, so a failed upload is written and sent again.
 */
@Component("ledgerWarehouseFeeds")
public class LedgerWarehouseFeeds implements Processor {

    private static final Logger log = LoggerFactory.getLogger(LedgerWarehouseFeeds.class);

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final int MAX_DAYS_BEHIND = 7;

    /** §2.2 {@code EVAL_<campaignId>_<yyyyMMdd>.dat}: one row per campaign × channel × segment (and ALL × ALL). */
    public static FeedDefinition evalFeed() {
        List<com.carrier.hub.batchfile.FieldRule> fields = new ArrayList<>();
        for (String c : EvaluationTable.COLUMNS) {
            fields.add(switch (c) {
                case "campaign_id", "channel", "segment" -> of(c, TEXT).required();
                case "not_measurable" -> of(c, TEXT);
                default -> c.startsWith("conversion") || c.startsWith("lift") || c.equals("z") || c.equals("p_value")
                        || c.startsWith("ci_") ? of(c, DECIMAL) : of(c, INTEGER).required();
            });
        }
        return new FeedDefinition("eval", "EVAL_[A-Za-z0-9_-]{1,64}_\\d{8}\\.dat", fields);
    }

    /** {@code EVAL_PERIOD_<YYYYMM|YYYYQn|YYYY>_<yyyyMMdd>.dat}: one row per period × grouping × group. */
    public static FeedDefinition periodFeed() {
        List<com.carrier.hub.batchfile.FieldRule> fields = new ArrayList<>();
        for (String c : EvaluationRollupTable.COLUMNS) {
            fields.add(switch (c) {
                case "period", "by", "group" -> of(c, TEXT).required();
                case "lift_weighted" -> of(c, DECIMAL);
                default -> of(c, INTEGER).required();
            });
        }
        return new FeedDefinition("eval-period", "EVAL_PERIOD_(\\d{6}|\\d{4}Q[1-4]|\\d{4})_\\d{8}\\.dat", fields);
    }

    /** A file written and waiting for upload. */
    record Written(File data, String feed, LocalDate day, String campaignId, boolean fin, long rows) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final EvaluationService evaluations;
    private final CampaignRepository campaigns;
    private final Path dir;
    private final CompiledFeed response = StandardFeeds.response().compile();
    private final CompiledFeed eval = evalFeed().compile();
    private final CompiledFeed period = periodFeed().compile();
    private final EvaluationRollup rollups;
    private final Duration periodSettle;

    public LedgerWarehouseFeeds(JdbcTemplate jdbc, TransactionTemplate tx, EvaluationService evaluations,
                                CampaignRepository campaigns, EvaluationRollup rollups, LedgerProperties ledger,
                                FilesProperties files) {
        this.jdbc = jdbc;
        this.rollups = rollups;
        this.periodSettle = ledger.getPeriodFeedSettle();
        this.tx = tx;
        this.evaluations = evaluations;
        this.campaigns = campaigns;
        this.dir = files.getExportDir().resolve("ledger");
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        List<Written> written = due(Instant.now());
        exchange.getMessage().setBody(written.stream().map(Written::data).toList());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                for (Written w : written) {
                    record(w);
                    delete(w.data());
                }
            }
        });
    }

    /** Writes every feed file due at {@code now} that has not been exported yet; returns them. */
    public List<Written> due(Instant now) throws IOException {
        Files.createDirectories(dir);
        LocalDate today = now.atZone(HubTime.ZONE).toLocalDate();
        LocalDate yesterday = today.minusDays(1);
        List<Written> out = new ArrayList<>();
        LocalDate last = jdbc.queryForObject("SELECT max(day) FROM ledger_export WHERE feed = 'RESPONSE'", LocalDate.class);
        LocalDate from = last == null ? yesterday : last.plusDays(1);
        if (from.isBefore(today.minusDays(MAX_DAYS_BEHIND))) {
            from = today.minusDays(MAX_DAYS_BEHIND);
        }
        for (LocalDate d = from; !d.isAfter(yesterday); d = d.plusDays(1)) {
            out.add(responses(d));
        }
        // Daily evaluation of every campaign still being evaluated; the final one on the day it is frozen. The daily
        // file of day D is written once D is over, as of its end, and named D; a campaign that started only today has
        // no day behind it yet.
        Instant endOfYesterday = today.atStartOfDay(HubTime.ZONE).toInstant();
        List<String[]> open = jdbc.query("""
                SELECT c.id, coalesce(e.frozen, false)::text, coalesce(e.computed_at, now()),
                       (c.start_at < ?)::text FROM campaign c
                  LEFT JOIN campaign_evaluation e ON e.campaign_id = c.id
                 WHERE c.status NOT IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'SCHEDULED')
                   AND NOT EXISTS (SELECT 1 FROM ledger_export x WHERE x.campaign_id = c.id AND x.final)""",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant().atZone(HubTime.ZONE).toLocalDate().toString(), rs.getString(4)},
                Timestamp.from(endOfYesterday));
        for (String[] c : open) {
            boolean frozen = Boolean.parseBoolean(c[1]);
            if (!frozen && !Boolean.parseBoolean(c[3])) {
                continue;
            }
            LocalDate day = frozen ? LocalDate.parse(c[2]) : yesterday;
            String name = "EVAL_" + c[0] + "_" + DAY.format(day) + ".dat";
            if (!frozen && exported(name)) {
                continue;
            }
            Evaluation e;
            try {
                e = frozen ? evaluations.stored(c[0]).orElse(null)
                        : campaigns.find(c[0]).map(x -> evaluations.compute(x, endOfYesterday)).orElse(null);
            } catch (RuntimeException ex) {
                // one campaign that cannot be evaluated holds back neither the RESPONSE file nor the others' EVAL
                log.warn("ledger feeds: {} not written, tried again on the next run: campaign {}: {}", name, c[0],
                        ex.toString());
                continue;
            }
            if (e != null) {
                out.add(evaluation(e, name, day, frozen));
            }
        }
        out.addAll(periods(now));
        return out;
    }

    /**
     * The roll-up file of the last month, quarter and year that ended at least {@code periodSettle} before
     * {@code now}, each unless already shipped (recorded as feed EVAL_PERIOD_&lt;kind&gt; on the period's first day).
     */
    List<Written> periods(Instant now) throws IOException {
        Files.createDirectories(dir);
        LocalDate today = now.atZone(HubTime.ZONE).toLocalDate();
        List<Written> out = new ArrayList<>();
        LocalDate settled = now.minus(periodSettle).atZone(HubTime.ZONE).toLocalDate();
        for (EvaluationRollup.Period kind : EvaluationRollup.Period.values()) {
            LocalDate start = kind.first(kind.first(settled).minusDays(1));
            String feed = "EVAL_PERIOD_" + kind.name();
            Integer shipped = jdbc.queryForObject("SELECT count(*) FROM ledger_export WHERE feed = ? AND day = ?",
                    Integer.class, feed, start);
            if (shipped != null && shipped > 0) {
                continue;
            }
            String name = "EVAL_PERIOD_" + kind.label(start) + "_" + DAY.format(today) + ".dat";
            try (FeedFileWriter w = FeedFileWriter.open(period, dir, name)) {
                for (List<String> row : EvaluationRollupTable.rows(rollups.rollupAll(kind, start))) {
                    w.row(row.stream().map(LedgerWarehouseFeeds::clean).toArray(String[]::new));
                }
                w.finish();
                out.add(new Written(dir.resolve(name).toFile(), feed, start, null, true, w.rows()));
            }
        }
        return out;
    }

    private Written responses(LocalDate day) throws IOException {
        String name = "RESPONSE_" + DAY.format(day) + "_0001.dat";
        Timestamp start = Timestamp.from(day.atStartOfDay(HubTime.ZONE).toInstant());
        Timestamp end = Timestamp.from(day.plusDays(1).atStartOfDay(HubTime.ZONE).toInstant());
        FeedFileWriter w = FeedFileWriter.open(response, dir, name);
        try {
            tx.executeWithoutResult(s -> {
                JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
                streaming.setFetchSize(10_000);
                streaming.query("""
                        SELECT a.campaign_id, a.msisdn, a.channel, a.type, a.event_time, coalesce(e.detail, a.order_id)
                          FROM response_attribution a LEFT JOIN response_event e ON e.id = a.event_id
                         WHERE a.outcome = 'ATTRIBUTED' AND a.campaign_id IS NOT NULL
                           AND a.type IN ('DELIVERED', 'UNDELIVERED', 'REPLIED', 'CLICKED', 'OPENED', 'DOWNLOADED', 'ORDERED', 'UNSUBSCRIBED',
                                        'ACCEPTED', 'DECLINED')
                           AND a.correlated_at >= ? AND a.correlated_at < ?
                           AND coalesce(e.detail, '') NOT LIKE 'part:%'
                         ORDER BY a.id""", rs -> {
                            try {
                                w.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                        TS.format(ZonedDateTime.ofInstant(rs.getTimestamp(5).toInstant(), HubTime.ZONE)),
                                        clean(rs.getString(6)));
                            } catch (IOException ex) {
                                throw new UncheckedIOException(ex);
                            }
                        }, start, end);
            });
            w.finish();
            return new Written(dir.resolve(name).toFile(), "RESPONSE", day, null, false, w.rows());
        } finally {
            w.close();
        }
    }

    private Written evaluation(Evaluation e, String name, LocalDate day, boolean fin) throws IOException {
        try (FeedFileWriter w = FeedFileWriter.open(eval, dir, name)) {
            for (List<String> row : EvaluationTable.rows(e)) {
                w.row(row.stream().map(LedgerWarehouseFeeds::clean).toArray(String[]::new));
            }
            w.finish();
            return new Written(dir.resolve(name).toFile(), "EVAL", day, e.campaignId(), fin, w.rows());
        }
    }

    /** Records a file as exported (once uploaded). */
    void record(Written w) {
        jdbc.update("""
                INSERT INTO ledger_export (file_name, feed, day, campaign_id, final, rows) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (file_name) DO UPDATE SET final = EXCLUDED.final OR ledger_export.final,
                       rows = EXCLUDED.rows, exported_at = now()""",
                w.data().getName(), w.feed(), w.day(), w.campaignId(), w.fin(), w.rows());
    }

    private boolean exported(String name) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM ledger_export WHERE file_name = ?", Integer.class, name);
        return n != null && n > 0;
    }

    private static void delete(File data) {
        data.delete();
        new File(data.getParentFile(), data.getName().replaceAll("\\.dat$", ".chk")).delete();
    }

    /** The format has no quoting: a delimiter or line end in free text becomes a space; long text is cut. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        String c = s.replace('|', ' ').replace('\n', ' ').replace('\r', ' ');
        return c.length() > 256 ? c.substring(0, 256) : c;
    }
}
