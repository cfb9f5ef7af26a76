package com.carrier.hub.runtime.campaign;

import static com.carrier.hub.runtime.campaign.PolicyQueries.FACTS;
import static com.carrier.hub.runtime.campaign.PolicyQueries.bindHeld;
import static com.carrier.hub.runtime.campaign.PolicyQueries.bindHist;
import static com.carrier.hub.runtime.campaign.PolicyQueries.givenFacts;
import static com.carrier.hub.runtime.campaign.PolicyRules.MM;
import static com.carrier.hub.runtime.campaign.PolicyRules.facts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.runtime.events.HubEvents;
import com.carrier.hub.runtime.campaign.PolicyRules.Facts;
import com.carrier.hub.runtime.campaign.PolicyRules.Outcome;
import com.carrier.hub.runtime.touchpoints.ChannelPreferences;
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
 * The facts of a small list come from one set-based query streamed from a cursor. A large list is decided in parts
 * side by side, each in its own transaction ({@link #decide}); the list stays DECIDING (not dispatched) until every part
 * is. Its facts are read once for all parts, each table by one scan ({@link SideFacts}: the customer index sorted by
 * MSISDN, the other lists as sets of MSISDNs), its rows are kept as staging wrote them (or read back by binary COPY)
 * and sorted by MSISDN ({@link SortedTargets}), and each part walks its range of the sorted rows alongside the index
 * and the sets: the database does no join and no sort. The decision itself is plain Java either way, so the order is
 * explicit and testable; the decisions go back by COPY, a large list's in key order.
 */
@Component
public class ContactPolicy {

    /** The facts of given customers ({@link PolicyQueries#givenFacts}), derived once. */
    private static final String GIVEN_FACTS = givenFacts();

    private static final Logger LOG = LoggerFactory.getLogger(ContactPolicy.class);

    static final int FETCH = 10_000;
    /**
     * Memory for the facts query's hash joins and the aggregates of the contact history, for the policy's transaction
     * only: with 256MB the aggregates of a 10M base spilled to disk.
     */
    static final String WORK_MEM = "1GB";
    /**
     * Parts a large list is decided in, at once on as many connections (a part: an equal range of the list's rows in
     * MSISDN order). Writing the contacts is CPU-bound in the database backend (about 2.8 µs a row with campaign_contact's
     * indexes), so parts use the database's cores side by side.
     */
    static final int PARTS = 2;
    private static final TypeReference<Map<String, Long>> OUTCOMES = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final ChannelPreferences preferences;
    private final ObjectProvider<AppCatalog> appCatalog;
    private final ObjectMapper json;
    private final HubEvents events;
    /** The global control group; none (no global holdout) until the hub's is set ({@link #useHoldout}). */
    private GlobalHoldout holdout;
    private long parallelFrom = new CampaignsProperties.Policy().getParallelFrom();
    /** Lists still staging whose policy lists are being read ahead ({@link #readAhead}), by campaign and list. */
    private final Map<String, ReadAhead> readAheads = new java.util.concurrent.ConcurrentHashMap<>();

    public ContactPolicy(JdbcTemplate jdbc, ChannelPreferences preferences, ObjectProvider<AppCatalog> appCatalog,
                         ObjectMapper json, HubEvents events) {
        this.jdbc = jdbc;
        this.events = events;
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
        ReadAhead ahead = readAheads.remove(key(campaign.id(), listId));
        Integer staged = jdbc.query("SELECT parts FROM campaign_list WHERE campaign_id = ? AND list_id = ?",
                rs -> rs.next() ? rs.getInt(1) : null, campaign.id(), listId);
        if (staged == null) {
            if (ahead != null) {
                ahead.drop();
            }
            throw new IllegalStateException("campaign " + campaign.id() + ": list " + listId + " is not staged");
        }
        int parts = staged;
        if (ahead != null && parts == 1) {
            ahead.drop();
            ahead = null;
        }
        ExecutorService workers = Executors.newFixedThreadPool(parts, daemons("contact-policy-" + campaign.id()));
        try {
            PolicyInputs in;
            if (ahead != null) {
                in = ahead.join(campaign, listId);
            } else {
                PolicyInputs base = inputs(campaign, now);
                in = parts == 1 ? base : base.with(readSideFacts(campaign, listId, base, workers));
            }
            List<Future<?>> running = new ArrayList<>();
            if (parts == 1) {
                running.add(workers.submit(() -> {
                    decidePart(campaign, listId, 0, (con, counts, control) -> decideRows(con, campaign, listId, in, counts, control));
                    return null;
                }));
            } else {
                SortedTargets kept = ahead == null ? null : ahead.targets().get();
                SortedTargets targets = kept != null ? kept : readTargets(campaign, listId);
                MsisdnSet before = decidedBefore(campaign, listId);
                int[] bounds = targets.bounds(parts);
                for (int part = 0; part < parts; part++) {
                    int p = part;
                    running.add(workers.submit(() -> {
                        decidePart(campaign, listId, p, (con, counts, control) -> decideSorted(con, campaign, listId,
                                targets, bounds[p], bounds[p + 1], before, in, counts, control));
                        return null;
                    }));
                }
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
        if (parts > 1) {
            // Dispatch claims this list's contacts as soon as it is DECIDED: the planner must know the campaign has them
            // (with statistics from before they were written, it walks every contact of the campaign to find none waited).
            // Only the columns a claim filters on: the sample is read either way, the other columns' statistics cost CPU.
            long t0 = System.nanoTime();
            jdbc.execute("ANALYZE campaign_contact (campaign_id, channel, status, not_before)");
            LOG.info("campaign {} list {}: contact statistics refreshed for dispatch in {} ms", campaign.id(), listId,
                    (System.nanoTime() - t0) / 1_000_000);
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

    private SideFacts readSideFacts(Campaign campaign, String listId, PolicyInputs in, ExecutorService workers) {
        long t0 = System.nanoTime();
        SideFacts side = SideFacts.load(jdbc, campaign, in, workers);
        log(campaign, listId, side, t0);
        return side;
    }

    /** The list's rows to decide, sorted by MSISDN ({@link SortedTargets}), read back from campaign_target. */
    private SortedTargets readTargets(Campaign campaign, String listId) {
        long t0 = System.nanoTime();
        SortedTargets targets;
        try (Connection con = jdbc.getDataSource().getConnection()) {
            con.setAutoCommit(false);
            try {
                targets = SortedTargets.load(con, campaign.id(), listId);
            } finally {
                con.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("campaign " + campaign.id() + ": list " + listId + ": reading its rows failed: "
                    + e.getMessage(), e);
        }
        LOG.info("campaign {} list {}: {} rows to decide read and sorted in {} ms", campaign.id(), listId, targets.size(),
                (System.nanoTime() - t0) / 1_000_000);
        return targets;
    }

    /**
     * The customers of the list decided already, when a part of it was (an earlier run stopped half-way; a list staged
     * by an earlier version of the hub had other parts): the parts left skip them, so nobody is decided twice whatever
     * the parts were. Null when no part was decided before.
     */
    private MsisdnSet decidedBefore(Campaign campaign, String listId) {
        Integer done = jdbc.queryForObject("SELECT count(*) FROM campaign_list_part WHERE campaign_id = ? AND list_id = ?",
                Integer.class, campaign.id(), listId);
        if (done == null || done == 0) {
            return null;
        }
        MsisdnSet before = new MsisdnSet();
        try {
            SideFacts.stream(jdbc, "SELECT msisdn FROM campaign_contact WHERE campaign_id = ? AND list_id = ?", (ps, i) -> {
                ps.setString(i++, campaign.id());
                ps.setString(i++, listId);
                return i;
            }, rs -> before.add(rs.getString(1)));
        } catch (SQLException e) {
            throw new IllegalStateException("campaign " + campaign.id() + ": list " + listId
                    + ": reading the customers decided before failed: " + e.getMessage(), e);
        }
        return before;
    }

    /**
     * Starts reading the policy's lists ({@link SideFacts}) for a list that is still being staged and is already known
     * to be decided in parts: staging keeps one database backend busy, so the lists are read on the other core and
     * {@link #decide} takes them instead of reading them itself. Its clock ({@code now}) is the run's clock.
     */
    public void readAhead(Campaign campaign, String listId, Instant now) {
        ExecutorService pool = Executors.newFixedThreadPool(4, daemons("contact-policy-read-" + campaign.id()));
        long t0 = System.nanoTime();
        // Everything on the pool's connections: the caller's thread may hold a connection in the middle of a COPY.
        CompletableFuture<PolicyInputs> facts = CompletableFuture.supplyAsync(() -> {
            PolicyInputs in = inputs(campaign, now);
            return in.with(SideFacts.load(jdbc, campaign, in, pool));
        }, pool);
        facts.whenComplete((in, e) -> {
            pool.shutdown();
            if (in != null) {
                log(campaign, listId, in.side(), t0);
            }
        });
        ReadAhead replaced = readAheads.put(key(campaign.id(), listId), new ReadAhead(facts, pool, new AtomicReference<>()));
        if (replaced != null) {
            replaced.drop();
        }
    }

    /**
     * The rows to decide of a list being read ahead, as staging wrote them (each line once, no step-1 code): {@link
     * #decide} takes them instead of reading the list back. Only for a list staged in the transaction that is about to
     * commit; a list that fails to stage drops its read-ahead, these rows with it.
     */
    void staged(String campaignId, String listId, SortedTargets targets) {
        ReadAhead ahead = readAheads.get(key(campaignId, listId));
        if (ahead != null) {
            ahead.targets().set(targets);
        }
    }

    /** Forgets a read-ahead that will not be decided now (its list failed to stage). */
    public void dropReadAhead(String campaignId, String listId) {
        ReadAhead ahead = readAheads.remove(key(campaignId, listId));
        if (ahead != null) {
            ahead.drop();
        }
    }

    /**
     * The policy's lists being read for a list still staging: the run's inputs, with its {@link SideFacts}; and the
     * list's rows once staging has them ({@link #staged}).
     */
    private record ReadAhead(CompletableFuture<PolicyInputs> facts, ExecutorService pool, AtomicReference<SortedTargets> targets) {

        PolicyInputs join(Campaign campaign, String listId) {
            try {
                return facts.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw new IllegalStateException("campaign " + campaign.id() + ": list " + listId
                        + ": reading the contact policy's lists failed: " + e.getCause().getMessage(), e.getCause());
            }
        }

        void drop() {
            facts.cancel(true);
            pool.shutdownNow();
        }
    }

    private static String key(String campaignId, String listId) {
        return campaignId + "\u0000" + listId;
    }

    private static java.util.concurrent.ThreadFactory daemons(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void log(Campaign campaign, String listId, SideFacts side, long t0) {
        LOG.info("campaign {} list {}: policy lists read in {} ms: {} live customers, {} blacklisted, {} opted out,"
                        + " {} greylisted, {} holding, {} capped, {} recently contacted", campaign.id(), listId,
                (System.nanoTime() - t0) / 1_000_000, side.customers().size(), side.blacklist().size(),
                side.anyOptOut().size(), side.greylisted().size(),
                side.holds().size() + side.groupConflict().size(), side.smsCapped().size(), side.recentSimilar().size());
    }

    /** Lists with at least this many rows to decide are decided in parts (see {@link #setParallelFrom}). */
    public long parallelFrom() {
        return parallelFrom;
    }

    /**
     * How many parts a list of this many rows to decide is split into: one per core of a 2-core database for lists
     * large enough to pay for reading the customer index and the policy's lists whole, one for the rest (a few rows are
     * decided by index look-ups).
     */
    public int partsFor(long rows) {
        return rows >= parallelFrom ? PARTS : 1;
    }

    /**
     * Lists with at least this many rows to decide are split into {@link #PARTS} parts ({@code
     * hub.campaigns.policy.parallel-from}, see {@link CampaignsProperties.Policy}; tests lower it to decide small
     * lists in parts).
     */
    public void setParallelFrom(long parallelFrom) {
        this.parallelFrom = parallelFrom;
    }

    /** Excludes the customers of the hub's global control group from every decision ({@link GlobalHoldout}). */
    @Autowired
    void useHoldout(GlobalHoldout holdout) {
        this.holdout = holdout;
    }

    /** Takes {@code hub.campaigns.policy.*} from the hub's settings. */
    @Autowired
    void useSettings(CampaignsProperties settings) {
        setParallelFrom(settings.getPolicy().getParallelFrom());
    }

    private PolicyInputs inputs(Campaign campaign, Instant now) {
        CampaignDefinition d = campaign.definition();
        Set<String> channels = new HashSet<>();
        d.channels().forEach(c -> channels.add(c.strip().toUpperCase(Locale.ROOT)));
        String group = d.productId() == null ? null : jdbc.query("SELECT exclusive_group FROM product WHERE product_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, d.productId());
        LocalDate today = now.atZone(HubTime.ZONE).toLocalDate();
        Instant dayStart = today.atStartOfDay(HubTime.ZONE).toInstant();
        Instant weekStart = today.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).atStartOfDay(HubTime.ZONE).toInstant();
        Instant similarSince = now.minus(d.rules().recentSimilarDays(), ChronoUnit.DAYS);
        AppCatalog.Matcher apps = channels.contains(MM) && appCatalog.getIfAvailable() != null
                && !d.template(MM).isEmpty() ? appCatalog.getIfAvailable().matcher(d.templateList(MM, "appIds")) : null;
        return new PolicyInputs(d, channels, group, dayStart, weekStart, similarSince, apps, holdout == null ? null : holdout.current(), null);
    }

    /**
     * Decides one part (the rows {@code rows} decides) in one transaction: the part's row in
     * campaign_list_part is inserted first, so a second decider of the same part waits for the first and then finds it
     * done; the contacts and the part's counts commit together.
     */
    private void decidePart(Campaign campaign, String listId, int part, PartDecider rows) throws SQLException {
        DataSource ds = jdbc.getDataSource();
        try (Connection con = ds.getConnection()) {
            con.setAutoCommit(false);
            try {
                if (!claimPart(con, campaign.id(), listId, part)) {
                    con.rollback();
                    return;
                }
                Map<String, Long> counts = new TreeMap<>();
                List<String> control = new ArrayList<>();
                long decided = rows.decide(con, counts, control);
                // the control group is contacted by its decision (contact.made, PEERS §12), in the part's transaction
                events.controlContacts(con, campaign.id(), control);
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

    /** Decides the rows of one part on its connection, counting outcomes; returns how many it decided. */
    private interface PartDecider {
        long decide(Connection con, Map<String, Long> counts, List<String> control) throws SQLException;
    }

    private static final String COPY_CONTACTS = """
            COPY campaign_contact (campaign_id, msisdn, list_id, line_no, segment, grp, channel, status, reason, vars)
            FROM STDIN""";

    /** A small list, decided whole: its facts from one query ({@link PolicyQueries#FACTS}), read by index look-ups, streamed. */
    private long decideRows(Connection con, Campaign campaign, String listId, PolicyInputs in, Map<String, Long> counts,
                            List<String> control) throws SQLException {
        try (Statement set = con.createStatement()) {
            // Hash joins and aggregates of many rows stay in memory for this transaction only.
            set.execute("SET LOCAL work_mem = '" + WORK_MEM + "'");
        }
        long decided = 0;
        CopyRows out = CopyRows.chunked(con, COPY_CONTACTS);
        try (PreparedStatement ps = con.prepareStatement(FACTS, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH);
            int i = bindHist(ps, 1, campaign, in);
            i = bindHeld(ps, i, in);
            ps.setString(i++, campaign.id());
            ps.setString(i, listId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Facts f = facts(rs, in.d().rules());
                    write(out, campaign, listId, f, PolicyRules.decide(f, in.d(), in.channels(), in.apps(), in.holdout(), preferences), rs.getString(2),
                            rs.getLong(15), counts, control);
                    decided++;
                }
            }
        }
        out.flush();
        return decided;
    }

    /**
     * A part of a large list: its rows {@code from} to {@code to} of the sorted list, merged with the customer index held
     * in memory, the other facts looked up in {@link SideFacts}; the contacts are streamed by one COPY as they are
     * decided, in key order. Customers in {@code before} (decided by an earlier run) are passed over.
     */
    private long decideSorted(Connection con, Campaign campaign, String listId, SortedTargets targets, int from, int to,
                              MsisdnSet before, PolicyInputs in, Map<String, Long> counts, List<String> control)
            throws SQLException {
        SideFacts.Walk side = in.side().walk();
        IndexedCustomers.Cursor customer = in.side().customers().cursor();
        MsisdnSet.Walk earlier = before == null ? null : before.walk();
        long decided = 0;
        CopyRows out = CopyRows.streaming(con, COPY_CONTACTS);
        try {
            for (int i = from; i < to; i++) {
                long key = targets.key(i);
                long n = key + IndexedCustomers.BASE;
                String m = Long.toString(n);
                if (earlier != null && earlier.contains(n, m)) {
                    continue;
                }
                Facts f = factsAt(side, customer, key, n, m);
                write(out, campaign, listId, f, PolicyRules.decide(f, in.d(), in.channels(), in.apps(), in.holdout(), preferences), targets.segment(i),
                        targets.line(i), counts, control);
                decided++;
            }
            out.flush();
        } catch (SQLException | RuntimeException e) {
            out.cancel();
            throw e;
        }
        return decided;
    }

    /** The facts of the customer with this key from the index and the lists held in memory, for the sorted walk. */
    private static Facts factsAt(SideFacts.Walk side, IndexedCustomers.Cursor customer, long key, long n, String m) {
        boolean known = customer.seek(key);
        return new Facts(m, side.blacklist.contains(n, m), side.optouts(n, m), side.greyAllowed(n, m), known,
                known && customer.active() ? 1 : 0, known ? customer.customerClass() : 0,
                known ? customer.handset() : null, side.holds.contains(n, m), side.groupConflict.contains(n, m),
                side.smsCapped.contains(n, m), side.recentSimilar.contains(n, m));
    }

    /** A decision of a {@link DryRun}: the row's place in MSISDN order and what the policy decided for it. */
    interface Decided {
        void accept(int row, Outcome outcome);
    }

    /** Customers whose facts one query of a small preview reads ({@link #GIVEN_FACTS}, by index look-ups). */
    private static final int GIVEN_CHUNK = 5_000;

    /** A dry run of a campaign's list ({@link #dryRun}). */
    public DryRun dryRun(Campaign campaign, Instant now) {
        return new DryRun(campaign, now);
    }

    /**
     * Decides rows as {@link #decide} would decide them as a list of the campaign now, and writes nothing: the same
     * facts, rules, codes and control group, by the same path for a list of that size (fewer rows than {@link
     * #parallelFrom()} by the facts query, more by the sorted walk over the index and the lists read whole). As for a
     * list being staged, the lists can be read ahead while the rows are still coming ({@link #readAhead()}). Nothing is
     * kept once it is closed. For a preview ({@link CampaignPreview}).
     */
    public final class DryRun implements AutoCloseable {

        private final Campaign campaign;
        private final Instant now;
        private final PolicyInputs in;
        private final ExecutorService pool;
        private CompletableFuture<PolicyInputs> facts;

        private DryRun(Campaign campaign, Instant now) {
            this.campaign = campaign;
            this.now = now;
            this.in = inputs(campaign, now);
            this.pool = Executors.newFixedThreadPool(4, daemons("contact-policy-dry-run-" + campaign.id()));
        }

        /** Starts reading the policy's lists on their own threads: the rows are many, and still being read. */
        void readAhead() {
            if (facts == null) {
                facts = CompletableFuture.supplyAsync(() -> in.with(SideFacts.load(jdbc, campaign, in, pool)), pool);
            }
        }

        /**
         * Decides the rows, each part on its own thread into its own {@code part()} (a large list is walked in {@link
         * #PARTS} ranges at once): the parts are answered for the caller to add up. Decisions come in MSISDN order
         * within a part of a large list, in no order for a small one.
         */
        <T extends Decided> List<T> decide(SortedTargets targets, java.util.function.Supplier<T> part) {
            if (partsFor(targets.size()) == 1) {
                T only = part.get();
                for (int from = 0; from < targets.size(); from += GIVEN_CHUNK) {
                    int to = Math.min(targets.size(), from + GIVEN_CHUNK);
                    Map<String, Integer> rows = new java.util.HashMap<>((to - from) * 2);
                    for (int i = from; i < to; i++) {
                        rows.put(Long.toString(targets.key(i) + IndexedCustomers.BASE), i);
                    }
                    factsOf(campaign, in, rows.keySet(), f -> only.accept(rows.get(f.msisdn()),
                            PolicyRules.decide(f, in.d(), in.channels(), in.apps(), in.holdout(), preferences)));
                }
                return List.of(only);
            }
            readAhead();
            PolicyInputs all;
            try {
                all = facts.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw new IllegalStateException("campaign " + campaign.id() + ": reading the contact policy's lists failed: "
                        + e.getCause().getMessage(), e.getCause());
            }
            int[] bounds = targets.bounds(PARTS);
            List<T> parts = new ArrayList<>();
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < PARTS; p++) {
                T out = part.get();
                parts.add(out);
                int from = bounds[p];
                int to = bounds[p + 1];
                running.add(pool.submit(() -> {
                    SideFacts.Walk side = all.side().walk();
                    IndexedCustomers.Cursor customer = all.side().customers().cursor();
                    for (int i = from; i < to; i++) {
                        long key = targets.key(i);
                        long n = key + IndexedCustomers.BASE;
                        out.accept(i, PolicyRules.decide(factsAt(side, customer, key, n, Long.toString(n)), all.d(),
                                all.channels(), all.apps(), all.holdout(), preferences));
                    }
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("campaign " + campaign.id() + ": the dry run failed: "
                            + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during a dry run of campaign " + campaign.id(), e);
                }
            }
            return parts;
        }

        /** The run's clock. */
        Instant now() {
            return now;
        }

        @Override
        public void close() {
            if (facts != null) {
                facts.cancel(true);
            }
            pool.shutdownNow();
        }
    }

    /**
     * One decided customer's campaign_contact row. The template fields (customer and list row) are read by dispatch
     * when it claims the contact (ContactStore); only what the policy alone knows is stored: the apps suited to the
     * handset.
     */
    private void write(CopyRows out, Campaign campaign, String listId, Facts f, Outcome o, String segment, long lineNo,
                       Map<String, Long> counts, List<String> control) throws SQLException {
        String json = o.exclusion() == null && o.apps() != null ? write(Map.of("apps", String.join(",", o.apps()))) : null;
        ContactStatus status = o.exclusion() != null ? ContactStatus.EXCLUDED : o.control() ? ContactStatus.CONTROL : ContactStatus.PENDING;
        String grp = o.exclusion() != null ? null : o.control() ? "C" : "T";
        counts.merge(o.exclusion() != null ? o.exclusion() : o.control() ? "CONTROL" : "TREATMENT", 1L, Long::sum);
        if (status == ContactStatus.CONTROL) {
            control.add(f.msisdn());
        }
        out.field(campaign.id()).field(f.msisdn()).field(listId).field(lineNo).field(segment).field(grp)
                .field(o.channel()).field(status.name()).field(o.exclusion()).field(json).endRow();
    }

    /**
     * Where a contact a touchpoint refused goes next (PEERS §8): its channel, or the exclusion code when none is left.
     *
     * @param msisdn    the customer
     * @param channel   the next channel, or null when excluded
     * @param exclusion null, or why the customer is excluded now ({@code NO_CHANNEL} when every channel was refused or
     *                  blocked; a later opt-out or blacklisting gives its own code)
     * @param apps      for the MM store, the apps suited to the handset, comma-separated (stored in the contact's vars
     *                  as a list decision stores them); else null
     */
    public record Fallback(String msisdn, String channel, String exclusion, String apps) {
    }

    /**
     * Decides again, as the list was decided ({@link #decide}, the same facts and codes), the customers a touchpoint
     * refused for a reason another channel could serve: each gets the next channel of their class order that the
     * campaign allows and the policy permits, leaving out every channel that already refused them; the control group
     * is not decided again (a refused contact was treatment).
     *
     * @param refused the customers, each with the channels that refused them so far
     */
    public List<Fallback> fallback(Campaign campaign, Map<String, Set<String>> refused, Instant now) {
        if (refused.isEmpty()) {
            return List.of();
        }
        PolicyInputs in = inputs(campaign, now);
        List<Fallback> out = new ArrayList<>(refused.size());
        factsOf(campaign, in, refused.keySet(), f -> {
            Set<String> left = new HashSet<>(in.channels());
            left.removeAll(refused.getOrDefault(f.msisdn(), Set.of()));
            Outcome o = left.isEmpty() ? Outcome.excluded("NO_CHANNEL") : PolicyRules.decide(f, in.d(), left, in.apps(), in.holdout(), preferences);
            out.add(new Fallback(f.msisdn(), o.channel(), o.exclusion(),
                    o.exclusion() == null && o.apps() != null ? String.join(",", o.apps()) : null));
        });
        return out;
    }

    /**
     * A triggered campaign's decision of one customer (PEERS §7.4), by the same rules, codes and control-group hash as a
     * list's.
     *
     * @param exclusion the §7.2 code, or null when the customer is treatment or control
     * @param channel   the channel chosen (null when excluded)
     * @param control   whether the customer is in the control group C
     * @param apps      for the MM store, the apps suited to the handset, comma-separated; else null
     */
    public record Decision(String msisdn, String exclusion, String channel, boolean control, String apps) {
    }

    /**
     * Decides given customers of a campaign at once, as a list's customers are decided ({@link #decide}: the same facts,
     * codes in the same order, frequency caps across campaigns and the same control group), on the caller's
     * transaction. For the customers of a triggered campaign's events; a customer not in the index is UNKNOWN_CUSTOMER.
     */
    public List<Decision> decideCustomers(Campaign campaign, java.util.Collection<String> msisdns, Instant now) {
        if (msisdns.isEmpty()) {
            return List.of();
        }
        PolicyInputs in = inputs(campaign, now);
        List<Decision> out = new ArrayList<>(msisdns.size());
        factsOf(campaign, in, msisdns, f -> {
            Outcome o = PolicyRules.decide(f, in.d(), in.channels(), in.apps(), in.holdout(), preferences);
            out.add(new Decision(f.msisdn(), o.exclusion(), o.channel(), o.control(),
                    o.exclusion() == null && o.apps() != null ? String.join(",", o.apps()) : null));
        });
        return out;
    }

    /** Reads the facts of given customers (one query, on the caller's transaction) and hands each to {@code each}. */
    private void factsOf(Campaign campaign, PolicyInputs in, java.util.Collection<String> msisdns,
                         java.util.function.Consumer<Facts> each) {
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(GIVEN_FACTS);
            ps.setArray(1, con.createArrayOf("text", msisdns.toArray()));
            bindHeld(ps, bindHist(ps, 2, campaign, in), in);
            return ps;
        }, rs -> {
            each.accept(facts(rs, in.d().rules()));
        });
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
}
