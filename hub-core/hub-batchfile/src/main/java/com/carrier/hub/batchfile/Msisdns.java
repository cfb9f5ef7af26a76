package com.carrier.hub.batchfile;

/** MSISDN rule of PEERS.md (11 digits starting with 1), kept here so the engine needs no other hub module. */
final class Msisdns {

    private Msisdns() {
    }

    static boolean isValid(String v) {
        if (v.length() != 11 || v.charAt(0) != '1') {
            return false;
        }
        for (int i = 1; i < 11; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
