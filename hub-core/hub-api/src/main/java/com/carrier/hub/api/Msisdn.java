package com.carrier.hub.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Mainland mobile numbers (PEERS.md common rules): 11 digits starting with 1, never logged in clear. */
public final class Msisdn {

    /**
     * An 11-digit number starting with 1 inside a text, alone or after the country code 86 ({@code +86}), not part
     * of a longer run of digits: group 1 is what stays before the hidden digits, group 2 the last four.
     */
    private static final Pattern IN_TEXT = Pattern.compile("(?<![0-9])((?:\\+?86)?1[0-9]{2})[0-9]{4}([0-9]{4})(?![0-9])");

    private Msisdn() {
    }

    /** True when the value is 11 ASCII digits starting with {@code 1}. */
    public static boolean isValid(CharSequence value) {
        if (value == null || value.length() != 11 || value.charAt(0) != '1') {
            return false;
        }
        for (int i = 1; i < 11; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Masks a number for logs and messages: {@code 138****5678}. Anything not 11 long shows only its length. */
    public static String mask(CharSequence value) {
        if (value == null) {
            return null;
        }
        if (value.length() != 11) {
            return "<" + value.length() + " chars>";
        }
        return value.subSequence(0, 3) + "****" + value.subSequence(7, 11);
    }

    /**
     * Masks every mobile number in a free text, as {@link #mask} does ({@code 138****5678}): for texts that are not
     * ours, such as a PostgreSQL error's {@code Key (campaign_id, msisdn)=(7, 13812345678)}. Returns the text itself
     * when it holds none.
     */
    public static String maskAll(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = IN_TEXT.matcher(text);
        return m.find() ? m.replaceAll("$1****$2") : text;
    }
}
