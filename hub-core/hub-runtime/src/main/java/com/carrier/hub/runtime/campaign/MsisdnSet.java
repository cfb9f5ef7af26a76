package com.carrier.hub.runtime.campaign;

import java.util.HashSet;
import java.util.Set;

import org.roaringbitmap.longlong.PeekableLongIterator;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * A set of MSISDNs as the database compares them (text equality), held compactly: numbers in their canonical decimal
 * form (no sign, no leading zero: every valid MSISDN) in a 64-bit RoaringBitmap, about a byte each for millions of
 * numbers; any other text as it is. Filled by one thread, then read by many ({@link #contains} and {@link #walk} do not
 * modify).
 */
final class MsisdnSet {

    private final Roaring64Bitmap numbers = new Roaring64Bitmap();
    private final Set<String> others = new HashSet<>();

    void add(String msisdn) {
        long n = canonical(msisdn);
        if (n >= 0) {
            numbers.addLong(n);
        } else {
            others.add(msisdn);
        }
    }

    boolean contains(String msisdn) {
        return contains(canonical(msisdn), msisdn);
    }

    /** {@link #contains(String)} for a number already parsed: {@code n} is {@link #canonical}{@code (msisdn)}. */
    boolean contains(long n, String msisdn) {
        // (Roaring64Bitmap.isEmpty() counts every container: not a cheap test)
        return n >= 0 ? numbers.contains(n) : !others.isEmpty() && others.contains(msisdn);
    }

    /**
     * Membership of numbers asked in ascending order, for one thread: walks the set alongside them, so a list sorted by
     * MSISDN is matched in one pass (look-ups, each descending the bitmap's tree, were a third of the hub's CPU deciding
     * a 10M list).
     */
    Walk walk() {
        return new Walk();
    }

    /** {@link #contains} for numbers in ascending order; each number asked must be at least the one asked before. */
    final class Walk {
        private final PeekableLongIterator next = numbers.getLongIterator();
        private long last = -1;

        boolean contains(long n, String msisdn) {
            if (n < 0) {
                return MsisdnSet.this.contains(n, msisdn);
            }
            if (n < last) {
                throw new IllegalStateException("numbers out of order: " + n + " after " + last);
            }
            last = n;
            next.advanceIfNeeded(n);
            return next.hasNext() && next.peekNext() == n;
        }
    }

    long size() {
        return numbers.getLongCardinality() + others.size();
    }

    /** The number a text is the canonical decimal form of, or -1 (texts that differ must never map to one number). */
    static long canonical(String s) {
        int n = s.length();
        if (n == 0 || n > 18 || s.charAt(0) == '0' && n > 1) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
