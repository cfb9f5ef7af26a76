package com.carrier.hub.connector.sms;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** The connector's counters: shown in its health details and, when a registry is present, as Micrometer meters. */
public final class SmsStatistics {

    final AtomicLong messagesSent = new AtomicLong();
    final AtomicLong messagesFailed = new AtomicLong();
    final AtomicLong messagesOutcomeUnknown = new AtomicLong();
    final AtomicLong submits = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong resubmits = new AtomicLong();
    final AtomicLong receiptsMatched = new AtomicLong();
    final AtomicLong receiptsOfEarlierParts = new AtomicLong();
    final AtomicLong receiptsUnmatched = new AtomicLong();
    final AtomicLong replies = new AtomicLong();
    final AtomicLong optOuts = new AtomicLong();
    final AtomicLong inboundRejected = new AtomicLong();
    final AtomicLong storeFailures = new AtomicLong();
    final AtomicLong binds = new AtomicLong();
    volatile String lastUnmatchedReceipt;
    private final Deque<String> lastRejections = new ArrayDeque<>();

    void rejected(String reason) {
        inboundRejected.incrementAndGet();
        synchronized (lastRejections) {
            lastRejections.addFirst(reason);
            while (lastRejections.size() > 10) {
                lastRejections.removeLast();
            }
        }
    }

    public long messagesSent() {
        return messagesSent.get();
    }

    public long messagesFailed() {
        return messagesFailed.get();
    }

    public long messagesOutcomeUnknown() {
        return messagesOutcomeUnknown.get();
    }

    public long submits() {
        return submits.get();
    }

    public long throttled() {
        return throttled.get();
    }

    public long receiptsMatched() {
        return receiptsMatched.get();
    }

    public long receiptsUnmatched() {
        return receiptsUnmatched.get();
    }

    public long inboundRejected() {
        return inboundRejected.get();
    }

    public List<String> lastRejections() {
        synchronized (lastRejections) {
            return new ArrayList<>(lastRejections);
        }
    }

    /** Counters by name, for health details. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("messagesSent", messagesSent.get());
        m.put("messagesFailed", messagesFailed.get());
        m.put("messagesOutcomeUnknown", messagesOutcomeUnknown.get());
        m.put("submits", submits.get());
        m.put("throttledResubmits", throttled.get());
        m.put("receiptsMatched", receiptsMatched.get());
        m.put("receiptsOfEarlierParts", receiptsOfEarlierParts.get());
        m.put("receiptsUnmatched", receiptsUnmatched.get());
        if (lastUnmatchedReceipt != null) {
            m.put("lastUnmatchedReceipt", lastUnmatchedReceipt);
        }
        m.put("replies", replies.get());
        m.put("optOuts", optOuts.get());
        m.put("inboundRejected", inboundRejected.get());
        List<String> rejections = lastRejections();
        if (!rejections.isEmpty()) {
            m.put("lastInboundRejections", rejections);
        }
        m.put("storeFailures", storeFailures.get());
        m.put("bindsOpened", binds.get());
        return m;
    }

    /** Registers the counters as {@code hub.sms.*} meters. */
    public void bindTo(MeterRegistry registry) {
        counter(registry, "hub.sms.messages", "result", "sent", messagesSent);
        counter(registry, "hub.sms.messages", "result", "failed", messagesFailed);
        counter(registry, "hub.sms.messages", "result", "outcome_unknown", messagesOutcomeUnknown);
        counter(registry, "hub.sms.submits", "result", "sent", submits);
        counter(registry, "hub.sms.submits", "result", "throttled", throttled);
        counter(registry, "hub.sms.receipts", "result", "matched", receiptsMatched);
        counter(registry, "hub.sms.receipts", "result", "earlier_part", receiptsOfEarlierParts);
        counter(registry, "hub.sms.receipts", "result", "unmatched", receiptsUnmatched);
        counter(registry, "hub.sms.inbound", "result", "replied", replies);
        counter(registry, "hub.sms.inbound", "result", "unsubscribed", optOuts);
        counter(registry, "hub.sms.inbound", "result", "rejected", inboundRejected);
        counter(registry, "hub.sms.inbound", "result", "store_failed", storeFailures);
    }

    private static void counter(MeterRegistry registry, String name, String tag, String value, AtomicLong source) {
        FunctionCounter.builder(name, source, AtomicLong::doubleValue).tag(tag, value).register(registry);
    }
}
