package com.carrier.hub.runtime.campaign;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows of a large list still to decide (staged, no step-1 code), in memory and sorted by MSISDN: each row's
 * {@link IndexedCustomers#key key} in the high 34 bits of a {@code long} and its line (less the list's first) in the
 * low 30, with its segment in an array by line: about 12 bytes a row (120 MB for 10M). Kept as staging writes the rows
 * ({@link Builder}), or read back by binary COPY, and sorted in the hub, where sorting numbers costs far less than the
 * database sorting the list's text; decided in this order,
 * the contacts reach campaign_contact's primary key in key order. Every row has a valid MSISDN (staging coded the others
 * BAD_MSISDN) and no MSISDN twice (DUPLICATE).
 */
final class SortedTargets {

    private static final long ROW = (1L << IndexedCustomers.FACT_BITS) - 1;
    /** Segments are short codes an analyst chooses (§2.1): held once each, up to this many distinct ones. */
    private static final int SHARED_SEGMENTS = 65_536;

    private final long[] keys;
    private final long first;
    private final String[] segments;
    private final int size;

    private SortedTargets(long[] keys, long first, String[] segments, int size) {
        this.keys = keys;
        this.first = first;
        this.segments = segments;
        this.size = size;
    }

    /**
     * Reads the undecided rows of the list on {@code con} (one transaction: its lines' span, then one COPY of the rows).
     * A row's place in the arrays is its line less the list's first line.
     */
    static SortedTargets load(Connection con, String campaignId, String listId) throws SQLException {
        long first;
        long last;
        try (PreparedStatement ps = con.prepareStatement("SELECT coalesce(min(line_no), 1), coalesce(max(line_no), 0)"
                + " FROM campaign_target WHERE campaign_id = ? AND list_id = ?")) {
            ps.setString(1, campaignId);
            ps.setString(2, listId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                first = rs.getLong(1);
                last = rs.getLong(2);
            }
        }
        if (last - first + 1 > ROW) {
            throw new IllegalStateException("list " + listId + ": lines " + first + " to " + last + ", more than " + ROW
                    + " cannot be decided at once");
        }
        Builder rows = new Builder(first, (int) (last - first + 1));
        try (BinaryCopyOut copy = BinaryCopyOut.open(con, "SELECT msisdn, line_no, segment FROM campaign_target"
                + " WHERE campaign_id = " + BinaryCopyOut.literal(campaignId) + " AND list_id = "
                + BinaryCopyOut.literal(listId) + " AND code IS NULL")) {
            while (copy.next()) {
                int length = copy.textBytes();
                long key = IndexedCustomers.key(copy.bytes(), length);
                if (key < 0) {
                    throw new IllegalStateException("list " + listId + ": '" + new String(copy.bytes(), 0,
                            Math.max(0, length), StandardCharsets.UTF_8) + "' was staged without a BAD_MSISDN code");
                }
                rows.add(copy.int8(first), key, copy.text());
            }
        }
        return rows.build();
    }

    /**
     * Collects the rows of a list, in any order, then sorts them ({@link #build}): the rows read back from the database,
     * or the rows staging writes as it goes (their lines ascending from the first). A row whose line falls before the
     * first or too far after it for one list makes the collection {@link #usable() unusable} (the rows are then read
     * back from the database instead).
     */
    static final class Builder {

        private final long first;
        private final Map<String, String> shared = new HashMap<>();
        private long[] keys;
        private String[] segments;
        private int size;
        private boolean usable = true;

        /** Rows from line {@code first}, room for {@code capacity} lines to begin with (more is made as needed). */
        Builder(long first, int capacity) {
            this.first = first;
            this.keys = new long[Math.max(16, capacity)];
            this.segments = new String[keys.length];
        }

        /** A row to decide: its line, its MSISDN's {@link IndexedCustomers#key key} and its segment. */
        void add(long line, long key, String segment) {
            long slot = line - first;
            if (!usable || slot < 0 || slot > ROW || key < 0) {
                usable = false;
                return;
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, grown(keys.length));
            }
            if (slot >= segments.length) {
                segments = Arrays.copyOf(segments, (int) Math.max(slot + 1, grown(segments.length)));
            }
            if (segment != null) {
                String known = shared.get(segment);
                if (known != null) {
                    segment = known;
                } else if (shared.size() < SHARED_SEGMENTS) {
                    shared.put(segment, segment);
                }
            }
            segments[(int) slot] = segment;
            keys[size++] = IndexedCustomers.pack(key, (int) slot);
        }

        boolean usable() {
            return usable;
        }

        /** The rows sorted by MSISDN. */
        SortedTargets build() {
            if (!usable) {
                throw new IllegalStateException("the rows collected do not make one list");
            }
            Arrays.sort(keys, 0, size);
            return new SortedTargets(keys, first, segments, size);
        }

        private static int grown(int length) {
            return (int) Math.min(ROW + 1, length + (length >> 1) + 16);
        }
    }

    int size() {
        return size;
    }

    /** The {@link IndexedCustomers#key key} of the i-th row in MSISDN order. */
    long key(int i) {
        return IndexedCustomers.keyOf(keys[i]);
    }

    /** The list line of the i-th row in MSISDN order. */
    long line(int i) {
        return first + IndexedCustomers.lowOf(keys[i]);
    }

    String segment(int i) {
        return segments[IndexedCustomers.lowOf(keys[i])];
    }

    /**
     * Where each of {@code parts} parts of the rows begins, in MSISDN order, and where the last ends ({@code parts + 1}
     * positions): equal ranges of the sorted rows, so the same rows always make the same parts, and each part's
     * contacts go to their own stretch of the primary key.
     */
    int[] bounds(int parts) {
        int[] bounds = new int[parts + 1];
        for (int p = 0; p <= parts; p++) {
            bounds[p] = (int) ((long) size * p / parts);
        }
        return bounds;
    }
}
