package com.carrier.hub.connector.sms;

import java.util.List;

/**
 * What became of one {@link SmsMessage}.
 *
 * @param messageIds the SMSC's message id of each accepted part, in part order, in the canonical form receipts are
 *                   matched by (see {@link MessageIds}); the first is the message's reference in response events
 * @param parts      how many parts the text was split into (0 when it was rejected before sending)
 * @param status     SENT when the SMSC accepted every part; FAILED when a part was refused or the input was bad;
 *                   OUTCOME_UNKNOWN when a part's submit_sm_resp never came (it may or may not have been sent)
 * @param reason     for FAILED and OUTCOME_UNKNOWN, what happened and where; null when SENT
 * @param unknownParts how many parts went out without a submit_sm_resp (the SMSC may or may not have accepted them);
 *                   {@code messageIds.size()} parts are surely accepted, and the rest of {@code parts} surely not
 */
public record SmsSendResult(List<String> messageIds, int parts, Status status, String reason, int unknownParts) {

    /** Outcome of a send. */
    public enum Status { SENT, FAILED, OUTCOME_UNKNOWN }

    public SmsSendResult {
        messageIds = messageIds == null ? List.of() : List.copyOf(messageIds);
    }

    /** A result whose unanswered parts are all those not accepted when it is OUTCOME_UNKNOWN, none otherwise. */
    public SmsSendResult(List<String> messageIds, int parts, Status status, String reason) {
        this(messageIds, parts, status, reason, status == Status.OUTCOME_UNKNOWN
                ? Math.max(0, parts - (messageIds == null ? 0 : messageIds.size())) : 0);
    }

    static SmsSendResult rejected(String reason) {
        return new SmsSendResult(List.of(), 0, Status.FAILED, reason);
    }

    public boolean sent() {
        return status == Status.SENT;
    }
}
