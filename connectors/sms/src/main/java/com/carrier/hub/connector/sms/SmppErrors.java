package com.carrier.hub.connector.sms;

import org.jsmpp.extra.NegativeResponseException;

/** Why an SMPP exchange failed, said for a log or a health reason, never quoting the account's password. */
final class SmppErrors {

    private SmppErrors() {
    }

    /** Why it failed; jSMPP's own messages may quote the password, which is masked. */
    static String describe(Throwable e, String password) {
        String text = describeRaw(e);
        return password == null || password.isEmpty() ? text : text.replace(password, "******");
    }

    private static String describeRaw(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof NegativeResponseException n) {
                return "refused: " + SmppStatus.describe(n.getCommandStatus());
            }
            if (c instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
