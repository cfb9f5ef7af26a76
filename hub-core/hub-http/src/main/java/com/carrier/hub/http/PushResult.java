package com.carrier.hub.http;

/**
 * What became of one pushed item (an offer, a recommendation): accepted by the peer, refused by it with its reason,
 * or not delivered because the peer could not be reached.
 *
 * @param key    the item's idempotency key ({@code offerKey} or {@code recKey}, {@code campaignId:msisdn})
 * @param status the outcome
 * @param reason for FAILED the peer's reason as it gave it; for UNDELIVERED what failed and where; null when ACCEPTED
 */
public record PushResult(String key, Status status, String reason) {

    /** Outcomes of a push. */
    public enum Status {
        /** The peer stored the item. */
        ACCEPTED,
        /** The peer refused the item for the reason given: record a FAILED contact with it; retrying will not help. */
        FAILED,
        /** The peer was unreachable, kept failing or its circuit is open: nothing is known to be stored; push again later. */
        UNDELIVERED,
        /**
         * The peer refused this customer for a reason another channel could serve (the app's {@code NO_DEVICE}, PEERS §8):
         * the contact passes to the customer's next channel.
         */
        REFUSED
    }

    public static PushResult accepted(String key) {
        return new PushResult(key, Status.ACCEPTED, null);
    }

    public static PushResult failed(String key, String reason) {
        return new PushResult(key, Status.FAILED, reason);
    }

    public static PushResult undelivered(String key, String reason) {
        return new PushResult(key, Status.UNDELIVERED, reason);
    }

    public static PushResult refused(String key, String reason) {
        return new PushResult(key, Status.REFUSED, reason);
    }

    public boolean isAccepted() {
        return status == Status.ACCEPTED;
    }
}
