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
        boolean digits = true;
        boolean hex = true;
        for (int i = 0; i < s.length() && hex; i++) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            digits &= digit;
            hex = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
        if (s.length() > 40) {
            return s.toLowerCase(Locale.ROOT);
        }
        switch (format) {
            case DECIMAL:
                return digits ? number(s, 10) : s.toLowerCase(Locale.ROOT);
            case HEX:
                return hex ? number(s, 16) : s.toLowerCase(Locale.ROOT);
            default:
                if (digits) {
                    return number(s, 10);
                }
                return hex ? number(s, 16) : s.toLowerCase(Locale.ROOT);
        }
    }

    /** The decimal value of digits in the radix; a long where it fits (every receipt passes here), else a BigInteger. */
    private static String number(String digits, int radix) {
        if (digits.length() <= (radix == 10 ? 18 : 15)) {
            return Long.toString(Long.parseLong(digits, radix));
        }
        return new BigInteger(digits, radix).toString();
    }
}
