package com.carrier.hub.runtime.campaign;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.springframework.jdbc.core.JdbcTemplate;

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

    static SideFacts load(JdbcTemplate jdbc, Campaign campaign, PolicyInputs in, ExecutorService pool) {
        SideFacts f = new SideFacts(new MsisdnSet(), new MsisdnSet(), perChannel(), new MsisdnSet(), perChannel(), new MsisdnSet(),
                new MsisdnSet(), new MsisdnSet(), new MsisdnSet(), null);
        CampaignDefinition.Rules rules = in.d().rules();
        List<Future<?>> reads = new ArrayList<>();
        // the longest read first: with fewer threads than reads, it must not be the one left waiting
        Future<IndexedCustomers> customers = pool.submit(() -> {
            try (Connection con = jdbc.getDataSource().getConnection()) {
                con.setAutoCommit(false);
                try {
                    return IndexedCustomers.load(con, in.apps() != null);
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
                for (String c : PolicyRules.channels(rs.getArray(2))) {
                    f.allowedIfGrey.computeIfAbsent(c, k -> new MsisdnSet()).add(rs.getString(1));
                }
            });
            stream(jdbc, "SELECT msisdn, holds, group_conflict FROM (" + PolicyQueries.HELD + ") h",
                    (ps, i) -> PolicyQueries.bindHeld(ps, i, in), rs -> {
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
            stream(jdbc, "SELECT msisdn, sms_today >= ? OR sms_week >= ?, recent_similar FROM (" + PolicyQueries.HIST
                    + ") h WHERE sms_today >= ? OR sms_week >= ? OR recent_similar", (ps, i) -> {
                        ps.setLong(i++, rules.maxSmsPerDay());
                        ps.setLong(i++, rules.maxSmsPerWeek());
                        i = PolicyQueries.bindHist(ps, i, campaign, in);
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

    interface Binder {
        int bind(PreparedStatement ps, int from) throws SQLException;
    }

    interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Streams a query's rows from a cursor (a read-only transaction of its own), so no result is held whole. */
    static void stream(JdbcTemplate jdbc, String sql, Binder binder, Row row) throws SQLException {
        try (Connection con = jdbc.getDataSource().getConnection()) {
            con.setAutoCommit(false);
            try (Statement set = con.createStatement()) {
                set.execute("SET LOCAL work_mem = '" + ContactPolicy.WORK_MEM + "'");
            }
            try (PreparedStatement ps = con.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(ContactPolicy.FETCH);
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
