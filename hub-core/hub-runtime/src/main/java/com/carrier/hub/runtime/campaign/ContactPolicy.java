package com.carrier.hub.runtime.campaign;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import java.util.HashMap;
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
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.batchfile.jdbc.CopyText;
import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.runtime.events.HubEvents;
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

    /**
     * The touchpoints the policy's own rules of PEERS §7.2 name: the SMS frequency cap (step 6) and the MM store's
     * handset-suited apps (step 7).
     */
    private static final String SMS = "SMS";
    private static final String MM = "MM";

    private static final Logger LOG = LoggerFactory.getLogger(ContactPolicy.class);

    private static final int FETCH = 10_000;
    /**
     * Memory for the facts query's hash joins and the aggregates of the contact history, for the policy's transaction
     * only: with 256MB the aggregates of a 10M base spilled to disk.
     */
    private static final String WORK_MEM = "1GB";
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
            Inputs in;
            if (ahead != null) {
                in = ahead.join(campaign, listId);
            } else {
                Inputs base = inputs(campaign, now);
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

    private SideFacts readSideFacts(Campaign campaign, String listId, Inputs in, ExecutorService workers) {
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
        CompletableFuture<Inputs> facts = CompletableFuture.supplyAsync(() -> {
            Inputs in = inputs(campaign, now);
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
    private record ReadAhead(CompletableFuture<Inputs> facts, ExecutorService pool, AtomicReference<SortedTargets> targets) {

        Inputs join(Campaign campaign, String listId) {
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

    /** Takes {@code hub.campaigns.policy.*} from the hub's settings. */
    @Autowired
    void useSettings(CampaignsProperties settings) {
        setParallelFrom(settings.getPolicy().getParallelFrom());
    }

    /** What every part of one run needs: the campaign's rules resolved once. */
    private record Inputs(CampaignDefinition d, Set<String> channels, String group, Instant dayStart, Instant weekStart,
                          Instant similarSince, AppCatalog.Matcher apps, SideFacts side) {

        Inputs with(SideFacts facts) {
            return new Inputs(d, channels, group, dayStart, weekStart, similarSince, apps, facts);
        }
    }

    private Inputs inputs(Campaign campaign, Instant now) {
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
        return new Inputs(d, channels, group, dayStart, weekStart, similarSince, apps, null);
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

    /** A small list, decided whole: its facts from one query ({@link #FACTS}), read by index look-ups, streamed. */
    private long decideRows(Connection con, Campaign campaign, String listId, Inputs in, Map<String, Long> counts,
                            List<String> control) throws SQLException {
        try (Statement set = con.createStatement()) {
            // Hash joins and aggregates of many rows stay in memory for this transaction only.
            set.execute("SET LOCAL work_mem = '" + WORK_MEM + "'");
        }
        long decided = 0;
        CopyRows out = CopyRows.chunked(con, COPY_CONTACTS);
        try (PreparedStatement ps = con.prepareStatement(facts(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH);
            int i = bindHist(ps, 1, campaign, in);
            i = bindHeld(ps, i, in);
            ps.setString(i++, campaign.id());
            ps.setString(i, listId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Facts f = facts(rs, in.d.rules());
                    write(out, campaign, listId, f, decide(f, in.d, in.channels, in.apps, preferences), rs.getString(2),
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
                              MsisdnSet before, Inputs in, Map<String, Long> counts, List<String> control)
            throws SQLException {
        SideFacts.Walk side = in.side.walk();
        IndexedCustomers.Cursor customer = in.side.customers().cursor();
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
                boolean known = customer.seek(key);
                Facts f = new Facts(m, side.blacklist.contains(n, m), side.optouts(n, m), side.greyAllowed(n, m), known,
                        known && customer.active() ? 1 : 0, known ? customer.customerClass() : 0,
                        known ? customer.handset() : null, side.holds.contains(n, m), side.groupConflict.contains(n, m),
                        side.smsCapped.contains(n, m), side.recentSimilar.contains(n, m));
                write(out, campaign, listId, f, decide(f, in.d, in.channels, in.apps, preferences), targets.segment(i),
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

    /**
     * One decided customer's campaign_contact row. The template fields (customer and list row) are read by dispatch
     * when it claims the contact (ContactStore); only what the policy alone knows is stored: the apps suited to the
     * handset.
     */
    private void write(CopyRows out, Campaign campaign, String listId, Facts f, Outcome o, String segment, long lineNo,
                       Map<String, Long> counts, List<String> control) throws SQLException {
        String json = o.exclusion == null && o.apps != null ? write(Map.of("apps", String.join(",", o.apps))) : null;
        ContactStatus status = o.exclusion != null ? ContactStatus.EXCLUDED : o.control ? ContactStatus.CONTROL : ContactStatus.PENDING;
        String grp = o.exclusion != null ? null : o.control ? "C" : "T";
        counts.merge(o.exclusion != null ? o.exclusion : o.control ? "CONTROL" : "TREATMENT", 1L, Long::sum);
        if (status == ContactStatus.CONTROL) {
            control.add(f.msisdn);
        }
        out.field(campaign.id()).field(f.msisdn).field(listId).field(lineNo).field(segment).field(grp)
                .field(o.channel).field(status.name()).field(o.exclusion).field(json).endRow();
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
        Inputs in = inputs(campaign, now);
        List<Fallback> out = new ArrayList<>(refused.size());
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(fallbackFacts());
            int i = bindHist(ps, 1, campaign, in);
            i = bindHeld(ps, i, in);
            ps.setArray(i, con.createArrayOf("text", refused.keySet().toArray()));
            return ps;
        }, rs -> {
            Facts f = facts(rs, in.d.rules());
            Set<String> left = new HashSet<>(in.channels);
            left.removeAll(refused.getOrDefault(f.msisdn(), Set.of()));
            Outcome o = left.isEmpty() ? Outcome.excluded("NO_CHANNEL") : decide(f, in.d, left, in.apps, preferences);
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
        Inputs in = inputs(campaign, now);
        List<Decision> out = new ArrayList<>(msisdns.size());
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(fallbackFacts());
            int i = bindHist(ps, 1, campaign, in);
            i = bindHeld(ps, i, in);
            ps.setArray(i, con.createArrayOf("text", msisdns.toArray()));
            return ps;
        }, rs -> {
            Outcome o = decide(facts(rs, in.d.rules()), in.d, in.channels, in.apps, preferences);
            out.add(new Decision(rs.getString(1), o.exclusion(), o.channel(), o.control(),
                    o.exclusion() == null && o.apps() != null ? String.join(",", o.apps()) : null));
        });
        return out;
    }

    /** {@link #FACTS} of given customers (a text[] of MSISDNs) instead of a list's rows. */
    private static String fallbackFacts() {
        return factsOf("(SELECT m AS msisdn, NULL::text AS segment, NULL::bigint AS line_no FROM unnest(?::text[]) AS m) t");
    }

    private static String factsOf(String rows) {
        String from = "FROM campaign_target t\n";
        String where = "WHERE t.campaign_id = ? AND t.list_id = ? AND t.code IS NULL";
        if (!FACTS.contains(from) || !FACTS.endsWith(where)) {
            throw new IllegalStateException("ContactPolicy.FACTS changed shape; update factsOf");
        }
        return FACTS.substring(0, FACTS.length() - where.length()).replace(from, "FROM " + rows + "\n");
    }

    /** The facts query of a list decided whole ({@link #FACTS}). */
    static String facts() {
        return FACTS;
    }

    /** Binds {@link #HIST}'s parameters from {@code i}; returns the next index. */
    private static int bindHist(PreparedStatement ps, int i, Campaign campaign, Inputs in) throws SQLException {
        CampaignDefinition d = in.d;
        ps.setTimestamp(i++, Timestamp.from(in.dayStart));
        ps.setTimestamp(i++, Timestamp.from(in.weekStart));
        ps.setTimestamp(i++, Timestamp.from(in.similarSince));
        ps.setString(i++, campaign.id());
        ps.setString(i++, d.productId());
        ps.setString(i++, d.type().toUpperCase());
        ps.setTimestamp(i++, Timestamp.from(in.dayStart));
        ps.setTimestamp(i++, Timestamp.from(in.weekStart));
        ps.setTimestamp(i++, Timestamp.from(in.similarSince));
        return i;
    }

    /** Binds {@link #HELD}'s parameters from {@code i}; returns the next index. */
    private static int bindHeld(PreparedStatement ps, int i, Inputs in) throws SQLException {
        ps.setString(i++, in.d.productId());
        ps.setString(i++, in.group);
        ps.setString(i++, in.d.productId());
        ps.setString(i++, in.group);
        return i;
    }

    /**
     * Per customer with contacts in the windows: SMS today, SMS this week, and whether a campaign of the same product
     * or type reached them within the recent-similar days. Binds day start, week start, similar-since, campaign id,
     * product, type, then the three instants again.
     */
    private static final String HIST = """
            SELECT x.msisdn,
                   count(*) FILTER (WHERE x.channel = 'SMS' AND x.contacted_at >= ?) AS sms_today,
                   count(*) FILTER (WHERE x.channel = 'SMS' AND x.contacted_at >= ?) AS sms_week,
                   coalesce(bool_or(x.contacted_at >= ? AND x.campaign_id <> ? AND (k.product_id = ? OR k.type = ?)),
                            false) AS recent_similar
            FROM campaign_contact x JOIN campaign k ON k.id = x.campaign_id
            WHERE x.contacted_at >= least(?::timestamptz, ?::timestamptz, ?::timestamptz)
              AND x.status IN ('SENT', 'SUBMITTING', 'OUTCOME_UNKNOWN')
            GROUP BY x.msisdn""";

    /** Per customer holding the offer or a product of its exclusive group. Binds product, group, product, group. */
    private static final String HELD = """
            SELECT h.msisdn, coalesce(bool_or(h.product_id = ?), false) AS holds,
                   coalesce(bool_or(p.exclusive_group = ?), false) AS group_conflict
            FROM holding h LEFT JOIN product p ON p.product_id = h.product_id
            WHERE (h.product_id = ? OR p.exclusive_group = ?)
            GROUP BY h.msisdn""";

    /**
     * The facts of every undecided row of a list decided whole, in one pass: blacklist, greylist and customer joined by
     * key; opt-outs, holdings of the offer or its exclusive group, and the recent contact history aggregated once per
     * customer and hash-joined, instead of a correlated subquery per row. Unordered: each row is decided on its own.
     */
    private static final String FACTS = "WITH hist AS (" + HIST + "),\nheld AS (" + HELD + "),\n" + """
            opt AS (
                SELECT o.msisdn, array_agg(o.channel) AS optouts FROM channel_optout o GROUP BY o.msisdn)
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
            LEFT JOIN blacklist b ON b.msisdn = t.msisdn
            LEFT JOIN greylist g ON g.msisdn = t.msisdn
            LEFT JOIN customer c ON c.msisdn = t.msisdn
            LEFT JOIN opt ON opt.msisdn = t.msisdn
            LEFT JOIN held ON held.msisdn = t.msisdn
            LEFT JOIN hist ON hist.msisdn = t.msisdn
            WHERE t.campaign_id = ? AND t.list_id = ? AND t.code IS NULL""";

    /**
     * The facts of a large list, read once for all its parts, side by side, before the parts start: the customer index
     * ({@link IndexedCustomers}, sorted by MSISDN, so each part merges its sorted rows with it) and, as sets of MSISDNs,
     * the blacklist, opt-outs, greylist, holdings of the offer or its exclusive group, frequency caps and recent similar
     * contacts. Each table is scanned once, in one pass without a join. An opt-out that arrives later is still applied
     * when the contact is claimed; a customer who joins the index later is decided UNKNOWN_CUSTOMER, as one who joined
     * after the list's query ran always was.
     */
    record SideFacts(MsisdnSet blacklist, MsisdnSet anyOptOut, Map<String, MsisdnSet> optedOut, MsisdnSet greylisted,
                     Map<String, MsisdnSet> allowedIfGrey, MsisdnSet holds, MsisdnSet groupConflict, MsisdnSet smsCapped,
                     MsisdnSet recentSimilar, IndexedCustomers customers) {

        /** The facts of customers asked in ascending MSISDN order, for one thread ({@link MsisdnSet.Walk}). */
        Walk walk() {
            return new Walk(this);
        }

        /**
         * The side facts of one part's customers, asked in MSISDN order ({@code n}: {@link MsisdnSet#canonical} of
         * {@code msisdn}, at least the one asked before).
         */
        static final class Walk {
            final MsisdnSet.Walk blacklist;
            final MsisdnSet.Walk holds;
            final MsisdnSet.Walk groupConflict;
            final MsisdnSet.Walk smsCapped;
            final MsisdnSet.Walk recentSimilar;
            private final MsisdnSet.Walk anyOptOut;
            private final Map<String, MsisdnSet.Walk> optedOut = new HashMap<>();
            private final MsisdnSet.Walk greylisted;
            private final Map<String, MsisdnSet.Walk> allowedIfGrey = new HashMap<>();

            private Walk(SideFacts f) {
                blacklist = f.blacklist.walk();
                holds = f.holds.walk();
                groupConflict = f.groupConflict.walk();
                smsCapped = f.smsCapped.walk();
                recentSimilar = f.recentSimilar.walk();
                anyOptOut = f.anyOptOut.walk();
                f.optedOut.forEach((channel, set) -> optedOut.put(channel, set.walk()));
                greylisted = f.greylisted.walk();
                f.allowedIfGrey.forEach((channel, set) -> allowedIfGrey.put(channel, set.walk()));
            }

            /** The channels the customer opted out of. */
            Set<String> optouts(long n, String msisdn) {
                return anyOptOut.contains(n, msisdn) ? containing(optedOut, n, msisdn) : Set.of();
            }

            /** The channels a greylisted customer may be contacted on; null when not greylisted. */
            Set<String> greyAllowed(long n, String msisdn) {
                return greylisted.contains(n, msisdn) ? containing(allowedIfGrey, n, msisdn) : null;
            }

            /** The channels whose set holds the customer (a walk not asked for some customers skips ahead). */
            private static Set<String> containing(Map<String, MsisdnSet.Walk> sets, long n, String msisdn) {
                Set<String> out = new HashSet<>();
                sets.forEach((channel, set) -> {
                    if (set.contains(n, msisdn)) {
                        out.add(channel);
                    }
                });
                return out;
            }
        }

        private static SideFacts load(JdbcTemplate jdbc, Campaign campaign, Inputs in, ExecutorService pool) {
            SideFacts f = new SideFacts(new MsisdnSet(), new MsisdnSet(), perChannel(), new MsisdnSet(), perChannel(), new MsisdnSet(),
                    new MsisdnSet(), new MsisdnSet(), new MsisdnSet(), null);
            CampaignDefinition.Rules rules = in.d.rules();
            List<Future<?>> reads = new ArrayList<>();
            // the longest read first: with fewer threads than reads, it must not be the one left waiting
            Future<IndexedCustomers> customers = pool.submit(() -> {
                try (Connection con = jdbc.getDataSource().getConnection()) {
                    con.setAutoCommit(false);
                    try {
                        return IndexedCustomers.load(con, in.apps != null);
                    } finally {
                        con.rollback();
                    }
                }
            });
            reads.add(customers);
            reads.add(pool.submit(() -> {
                stream(jdbc, "SELECT msisdn FROM blacklist", (ps, i) -> i, rs -> f.blacklist.add(rs.getString(1)));
                stream(jdbc, "SELECT msisdn, channel FROM channel_optout", (ps, i) -> i,
                        rs -> {
                            f.optedOut.computeIfAbsent(rs.getString(2), c -> new MsisdnSet()).add(rs.getString(1));
                            f.anyOptOut.add(rs.getString(1));
                        });
                stream(jdbc, "SELECT msisdn, allowed_channels FROM greylist", (ps, i) -> i, rs -> {
                    f.greylisted.add(rs.getString(1));
                    for (String c : channels(rs.getArray(2))) {
                        f.allowedIfGrey.computeIfAbsent(c, k -> new MsisdnSet()).add(rs.getString(1));
                    }
                });
                stream(jdbc, "SELECT msisdn, holds, group_conflict FROM (" + HELD + ") h",
                        (ps, i) -> bindHeld(ps, i, in), rs -> {
                            if (rs.getBoolean(2)) {
                                f.holds.add(rs.getString(1));
                            }
                            if (rs.getBoolean(3)) {
                                f.groupConflict.add(rs.getString(1));
                            }
                        });
                return null;
            }));
            reads.add(pool.submit(() -> {
                stream(jdbc, "SELECT msisdn, sms_today >= ? OR sms_week >= ?, recent_similar FROM (" + HIST
                        + ") h WHERE sms_today >= ? OR sms_week >= ? OR recent_similar", (ps, i) -> {
                            ps.setLong(i++, rules.maxSmsPerDay());
                            ps.setLong(i++, rules.maxSmsPerWeek());
                            i = bindHist(ps, i, campaign, in);
                            ps.setLong(i++, rules.maxSmsPerDay());
                            ps.setLong(i++, rules.maxSmsPerWeek());
                            return i;
                        }, rs -> {
                            if (rs.getBoolean(2)) {
                                f.smsCapped.add(rs.getString(1));
                            }
                            if (rs.getBoolean(3)) {
                                f.recentSimilar.add(rs.getString(1));
                            }
                        });
                return null;
            }));
            IndexedCustomers index = null;
            for (Future<?> read : reads) {
                try {
                    Object got = read.get();
                    index = read == customers ? (IndexedCustomers) got : index;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("campaign " + campaign.id() + ": reading the contact policy's lists failed: "
                            + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the contact policy's lists", e);
                }
            }
            return new SideFacts(f.blacklist, f.anyOptOut, f.optedOut, f.greylisted, f.allowedIfGrey, f.holds, f.groupConflict,
                    f.smsCapped, f.recentSimilar, index);
        }

        private static Map<String, MsisdnSet> perChannel() {
            return new HashMap<>();
        }

        private interface Binder {
            int bind(PreparedStatement ps, int from) throws SQLException;
        }

        private interface Row {
            void accept(ResultSet rs) throws SQLException;
        }

        /** Streams a query's rows from a cursor (a read-only transaction of its own), so no result is held whole. */
        private static void stream(JdbcTemplate jdbc, String sql, Binder binder, Row row) throws SQLException {
            try (Connection con = jdbc.getDataSource().getConnection()) {
                con.setAutoCommit(false);
                try (Statement set = con.createStatement()) {
                    set.execute("SET LOCAL work_mem = '" + WORK_MEM + "'");
                }
                try (PreparedStatement ps = con.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    ps.setFetchSize(FETCH);
                    binder.bind(ps, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            row.accept(rs);
                        }
                    }
                } finally {
                    con.rollback();
                }
            }
        }
    }

    /** The facts of one customer that the policy needs. */
    record Facts(String msisdn, boolean blacklisted, Set<String> optouts, Set<String> greyAllowed, boolean known,
                 int status, int customerClass, String handset, boolean holds, boolean groupConflict, boolean smsCapped,
                 boolean recentSimilar) {
    }

    /** A decision: an exclusion code, or a channel and group. */
    record Outcome(String exclusion, String channel, boolean control, List<String> apps) {
        static Outcome excluded(String code) {
            return new Outcome(code, null, false, null);
        }
    }

    static Outcome decide(Facts f, CampaignDefinition d, Set<String> campaignChannels, AppCatalog.Matcher apps,
                           ChannelPreferences preferences) {
        if (f.blacklisted) {
            return Outcome.excluded("BLACKLIST");
        }
        Set<String> blocked = new HashSet<>();
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
            for (String c : campaignChannels) {
                if (!f.greyAllowed.contains(c)) {
                    blocked.add(c);
                }
            }
            if (blocked.containsAll(campaignChannels)) {
                return Outcome.excluded("GREYLIST");
            }
        }
        if (f.smsCapped) {
            blocked.add(SMS);
            if (blocked.containsAll(campaignChannels)) {
                return Outcome.excluded("FREQUENCY_CAP");
            }
        }
        if (f.recentSimilar) {
            return Outcome.excluded("RECENT_SIMILAR");
        }
        List<String> suitable = null;
        boolean mmUnsuitable = false;
        if (campaignChannels.contains(MM) && !blocked.contains(MM)) {
            suitable = apps == null ? List.of() : apps.suitable(f.handset);
            if (suitable.isEmpty()) {
                blocked.add(MM);
                mmUnsuitable = true;
            }
        }
        String channel = preferences.choose(f.customerClass, campaignChannels, blocked);
        return channel == null ? Outcome.excluded(mmUnsuitable ? "NO_SUITABLE_APP" : "NO_CHANNEL")
                : new Outcome(null, channel, ControlGroup.isControl(d.id(), f.msisdn, d.controlPercent()),
                MM.equals(channel) ? suitable : null);
    }

    /** A row of {@link #FACTS}. */
    private static Facts facts(ResultSet rs, CampaignDefinition.Rules rules) throws SQLException {
        Array grey = rs.getArray(5);
        return new Facts(rs.getString(1), rs.getBoolean(3), channels(rs.getArray(4)), grey == null ? null : channels(grey),
                rs.getBoolean(6), rs.getInt(7), rs.getInt(8), rs.getString(9), rs.getBoolean(10), rs.getBoolean(11),
                capped(rs.getLong(12), rs.getLong(13), rules), rs.getBoolean(14));
    }

    /** Frequency caps (§7.2 step 6): the customer's SMS today or this week, across campaigns, at the campaign's cap. */
    static boolean capped(long smsToday, long smsWeek, CampaignDefinition.Rules rules) {
        return smsToday >= rules.maxSmsPerDay() || smsWeek >= rules.maxSmsPerWeek();
    }

    private static Set<String> channels(Array array) throws SQLException {
        Set<String> out = new HashSet<>();
        if (array != null) {
            for (Object o : (Object[]) array.getArray()) {
                out.add(String.valueOf(o));
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
     * Rows for {@code COPY … FROM STDIN} in PostgreSQL's text format ({@link CopyText}), sent one chunk (about 1 MiB) at
     * a time, so memory stays flat however long the list: one COPY per chunk, or one COPY streamed chunk by chunk.
     */
    static final class CopyRows {

        private static final int CHUNK = 1 << 20;

        private final CopyManager copy;
        private final String sql;
        private final boolean streaming;
        private final CopyText rows = new CopyText(CHUNK + 4096);
        private CopyIn open;

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
            rows.field(value);
            return this;
        }

        CopyRows field(String value) {
            rows.field(value);
            return this;
        }

        void endRow() throws SQLException {
            rows.endRow();
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
            int bytes = rows.length();
            if (bytes == 0) {
                return;
            }
            if (streaming) {
                if (open == null) {
                    open = copy.copyIn(sql);
                }
                open.writeToCopy(rows.bytes(), 0, bytes);
            } else {
                try {
                    copy.copyIn(sql, new ByteArrayInputStream(rows.bytes(), 0, bytes));
                } catch (IOException e) {
                    throw new SQLException("COPY from memory failed: " + e.getMessage(), e);
                }
            }
            rows.clear();
        }
    }
}
