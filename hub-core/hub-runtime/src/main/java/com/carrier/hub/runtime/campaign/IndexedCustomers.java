package com.carrier.hub.runtime.campaign;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the contact policy needs of every live customer of the index (§1.1), held in memory for a large list: whether the
 * customer is active (status 1), their class (§6) and, for a campaign that may use the MM store, their handset model. A
 * customer is one {@code long}: the MSISDN (a valid one: 11 digits from 1, so less than 2^34 above {@link #BASE}) in
 * the high 34 bits and the facts in the low 30, sorted by MSISDN, about 8 bytes a customer (80 MB for 10M). A list
 * sorted the same way is then joined to it by one merge pass ({@link Cursor}), instead of the database hashing the whole
 * index for each list. Deleted customers and numbers that are not valid MSISDNs are left out: no valid list row can
 * match them, and a customer who is not here is UNKNOWN_CUSTOMER.
 */
final class IndexedCustomers {

    /** The smallest valid MSISDN: 1 followed by ten digits. */
    static final long BASE = 10_000_000_000L;
    static final int FACT_BITS = 30;
    private static final long FACTS = (1L << FACT_BITS) - 1;
    private static final long ACTIVE = 1L << 29;
    /** The customer's class, as its number among the classes seen (8 bits: up to 256 distinct classes). */
    private static final int CLASS_SHIFT = 21;
    private static final int MAX_CLASSES = 256;
    /** Handset models are numbered from 1 in the low 21 bits (0: none, or not loaded). */
    private static final int MAX_HANDSETS = (1 << CLASS_SHIFT) - 1;

    private final long[] customers;
    private final int size;
    private final String[] handsets;
    private final int[] classes;

    private IndexedCustomers(long[] customers, int size, String[] handsets, int[] classes) {
        this.customers = customers;
        this.size = size;
        this.handsets = handsets;
        this.classes = classes;
    }

    /**
     * Reads the live customers on {@code con} (one COPY of the index, unordered) and sorts them. Handset models are read
     * only when {@code handsets} is set (only a campaign matching MM apps to the handset needs them).
     */
    static IndexedCustomers load(Connection con, boolean handsets) throws SQLException {
        long estimate = 0;
        try (var st = con.createStatement();
             var rs = st.executeQuery("SELECT reltuples::bigint FROM pg_class WHERE oid = 'customer'::regclass")) {
            if (rs.next()) {
                estimate = rs.getLong(1);
            }
        }
        long[] packed = new long[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(1024, estimate + estimate / 20))];
        int size = 0;
        Map<String, Integer> models = new HashMap<>();
        List<String> modelList = new ArrayList<>();
        Map<Integer, Integer> classCodes = new HashMap<>();
        int[] classes = new int[MAX_CLASSES];
        try (BinaryCopyOut copy = BinaryCopyOut.open(con, "SELECT msisdn, status = 1, customer_class::int4"
                + (handsets ? ", handset_model" : "") + " FROM customer WHERE NOT deleted")) {
            while (copy.next()) {
                int length = copy.textBytes();
                long key = key(copy.bytes(), length);
                boolean active = copy.bool(false);
                int customerClass = copy.int4(0);
                Integer classCode = classCodes.get(customerClass);
                if (classCode == null) {
                    if (classCodes.size() == MAX_CLASSES) {
                        throw new IllegalStateException("the customer index has more than " + MAX_CLASSES
                                + " customer classes");
                    }
                    classCode = classCodes.size();
                    classes[classCode] = customerClass;
                    classCodes.put(customerClass, classCode);
                }
                int model = 0;
                if (handsets) {
                    String handset = copy.text();
                    if (handset != null) {
                        Integer known = models.get(handset);
                        if (known == null) {
                            if (modelList.size() == MAX_HANDSETS) {
                                throw new IllegalStateException("the customer index has more than " + MAX_HANDSETS
                                        + " handset models");
                            }
                            modelList.add(handset);
                            known = modelList.size();
                            models.put(handset, known);
                        }
                        model = known;
                    }
                }
                if (key < 0) {
                    continue;
                }
                if (size == packed.length) {
                    packed = Arrays.copyOf(packed, (int) Math.min(Integer.MAX_VALUE - 8, packed.length + (packed.length >> 1)));
                }
                packed[size++] = pack(key, (active ? ACTIVE : 0) | (long) classCode << CLASS_SHIFT | model);
            }
        }
        Arrays.sort(packed, 0, size);
        String[] names = new String[modelList.size() + 1];
        for (int i = 0; i < modelList.size(); i++) {
            names[i + 1] = modelList.get(i);
        }
        return new IndexedCustomers(packed, size, names, classes);
    }

    int size() {
        return size;
    }

    /**
     * A key (34 bits) and 30 low bits as one {@code long} that sorts (signed, as {@link Arrays#sort(long[])} does) by
     * key: keys from 2^33 up would set the sign bit, so it is flipped.
     */
    static long pack(long key, long low) {
        return (key << FACT_BITS | low) ^ Long.MIN_VALUE;
    }

    /** The key of a {@link #pack packed} value. */
    static long keyOf(long packed) {
        return (packed ^ Long.MIN_VALUE) >>> FACT_BITS;
    }

    /** The low 30 bits of a {@link #pack packed} value. */
    static int lowOf(long packed) {
        return (int) (packed & FACTS);
    }

    /**
     * The key of a valid MSISDN ({@link com.carrier.hub.api.Msisdn#isValid}) given as UTF-8 bytes: the number less
     * {@link #BASE}; -1 for anything else (NULL included: {@code length} -1).
     */
    static long key(byte[] text, int length) {
        if (length != 11 || text[0] != '1') {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < 11; i++) {
            int d = text[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v - BASE;
    }

    /** The key of a valid MSISDN, -1 for any other text. */
    static long key(String msisdn) {
        byte[] bytes = msisdn.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return key(bytes, bytes.length);
    }

    /** A walk through the customers in MSISDN order, for keys asked in ascending order. */
    Cursor cursor() {
        return new Cursor();
    }

    final class Cursor {
        private int at;
        private long facts = -1;

        /**
         * Moves to {@code key} (not below the key asked before) and tells whether a live customer has it; its facts
         * are then {@link #active()}, {@link #customerClass()} and {@link #handset()}. The first call searches.
         */
        boolean seek(long key) {
            if (at == 0 && size > 0 && keyOf(customers[0]) < key) {
                at = search(key);
            }
            while (at < size && keyOf(customers[at]) < key) {
                at++;
            }
            facts = at < size && keyOf(customers[at]) == key ? lowOf(customers[at]) : -1;
            return facts >= 0;
        }

        private int search(long key) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (keyOf(customers[mid]) < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        boolean active() {
            return (facts & ACTIVE) != 0;
        }

        int customerClass() {
            return classes[(int) (facts >>> CLASS_SHIFT & (MAX_CLASSES - 1))];
        }

        String handset() {
            return handsets[(int) (facts & MAX_HANDSETS)];
        }
    }
}
