package com.carrier.hub.runtime.campaign;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows of a large list still to decide (staged, no step-1 code), in memory and sorted by MSISDN: each row's
 * {@link IndexedCustomers#key key} in the high 34 bits of a {@code long} and its place in {@link #line} /
 * {@link #segment} in the low 30, about 20 bytes a row (200 MB for 10M). Read with one COPY and sorted in the hub,
 * where sorting numbers costs far less than the database sorting the list's text; decided in this order, the contacts
 * reach campaign_contact's primary key in key order. Every row has a valid MSISDN (staging coded the others
 * BAD_MSISDN) and no MSISDN twice (DUPLICATE).
 */
final class SortedTargets {

    private static final long ROW = (1L << IndexedCustomers.FACT_BITS) - 1;
    /** Segments are short codes an analyst chooses (§2.1): held once each, up to this many distinct ones. */
    private static final int SHARED_SEGMENTS = 65_536;

    private final long[] keys;
    private final long[] lines;
    private final String[] segments;
    private final int size;

    private SortedTargets(long[] keys, long[] lines, String[] segments, int size) {
        this.keys = keys;
        this.lines = lines;
        this.segments = segments;
        this.size = size;
    }

    /** Reads the undecided rows of the list on {@code con}; {@code atMost}: the list's rows (sizes the arrays). */
    static SortedTargets load(Connection con, String campaignId, String listId, long atMost) throws SQLException {
        if (atMost > ROW) {
            throw new IllegalStateException("list " + listId + ": " + atMost + " rows, more than " + ROW
                    + " cannot be decided at once");
        }
        int capacity = (int) atMost;
        long[] keys = new long[capacity];
        long[] lines = new long[capacity];
        String[] segments = new String[capacity];
        Map<String, String> shared = new HashMap<>();
        int size = 0;
        try (BinaryCopyOut copy = BinaryCopyOut.open(con, "SELECT msisdn, line_no, segment FROM campaign_target"
                + " WHERE campaign_id = " + BinaryCopyOut.literal(campaignId) + " AND list_id = " + BinaryCopyOut.literal(listId)
                + " AND code IS NULL")) {
            while (copy.next()) {
                int length = copy.textBytes();
                long key = IndexedCustomers.key(copy.bytes(), length);
                if (key < 0) {
                    throw new IllegalStateException("list " + listId + ": '" + new String(copy.bytes(), 0, Math.max(0, length),
                            java.nio.charset.StandardCharsets.UTF_8) + "' was staged without a BAD_MSISDN code");
                }
                if (size == capacity) {
                    throw new IllegalStateException("list " + listId + ": more rows to decide than the " + atMost + " staged");
                }
                lines[size] = copy.int8(0);
                String segment = copy.text();
                if (segment != null && shared.size() < SHARED_SEGMENTS) {
                    segment = shared.computeIfAbsent(segment, s -> s);
                } else if (segment != null) {
                    String known = shared.get(segment);
                    segment = known != null ? known : segment;
                }
                segments[size] = segment;
                keys[size] = IndexedCustomers.pack(key, size);
                size++;
            }
        }
        Arrays.sort(keys, 0, size);
        return new SortedTargets(keys, lines, segments, size);
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
        return lines[IndexedCustomers.lowOf(keys[i])];
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
