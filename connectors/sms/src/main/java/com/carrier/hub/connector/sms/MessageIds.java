package com.carrier.hub.connector.sms;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Brings SMSC message ids to one canonical form, so that a receipt quoting an id in decimal matches a submit_sm_resp
 * that gave it in hex (or the other way round): a numeric id becomes its decimal value without leading zeros; an id
 * that is not a number in the given format is kept, trimmed and lower-cased.
 */
public final class MessageIds {

    /** How an SMSC writes its ids in one place (submit_sm_resp or receipt). */
    public enum Format {
        /** Digits only are decimal, anything with a-f is hex. */
        AUTO,
        /** Always hexadecimal, even when only digits appear. */
        HEX,
        /** Always decimal. */
        DECIMAL
    }

    private MessageIds() {
    }

    public static String canonical(String id, Format format) {
        if (id == null) {
            return null;
        }
        String s = id.trim();
        if (s.isEmpty()) {
            return s;
        }
        boolean digits = s.chars().allMatch(c -> c >= '0' && c <= '9');
        boolean hex = s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
        if (s.length() > 40) {
            return s.toLowerCase(Locale.ROOT);
        }
        switch (format) {
            case DECIMAL:
                return digits ? new BigInteger(s).toString() : s.toLowerCase(Locale.ROOT);
            case HEX:
                return hex ? new BigInteger(s, 16).toString() : s.toLowerCase(Locale.ROOT);
            default:
                if (digits) {
                    return new BigInteger(s).toString();
                }
                return hex ? new BigInteger(s, 16).toString() : s.toLowerCase(Locale.ROOT);
        }
    }
}
