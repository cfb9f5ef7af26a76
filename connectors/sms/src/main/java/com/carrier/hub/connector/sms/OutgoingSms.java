package com.carrier.hub.connector.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** One message on its way: its parts' outcomes, completed into a {@link SmsSendResult} once every part is resolved. */
final class OutgoingSms {

    final String msisdn;
    final String campaignId;
    final String contactId;
    final int parts;
    final CompletableFuture<SmsSendResult> result = new CompletableFuture<>();
    private final String[] ids;
    private final String[] failures;
    private final String[] unknown;
    private final String[] receiptStats;
    private final AtomicInteger remaining;

    OutgoingSms(SmsMessage message, int parts) {
        this.msisdn = message.msisdn();
        this.campaignId = message.campaignId();
        this.contactId = message.contactId();
        this.parts = parts;
        this.ids = new String[parts];
        this.failures = new String[parts];
        this.unknown = new String[parts];
        this.receiptStats = new String[parts];
        this.remaining = new AtomicInteger(parts);
    }

    void sent(int part, String id) {
        ids[part] = id;
        resolved();
    }

    void failed(int part, String reason) {
        failures[part] = reason;
        resolved();
    }

    void outcomeUnknown(int part, String reason) {
        unknown[part] = reason;
        resolved();
    }

    /** The message's reference in response events: the id of its first accepted part. */
    String reference() {
        for (String id : ids) {
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    synchronized void receipt(int part, String stat) {
        receiptStats[part] = stat;
    }

    /** e.g. {@code parts:2 part-stats:DELIVRD,UNDELIV}; empty for a single part. */
    synchronized String partSummary() {
        if (parts == 1) {
            return "";
        }
        StringBuilder s = new StringBuilder(" parts:").append(parts).append(" part-stats:");
        for (int i = 0; i < parts; i++) {
            s.append(i == 0 ? "" : ",").append(receiptStats[i] == null ? "-" : receiptStats[i]);
        }
        return s.toString();
    }

    private void resolved() {
        if (remaining.decrementAndGet() != 0) {
            return;
        }
        List<String> accepted = new ArrayList<>(parts);
        String failure = null;
        String unknownReason = null;
        int unknownParts = 0;
        for (int i = 0; i < parts; i++) {
            if (ids[i] != null) {
                accepted.add(ids[i]);
            }
            if (failure == null && failures[i] != null) {
                failure = parts == 1 ? failures[i] : "part " + (i + 1) + "/" + parts + ": " + failures[i];
            }
            if (unknown[i] != null) {
                unknownParts++;
            }
            if (unknownReason == null && unknown[i] != null) {
                unknownReason = parts == 1 ? unknown[i] : "part " + (i + 1) + "/" + parts + ": " + unknown[i];
            }
        }
        SmsSendResult.Status status = failure != null ? SmsSendResult.Status.FAILED
                : unknownReason != null ? SmsSendResult.Status.OUTCOME_UNKNOWN : SmsSendResult.Status.SENT;
        result.complete(new SmsSendResult(accepted, parts, status, failure != null ? failure : unknownReason,
                unknownParts));
    }
}
