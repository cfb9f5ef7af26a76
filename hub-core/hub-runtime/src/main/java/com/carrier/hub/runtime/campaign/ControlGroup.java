package com.carrier.hub.runtime.campaign;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The deterministic control group of PEERS.md §7.2 step 8: the MD5 of {@code campaignId:msisdn}, its first 32 bits
 * read as an unsigned number, modulo 10,000, below {@code controlPercent × 100} → group C. The same customer of the
 * same campaign lands in the same group on every run, on every instance, and in SQL
 * ({@link #SQL}), so a re-run or a second hub never moves anyone.
 */
public final class ControlGroup {

    /** The same rule in PostgreSQL, for set-based policy runs: bind campaign id, then the percent. */
    public static final String SQL = "(('x' || substr(md5(? || ':' || msisdn), 1, 8))::bit(32)::bigint % 10000) < (? * 100)";

    private ControlGroup() {
    }

    public static boolean isControl(String campaignId, String msisdn, double controlPercent) {
        return bucket(campaignId, msisdn) < Math.round(controlPercent * 100);
    }

    /** 0–9,999: the customer's bucket in this campaign. */
    public static int bucket(String campaignId, String msisdn) {
        byte[] d = MD5.get().digest((campaignId + ":" + msisdn).getBytes(StandardCharsets.UTF_8));
        long first32 = ((d[0] & 0xFFL) << 24) | ((d[1] & 0xFFL) << 16) | ((d[2] & 0xFFL) << 8) | (d[3] & 0xFFL);
        return (int) (first32 % 10_000);
    }

    /** One digest per thread: looking the algorithm up costs more than hashing a key (millions per large list). */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    });
}
