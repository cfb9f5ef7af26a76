package com.carrier.hub.runtime.campaign;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.runtime.campaign.CampaignDefinition.Channel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Decides every customer of a target list, in the order of PEERS.md §7.2, recording each exclusion with its code:
 * <ol>
 *   <li>BAD_MSISDN, DUPLICATE — already coded when the list was staged;</li>
 *   <li>BLACKLIST; CHANNEL_OPTOUT when every campaign channel is opted out (an opt-out of one channel only removes it);</li>
 *   <li>INACTIVE (status not normal), UNKNOWN_CUSTOMER (not in the index, or deleted);</li>
 *   <li>HOLDS_PRODUCT, EXCLUSIVE_CONFLICT (holds another product of the offer's exclusive group);</li>
 *   <li>GREYLIST when no campaign channel is among the greylist entry's permitted ones;</li>
 *   <li>FREQUENCY_CAP when SMS is capped (per day / per week, across campaigns) and no other channel is left;
 *       RECENT_SIMILAR when a campaign of the same product or type reached the customer in the last N days;</li>
 *   <li>NO_CHANNEL, or NO_SUITABLE_APP when the MM store was the customer's only channel and no app of the list suits
 *       the handset;</li>
 *   <li>the deterministic control group ({@link ControlGroup}): group C, recorded, never contacted.</li>
 * </ol>
 * Facts come from one set-based query streamed from a cursor; the decision itself is plain Java, so the order is explicit
 * and testable; the decisions go back by COPY. A large list is decided in parts side by side, each in its own
 * transaction ({@link #decide}); the list stays DECIDING (not dispatched) until every part is.
 */
@Component
public class ContactPolicy {

    private static final int FETCH = 10_000;
    /**
     * Memory for the facts query's hash joins and aggregates, for the policy's transaction only: a 10M customer index
     * hashes in about 1 GB; with 256MB the joins spilled to disk and a 10M list took 25% longer.
     */
    private static final String WORK_MEM = "1GB";
    /**
     * Parts a large list is decided in, at once on as many connections (a power of two: a part is a msisdn hash masked
     * with parts - 1). One PostgreSQL backend decided about 60k customers/s; the decisions' COPY and the facts' hash
     * joins are both CPU-bound in the backend, so parts use the database's cores side by side.
     */
    static final int PARTS = 2;
    private static final TypeReference<Map<String, Long>> OUTCOMES = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final ChannelPreferences preferences;
    private final ObjectProvider<AppCatalog> appCatalog;
    private final ObjectMapper json;
    private long parallelFrom = 100_000;

    public ContactPolicy(JdbcTemplate jdbc, ChannelPreferences preferences, ObjectProvider<AppCatalog> appCatalog,
                         ObjectMapper json) {
        this.jdbc = jdbc;
        this.preferences = preferences;
        this.appCatalog = appCatalog;
        this.json = json;
    }

    /** What a policy run decided: counts by outcome (TREATMENT, CONTROL, and each exclusion code). */
    public record Decisions(long decided, Map<String, Long> byOutcome) {
    }

    /**
     * Decides the staged rows of one list that are not coded yet, writing one campaign_contact row each, then marks the
     * list DECIDED. The list's parts (see {@link #partsFor}) are decided at once, each in its own transaction on its own
     * connection; a part decided before (by an earlier run that stopped half-way, or by another instance now) is not
     * decided again, so calling this again after a failure finishes the list. The staged list must be committed.
     */
    public Decisions decide(Campaign campaign, String listId, Instant now) {
        Integer parts = jdbc.query("SELECT parts FROM campaign_list WHERE campaign_id = ? AND list_id = ?",
                rs -> rs.next() ? rs.getInt(1) : null, campaign.id(), listId);
        if (parts == null) {
            throw new IllegalStateException("campaign " + campaign.id() + ": list " + listId + " is not staged");
        }
        Inputs in = inputs(campaign, now);
        ExecutorService workers = Executors.newFixedThreadPool(parts, r -> {
            Thread t = new Thread(r, "contact-policy-" + campaign.id());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int part = 0; part < parts; part++) {
                int p = part;
                running.add(workers.submit(() -> {
                    decidePart(campaign, listId, p, parts, in);
                    return null;
                }));
            }
            RuntimeException failed = null;
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    // the other parts go on and commit: a later call decides only what is left
                    failed = failed != null ? failed : new IllegalStateException("campaign " + campaign.id() + ": list "
                            + listId + " not fully decided: " + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while deciding list " + listId, e);
                }
            }
            if (failed != null) {
                throw failed;
            }
        } finally {
            workers.shutdownNow();
        }
        jdbc.update("UPDATE campaign_list SET state = 'DECIDED', decided_at = now() WHERE campaign_id = ? AND list_id = ?"
                + " AND state = 'DECIDING'", campaign.id(), listId);
        Map<String, Long> counts = new TreeMap<>();
        long[] decided = {0};
        jdbc.query("SELECT decided, outcomes FROM campaign_list_part WHERE campaign_id = ? AND list_id = ?", rs -> {
            decided[0] += rs.getLong(1);
            read(rs.getString(2)).forEach((k, v) -> counts.merge(k, v, Long::sum));
        }, campaign.id(), listId);
        return new Decisions(decided[0], counts);
    }

    /**
     * How many parts a list of this many rows to decide is split into: one per core of a 2-core database for lists
     * large enough to pay for their hash joins twice, one for the rest (a few rows are decided by index look-ups).
     */
    public int partsFor(long rows) {
        return rows >= parallelFrom ? PARTS : 1;
    }

    /**
     * Lists with at least this many rows to decide are split into {@link #PARTS} parts ({@code
     * hub.campaigns.policy.parallel-from}, 100,000 by default; tests lower it to decide small lists in parts).
     */
    @Value("${hub.campaigns.policy.parallel-from:100000}")
    public void setParallelFrom(long parallelFrom) {
        this.parallelFrom = parallelFrom;
    }

    /** What every part of one run needs: the campaign's rules resolved once. */
    private record Inputs(CampaignDefinition d, Set<Channel> channels, String group, Instant dayStart, Instant weekStart,
                          Instant similarSince, AppCatalog.Matcher apps) {
    }

    private Inputs inputs(Campaign campaign, Instant now) {
        CampaignDefinition d = campaign.definition();
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        d.channels().forEach(c -> channels.add(Channel.valueOf(c.toUpperCase())));
        String group = d.productId() == null ? null : jdbc.query("SELECT exclusive_group FROM product WHERE product_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, d.productId());
        LocalDate today = now.atZone(QuietHoursClock.ZONE).toLocalDate();
        Instant dayStart = today.atStartOfDay(QuietHoursClock.ZONE).toInstant();
        Instant weekStart = today.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).atStartOfDay(QuietHoursClock.ZONE).toInstant();
        Instant similarSince = now.minus(d.rules().recentSimilarDays(), ChronoUnit.DAYS);
        AppCatalog.Matcher apps = channels.contains(Channel.MM) && appCatalog.getIfAvailable() != null
                && d.templates() != null && d.templates().get("MM") != null
                ? appCatalog.getIfAvailable().matcher(d.templates().get("MM").appIds()) : null;
        return new Inputs(d, channels, group, dayStart, weekStart, similarSince, apps);
    }

    /**
     * Decides one part (the rows whose msisdn hashes to {@code part}) in one transaction: the part's row in
     * campaign_list_part is inserted first, so a second decider of the same part waits for the first and then finds it
     * done; the contacts and the part's counts commit together.
     */
    private void decidePart(Campaign campaign, String listId, int part, int parts, Inputs in) throws SQLException {
        DataSource ds = jdbc.getDataSource();
        try (Connection con = ds.getConnection()) {
            con.setAutoCommit(false);
            try {
                if (!claimPart(con, campaign.id(), listId, part)) {
                    con.rollback();
                    return;
                }
                Map<String, Long> counts = new TreeMap<>();
                long decided = decideRows(con, campaign, listId, part, parts, in, counts);
                try (PreparedStatement ps = con.prepareStatement("UPDATE campaign_list_part SET decided = ?, outcomes = ?::jsonb,"
                        + " decided_at = now() WHERE campaign_id = ? AND list_id = ? AND part = ?")) {
                    ps.setLong(1, decided);
                    ps.setString(2, write(counts));
                    ps.setString(3, campaign.id());
                    ps.setString(4, listId);
                    ps.setInt(5, part);
                    ps.executeUpdate();
                }
                con.commit();
            } catch (SQLException | RuntimeException e) {
                con.rollback();
                throw e;
            }
        }
    }

    private static boolean claimPart(Connection con, String campaignId, String listId, int part) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("INSERT INTO campaign_list_part (campaign_id, list_id, part)"
                + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, campaignId);
            ps.setString(2, listId);
            ps.setInt(3, part);
            return ps.executeUpdate() == 1;
        }
    }

    private long decideRows(Connection con, Campaign campaign, String listId, int part, int parts, Inputs in,
                            Map<String, Long> counts) throws SQLException {
        try (Statement set = con.createStatement()) {
            // Hash joins and aggregates of millions of rows stay in memory for this transaction only.
            set.execute("SET LOCAL work_mem = '" + WORK_MEM + "'");
            if (parts > 1) {
                // The planner cannot estimate the hash filter of a part (it guesses 0.5% of the rows) and would look
                // every customer up by index: a part of a large list is as large as the list, joined by hashing.
                set.execute("SET LOCAL enable_nestloop = off");
                set.execute("SET LOCAL enable_mergejoin = off");
            }
        }
        CampaignDefinition d = in.d;
        long decided = 0;
        CopyRows out = CopyRows.chunked(con, """
                COPY campaign_contact (campaign_id, msisdn, list_id, line_no, segment, grp, channel, status, reason, vars)
                FROM STDIN""");
        try (PreparedStatement ps = con.prepareStatement(facts(part, parts), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH);
            int i = 1;
            ps.setTimestamp(i++, Timestamp.from(in.dayStart));
            ps.setTimestamp(i++, Timestamp.from(in.weekStart));
            ps.setTimestamp(i++, Timestamp.from(in.similarSince));
            ps.setString(i++, campaign.id());
            ps.setString(i++, d.productId());
            ps.setString(i++, d.type().toUpperCase());
            ps.setTimestamp(i++, Timestamp.from(in.dayStart));
            ps.setTimestamp(i++, Timestamp.from(in.weekStart));
            ps.setTimestamp(i++, Timestamp.from(in.similarSince));
            ps.setString(i++, d.productId());
            ps.setString(i++, in.group);
            ps.setString(i++, d.productId());
            ps.setString(i++, in.group);
            ps.setString(i++, campaign.id());
            ps.setString(i++, listId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Facts f = facts(rs);
                    Outcome o = decide(f, d, in.channels, in.apps, preferences);
                    String segment = rs.getString(2);
                    // The template fields (customer and list row) are read by dispatch when it claims the contact
                    // (ContactStore); only what the policy alone knows is stored: the apps suited to the handset.
                    String json = o.exclusion == null && o.apps != null ? write(Map.of("apps", String.join(",", o.apps))) : null;
                    String status = o.exclusion != null ? "EXCLUDED" : o.control ? "CONTROL" : "PENDING";
                    String grp = o.exclusion != null ? null : o.control ? "C" : "T";
                    counts.merge(o.exclusion != null ? o.exclusion : o.control ? "CONTROL" : "TREATMENT", 1L, Long::sum);
                    decided++;
                    out.field(campaign.id()).field(f.msisdn).field(listId).field(rs.getLong(15)).field(segment).field(grp)
                            .field(o.channel == null ? null : o.channel.name()).field(status).field(o.exclusion)
                            .field(json).endRow();
                }
            }
        }
        out.flush();
        return decided;
    }

    /** The facts query of one part: every input filtered by the same msisdn hash, so each part joins only its share. */
    static String facts(int part, int parts) {
        if (parts == 1) {
            return FACTS.formatted("", "", "", "", "", "", "");
        }
        // Seeded: the hash joins bucket by hashtext(msisdn) itself; a part picked by those bits would fill half the
        // buckets of every hash table twice as deep.
        String of = " AND (hashtextextended(%s.msisdn, 6) & " + (parts - 1) + ") = " + part;
        return FACTS.formatted(of.formatted("x"), of.formatted("h"), where(of, "o"), where(of, "b"), where(of, "g"),
                where(of, "c"), of.formatted("t"));
    }

    private static String where(String filter, String alias) {
        return " WHERE" + filter.formatted(alias).substring(" AND".length());
    }

    /**
     * The facts of every undecided row of the list in one pass: blacklist, greylist and customer joined by key; opt-outs,
     * holdings of the offer or its exclusive group, and the recent contact history aggregated once per customer and
     * hash-joined, instead of a correlated subquery per row. Unordered: each row is decided on its own. The
     * {@code %s} take a part's msisdn filter of every input ({@link #facts}): each part hashes only its share.
     */
    private static final String FACTS = """
            WITH hist AS (
                SELECT x.msisdn,
                       count(*) FILTER (WHERE x.channel = 'SMS' AND x.contacted_at >= ?) AS sms_today,
                       count(*) FILTER (WHERE x.channel = 'SMS' AND x.contacted_at >= ?) AS sms_week,
                       coalesce(bool_or(x.contacted_at >= ? AND x.campaign_id <> ? AND (k.product_id = ? OR k.type = ?)),
                                false) AS recent_similar
                FROM campaign_contact x JOIN campaign k ON k.id = x.campaign_id
                WHERE x.contacted_at >= least(?::timestamptz, ?::timestamptz, ?::timestamptz)
                  AND x.status IN ('SENT', 'SUBMITTING', 'OUTCOME_UNKNOWN')%s
                GROUP BY x.msisdn),
            held AS (
                SELECT h.msisdn, coalesce(bool_or(h.product_id = ?), false) AS holds,
                       coalesce(bool_or(p.exclusive_group = ?), false) AS group_conflict
                FROM holding h LEFT JOIN product p ON p.product_id = h.product_id
                WHERE (h.product_id = ? OR p.exclusive_group = ?)%s
                GROUP BY h.msisdn),
            opt AS (
                SELECT o.msisdn, array_agg(o.channel) AS optouts FROM channel_optout o%s GROUP BY o.msisdn)
            SELECT t.msisdn, t.segment,
                   b.msisdn IS NOT NULL AS blacklisted,
                   opt.optouts,
                   g.allowed_channels AS grey_allowed,
                   c.msisdn IS NOT NULL AND NOT c.deleted AS known,
                   c.status, c.customer_class, c.handset_model,
                   coalesce(held.holds, false) AS holds,
                   coalesce(held.group_conflict, false) AS group_conflict,
                   coalesce(hist.sms_today, 0) AS sms_today,
                   coalesce(hist.sms_week, 0) AS sms_week,
                   coalesce(hist.recent_similar, false) AS recent_similar,
                   t.line_no
            FROM campaign_target t
            LEFT JOIN (SELECT msisdn FROM blacklist b%s) b ON b.msisdn = t.msisdn
            LEFT JOIN (SELECT msisdn, allowed_channels FROM greylist g%s) g ON g.msisdn = t.msisdn
            LEFT JOIN (SELECT msisdn, deleted, status, customer_class, handset_model FROM customer c%s) c
                   ON c.msisdn = t.msisdn
            LEFT JOIN opt ON opt.msisdn = t.msisdn
            LEFT JOIN held ON held.msisdn = t.msisdn
            LEFT JOIN hist ON hist.msisdn = t.msisdn
            WHERE t.campaign_id = ? AND t.list_id = ? AND t.code IS NULL%s""";

    /** The facts of one customer that the policy needs. */
    record Facts(String msisdn, boolean blacklisted, Set<Channel> optouts, Set<Channel> greyAllowed, boolean known,
                 int status, int customerClass, String handset, boolean holds, boolean groupConflict, long smsToday,
                 long smsWeek, boolean recentSimilar) {
    }

    /** A decision: an exclusion code, or a channel and group. */
    record Outcome(String exclusion, Channel channel, boolean control, List<String> apps) {
        static Outcome excluded(String code) {
            return new Outcome(code, null, false, null);
        }
    }

    static Outcome decide(Facts f, CampaignDefinition d, Set<Channel> campaignChannels, AppCatalog.Matcher apps,
                           ChannelPreferences preferences) {
        if (f.blacklisted) {
            return Outcome.excluded("BLACKLIST");
        }
        Set<Channel> blocked = EnumSet.noneOf(Channel.class);
        blocked.addAll(f.optouts);
        if (blocked.containsAll(campaignChannels)) {
            return Outcome.excluded("CHANNEL_OPTOUT");
        }
        if (!f.known) {
            return Outcome.excluded("UNKNOWN_CUSTOMER");
        }
        if (f.status != 1) {
            return Outcome.excluded("INACTIVE");
        }
        if (f.holds) {
            return Outcome.excluded("HOLDS_PRODUCT");
        }
        if (f.groupConflict) {
            return Outcome.excluded("EXCLUSIVE_CONFLICT");
        }
        if (f.greyAllowed != null) {
            for (Channel c : campaignChannels) {
                if (!f.greyAllowed.contains(c)) {
                    blocked.add(c);
                }
            }
            if (blocked.containsAll(campaignChannels)) {
                return Outcome.excluded("GREYLIST");
            }
        }
        CampaignDefinition.Rules rules = d.rules();
        if (f.smsToday >= rules.maxSmsPerDay() || f.smsWeek >= rules.maxSmsPerWeek()) {
            blocked.add(Channel.SMS);
            if (blocked.containsAll(campaignChannels)) {
                return Outcome.excluded("FREQUENCY_CAP");
            }
        }
        if (f.recentSimilar) {
            return Outcome.excluded("RECENT_SIMILAR");
        }
        List<String> suitable = null;
        boolean mmUnsuitable = false;
        if (campaignChannels.contains(Channel.MM) && !blocked.contains(Channel.MM)) {
            suitable = apps == null ? List.of() : apps.suitable(f.handset);
            if (suitable.isEmpty()) {
                blocked.add(Channel.MM);
                mmUnsuitable = true;
            }
        }
        Channel channel = preferences.choose(f.customerClass, campaignChannels, blocked);
        return channel == null ? Outcome.excluded(mmUnsuitable ? "NO_SUITABLE_APP" : "NO_CHANNEL")
                : new Outcome(null, channel, ControlGroup.isControl(d.id(), f.msisdn, d.controlPercent()),
                channel == Channel.MM ? suitable : null);
    }

    private Facts facts(ResultSet rs) throws SQLException {
        Array grey = rs.getArray(5);
        return new Facts(rs.getString(1), rs.getBoolean(3), channels(rs.getArray(4)), grey == null ? null : channels(grey),
                rs.getBoolean(6), rs.getInt(7), rs.getInt(8), rs.getString(9), rs.getBoolean(10), rs.getBoolean(11),
                rs.getLong(12), rs.getLong(13), rs.getBoolean(14));
    }

    private static Set<Channel> channels(Array array) throws SQLException {
        Set<Channel> out = EnumSet.noneOf(Channel.class);
        if (array != null) {
            for (Object o : (Object[]) array.getArray()) {
                out.add(Channel.valueOf(String.valueOf(o)));
            }
        }
        return out;
    }

    private Map<String, Long> read(String outcomes) {
        try {
            return json.readValue(outcomes, OUTCOMES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("campaign_list_part outcomes unreadable: " + e.getMessage(), e);
        }
    }

    private String write(Map<String, ?> vars) {
        try {
            return json.writeValueAsString(vars);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rows for {@code COPY … FROM STDIN} in PostgreSQL's text format, sent one chunk (about 1 MiB) per COPY statement, so a
     * cursor may stay open on the same connection between chunks and memory stays flat however long the list.
     */
    static final class CopyRows {

        private static final int CHUNK = 1 << 20;

        private final CopyManager copy;
        private final String sql;
        private final boolean streaming;
        private final StringBuilder rows = new StringBuilder(CHUNK + 4096);
        private CopyIn open;
        private boolean first = true;

        private CopyRows(Connection con, String sql, boolean streaming) throws SQLException {
            this.copy = con.unwrap(PGConnection.class).getCopyAPI();
            this.sql = sql;
            this.streaming = streaming;
        }

        /** One COPY per chunk: other statements (an open cursor) may use the connection between chunks. */
        static CopyRows chunked(Connection con, String sql) throws SQLException {
            return new CopyRows(con, sql, false);
        }

        /**
         * One COPY for all rows, chunks streamed as they fill, so the database works on one while the next is built;
         * nothing else may use the connection until {@link #flush()} ends it.
         */
        static CopyRows streaming(Connection con, String sql) throws SQLException {
            return new CopyRows(con, sql, true);
        }

        CopyRows field(long value) {
            separate();
            rows.append(value);
            return this;
        }

        CopyRows field(String value) {
            separate();
            if (value == null) {
                rows.append("\\N");
                return this;
            }
            for (int i = 0, n = value.length(); i < n; i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> rows.append("\\\\");
                    case '\t' -> rows.append("\\t");
                    case '\n' -> rows.append("\\n");
                    case '\r' -> rows.append("\\r");
                    default -> rows.append(c);
                }
            }
            return this;
        }

        void endRow() throws SQLException {
            rows.append('\n');
            first = true;
            if (rows.length() >= CHUNK) {
                send();
            }
        }

        /** Sends what is left and ends the COPY. */
        void flush() throws SQLException {
            send();
            if (open != null) {
                CopyIn ending = open;
                open = null;
                ending.endCopy();
            }
        }

        /** Abandons a streaming COPY (its rows are not stored), so the transaction can roll back on this connection. */
        void cancel() {
            if (open != null && open.isActive()) {
                try {
                    open.cancelCopy();
                } catch (SQLException ignored) {
                    // the connection is broken anyway; the transaction rolls back with it
                }
            }
            open = null;
        }

        private void send() throws SQLException {
            if (rows.isEmpty()) {
                return;
            }
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            rows.setLength(0);
            if (streaming) {
                if (open == null) {
                    open = copy.copyIn(sql);
                }
                open.writeToCopy(bytes, 0, bytes.length);
                return;
            }
            try {
                copy.copyIn(sql, new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new SQLException("COPY from memory failed: " + e.getMessage(), e);
            }
        }

        private void separate() {
            if (!first) {
                rows.append('\t');
            }
            first = false;
        }
    }
}
