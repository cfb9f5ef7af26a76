package com.carrier.hub.connector.sms;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Matches receipts to sent parts by canonical message id, including a receipt that arrives before the
 * submit_sm_resp carrying its id: such a receipt waits, briefly, for the submits that were in flight when it arrived.
 * Once they have all been answered and the id is still unknown, it is unknown for good; no receipt waits longer than
 * the configured bound.
 */
final class ReceiptCorrelator {

    record Sent(OutgoingSms message, int part, long atNanos) {
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final AtomicLong submitSequence = new AtomicLong();
    private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();

    /** Marks a submit_sm about to be written; returns its token for {@link #submitEnded}. */
    long submitStarted() {
        long token = submitSequence.incrementAndGet();
        inFlight.add(token);
        return token;
    }

    /** Called after {@link #register} (when answered) so that a waiting receipt sees the id before the end. */
    void submitEnded(long token) {
        inFlight.remove(token);
    }

    void register(String canonicalId, OutgoingSms message, int part) {
        sent.put(canonicalId, new Sent(message, part, System.nanoTime()));
    }

    void forget(String canonicalId) {
        sent.remove(canonicalId);
    }

    /** The sent part with this id, waiting up to {@code maxWait} while submits older than the call are in flight. */
    Sent match(String canonicalId, Duration maxWait) throws InterruptedException {
        Sent found = sent.get(canonicalId);
        if (found != null) {
            return found;
        }
        long horizon = submitSequence.get();
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            found = sent.get(canonicalId);
            if (found != null) {
                return found;
            }
            Long oldest = inFlight.isEmpty() ? null : inFlight.first();
            if (oldest == null || oldest > horizon) {
                return sent.get(canonicalId);
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    /** Drops parts sent longer ago than the retention; returns how many. */
    int expire(Duration retention) {
        long cutoff = System.nanoTime() - retention.toNanos();
        int before = sent.size();
        sent.values().removeIf(s -> s.atNanos() - cutoff < 0);
        return before - sent.size();
    }

    int remembered() {
        return sent.size();
    }

    int inFlight() {
        return inFlight.size();
    }
}
