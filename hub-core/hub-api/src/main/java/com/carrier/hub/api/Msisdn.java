package com.carrier.hub.api;

/** Mainland mobile numbers (PEERS.md common rules): 11 digits starting with 1, never logged in clear. */
public final class Msisdn {

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
}
