package com.carrier.hub.connector.sms;

/**
 * Hands out permission to send one submit_sm so that the account's licensed rate is never exceeded in any one-second
 * window, across every bind (and, with a shared implementation, across every hub instance). Every part of a long
 * message and every resubmission after ESME_RTHROTTLED takes its own permit.
 *
 * <p>A permit counts until one window after its submit_sm has been answered ({@link #release}), not after it was
 * granted or written: the SMSC received the submit_sm before it answered, so however long it spent in sockets and
 * queues on the way (a stalled reader, a GC pause), the SMSC cannot count more than the rate in any of its one-second
 * windows. That makes the limit exact at the SMSC without a jitter guard, at the price of about one round trip per
 * permit per window (under 1% at loopback or LAN latency). A submit_sm given up after the response timeout counts
 * from the moment it was given up.
 *
 * <p>The connector's default is {@link SlidingWindowRateLimiter} (one hub instance). A bean of this type replaces it.
 */
public interface SubmitRateLimiter {

    /** Blocks until one submit_sm may be sent now; returns the permit to pass to {@link #release}. */
    long acquire() throws InterruptedException;

    /**
     * The permit's submit_sm has been answered, or will not be (timeout, not written): its window starts now. Called
     * once per permit.
     */
    void release(long permit);

    /** The licensed rate this limiter enforces, per second; 0 means unlimited. */
    int ratePerSecond();
}
