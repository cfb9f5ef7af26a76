package com.carrier.hub.api.touchpoint;

import java.util.List;

/**
 * What became of one contact of a slice.
 *
 * @param msisdn     the customer
 * @param status     the outcome
 * @param reason     why it failed (the peer's code), or null
 * @param messageIds the peer's ids of what was sent (SMS message ids, which receipts name); empty when none
 * @param parts      messages it took, or 0 to keep the count stored at SUBMITTING
 */
public record ContactResult(String msisdn, Status status, String reason, List<String> messageIds, int parts) {

    /** The outcome of one contact. */
    public enum Status {
        /** The peer took it. */
        SENT,
        /** The peer refused it; the reason says why. It is not tried again. */
        FAILED,
        /** It may or may not have reached the peer (a timeout after the request left). */
        OUTCOME_UNKNOWN,
        /** The peer was not reached; the contact is tried again later. */
        RETRY,
        /**
         * The peer refused this customer for a reason another channel could serve ({@code NO_DEVICE}: no app installed,
         * PEERS §8); the reason says which. The campaign engine passes the contact to the customer's next channel.
         */
        REFUSED
    }

    public static ContactResult sent(String msisdn) {
        return new ContactResult(msisdn, Status.SENT, null, List.of(), 0);
    }

    public static ContactResult failed(String msisdn, String reason) {
        return new ContactResult(msisdn, Status.FAILED, reason, List.of(), 0);
    }

    /** The peer was not reached for it: tried again later. */
    public static ContactResult retry(String msisdn, String reason) {
        return new ContactResult(msisdn, Status.RETRY, reason, List.of(), 0);
    }

    /** It may or may not have reached the peer. */
    public static ContactResult unknown(String msisdn, String reason) {
        return new ContactResult(msisdn, Status.OUTCOME_UNKNOWN, reason, List.of(), 0);
    }

    public static ContactResult refused(String msisdn, String reason) {
        return new ContactResult(msisdn, Status.REFUSED, reason, List.of(), 0);
    }

    /**
     * The contact result of an HTTP push item: ACCEPTED is SENT, FAILED is FAILED, REFUSED (another channel may serve)
     * is REFUSED, anything else (the peer busy or not reached) is RETRY.
     */
    public static ContactResult ofPush(String msisdn, String pushStatus, String reason) {
        Status s = switch (pushStatus) {
            case "ACCEPTED" -> Status.SENT;
            case "FAILED" -> Status.FAILED;
            case "REFUSED" -> Status.REFUSED;
            default -> Status.RETRY;
        };
        return new ContactResult(msisdn, s, reason, List.of(), 0);
    }
}
