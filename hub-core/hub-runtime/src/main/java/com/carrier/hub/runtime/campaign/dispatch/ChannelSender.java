package com.carrier.hub.runtime.campaign.dispatch;

import java.util.List;
import java.util.Map;

import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition.Channel;

/**
 * Hands rendered contacts of one channel to its connector. Implementations wrap the SMS gateway, the portal and the
 * MM store clients; the dispatcher calls them in batches.
 */
public interface ChannelSender {

    Channel channel();

    /**
     * Whether a contact claimed but not known to be delivered may be sent again after a crash. True for the portal and
     * the MM store (their upserts are keyed campaignId:msisdn, so a repeat is harmless); false for SMS (a second SMS
     * to a customer is worse than a missing receipt).
     */
    boolean idempotent();

    /**
     * How many contacts are marked SUBMITTING and handed over at a time: after a crash at most this many of a
     * non-idempotent channel end OUTCOME_UNKNOWN. Small for SMS (its window), a peer's batch for HTTP pushes.
     */
    default int sliceSize() {
        return 500;
    }

    /**
     * How many messages the peer will take for this contact: an SMS split into parts is several submits. Stored when
     * the contact is marked SUBMITTING, so a contact whose outcome a crash left unknown is settled only once every
     * part has its receipt.
     */
    default int parts(Campaign campaign, Contact contact) {
        return 1;
    }

    /** One contact to send: the customer and the values its template is filled with. */
    record Contact(String msisdn, Map<String, String> vars) {
    }

    /** What became of one contact. */
    record Result(String msisdn, Status status, String reason, List<String> messageIds, int parts) {

        /** SENT, FAILED (peer refused; the reason says why), OUTCOME_UNKNOWN, or RETRY (peer not reached; try later). */
        public enum Status { SENT, FAILED, OUTCOME_UNKNOWN, RETRY }
    }

    /** Sends the batch and answers for every contact; never throws for one contact's trouble. */
    List<Result> send(Campaign campaign, List<Contact> contacts);
}
